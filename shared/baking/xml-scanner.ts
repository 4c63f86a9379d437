import { BakingErrorCode, bakingError } from './baking-errors.js';

/**
 * A strict, linear-time XML tokenizer for SVG documents. It never expands entities: only the five predefined
 * ones and character references are decoded, and a DOCTYPE with an internal subset (where entity
 * declarations live) is refused. Every search moves forward from the current position and every failure
 * stops the scan, so the cost is linear in the input whatever it contains.
 */
export interface XmlAttribute {
  name: string;
  value: string;
  /** Span of `name="value"` in the source. */
  start: number;
  end: number;
}

export type XmlToken =
  | {
      kind: 'start';
      name: string;
      attributes: XmlAttribute[];
      selfClosing: boolean;
      start: number;
      end: number;
    }
  | { kind: 'end'; name: string; start: number; end: number }
  | { kind: 'text'; value: string; whitespaceOnly: boolean; start: number; end: number }
  | { kind: 'cdata'; value: string; start: number; end: number }
  | { kind: 'comment' | 'instruction' | 'doctype'; start: number; end: number };

const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = {
  lt: '<',
  gt: '>',
  amp: '&',
  apos: "'",
  quot: '"',
};
/** `&#x10FFFF;` is the longest reference that can be valid. */
const MAX_REFERENCE_LENGTH = 10;
const WHITESPACE_ONLY = /^[ \t\r\n]*$/;
const BYTE_ORDER_MARK = '\uFEFF';

export function invalidXml(reason: string, offset: number) {
  return bakingError(BakingErrorCode.SVG_INVALID, `invalid SVG: ${reason}`, { offset });
}

export class XmlScanner {
  private position: number;

  constructor(private readonly source: string) {
    this.position = source.startsWith(BYTE_ORDER_MARK) ? 1 : 0;
  }

  /** The next token, or undefined at the end of the input. */
  next(): XmlToken | undefined {
    const start = this.position;
    if (start >= this.source.length) return undefined;
    if (this.source[start] !== '<') return this.text(start);
    if (this.source.startsWith('<!--', start)) return this.comment(start);
    if (this.source.startsWith('<![CDATA[', start)) return this.cdata(start);
    if (this.source.startsWith('<!DOCTYPE', start)) return this.doctype(start);
    if (this.source.startsWith('<!', start)) throw invalidXml('unexpected markup declaration', start);
    if (this.source.startsWith('<?', start)) return this.instruction(start);
    if (this.source.startsWith('</', start)) return this.endTag(start);
    return this.startTag(start);
  }

  private text(start: number): XmlToken {
    const next = this.source.indexOf('<', start);
    const end = next < 0 ? this.source.length : next;
    const raw = this.source.slice(start, end);
    if (raw.includes(']]>')) throw invalidXml("']]>' outside a CDATA section", start);
    this.position = end;
    const value = decodeReferences(normalizeLineEnds(raw), start);
    return { kind: 'text', value, whitespaceOnly: WHITESPACE_ONLY.test(raw), start, end };
  }

  private comment(start: number): XmlToken {
    const dashes = this.source.indexOf('--', start + 4);
    if (dashes < 0) throw invalidXml('unterminated comment', start);
    if (this.source[dashes + 2] !== '>') throw invalidXml("'--' inside a comment", dashes);
    this.position = dashes + 3;
    return { kind: 'comment', start, end: this.position };
  }

  private cdata(start: number): XmlToken {
    const contentStart = start + '<![CDATA['.length;
    const close = this.source.indexOf(']]>', contentStart);
    if (close < 0) throw invalidXml('unterminated CDATA section', start);
    this.position = close + 3;
    return {
      kind: 'cdata',
      value: normalizeLineEnds(this.source.slice(contentStart, close)),
      start,
      end: this.position,
    };
  }

  private doctype(start: number): XmlToken {
    let at = start + '<!DOCTYPE'.length;
    while (at < this.source.length) {
      const char = this.source[at];
      if (char === '>') {
        this.position = at + 1;
        return { kind: 'doctype', start, end: this.position };
      }
      if (char === '[') throw invalidXml('DOCTYPE internal subsets (entity declarations) are refused', at);
      if (char === '"' || char === "'") {
        const close = this.source.indexOf(char, at + 1);
        if (close < 0) break;
        at = close + 1;
      } else {
        at++;
      }
    }
    throw invalidXml('unterminated DOCTYPE', start);
  }

  private instruction(start: number): XmlToken {
    const close = this.source.indexOf('?>', start + 2);
    if (close < 0) throw invalidXml('unterminated processing instruction', start);
    const target = this.readName(start + 2);
    const atDocumentStart = start === 0 || (start === 1 && this.source.startsWith(BYTE_ORDER_MARK));
    if (target.toLowerCase() === 'xml' && !atDocumentStart) {
      throw invalidXml('XML declaration not at the start of the document', start);
    }
    this.position = close + 2;
    return { kind: 'instruction', start, end: this.position };
  }

  private endTag(start: number): XmlToken {
    const name = this.readName(start + 2);
    const close = this.skipWhitespace(start + 2 + name.length);
    if (this.source[close] !== '>') throw invalidXml(`malformed end tag </${name}>`, start);
    this.position = close + 1;
    return { kind: 'end', name, start, end: this.position };
  }

  private startTag(start: number): XmlToken {
    const name = this.readName(start + 1);
    const attributes: XmlAttribute[] = [];
    let at = start + 1 + name.length;
    for (;;) {
      const afterSpace = this.skipWhitespace(at);
      const char = this.source[afterSpace];
      if (char === '>' || (char === '/' && this.source[afterSpace + 1] === '>')) {
        const selfClosing = char === '/';
        this.position = afterSpace + (selfClosing ? 2 : 1);
        return { kind: 'start', name, attributes, selfClosing, start, end: this.position };
      }
      if (char === undefined) throw invalidXml(`unterminated start tag <${name}>`, start);
      if (afterSpace === at) throw invalidXml(`missing space between attributes in <${name}>`, at);
      const attribute = this.readAttribute(afterSpace);
      attributes.push(attribute);
      at = attribute.end;
    }
  }

  private readAttribute(start: number): XmlAttribute {
    const name = this.readName(start);
    const equals = this.skipWhitespace(start + name.length);
    if (this.source[equals] !== '=') throw invalidXml(`attribute ${name} has no value`, start);
    const open = this.skipWhitespace(equals + 1);
    const quote = this.source[open];
    if (quote !== '"' && quote !== "'") throw invalidXml(`attribute ${name} is not quoted`, open);
    const close = this.source.indexOf(quote, open + 1);
    if (close < 0) throw invalidXml(`unterminated value of attribute ${name}`, open);
    const raw = this.source.slice(open + 1, close);
    if (raw.includes('<')) throw invalidXml(`'<' in the value of attribute ${name}`, open);
    return {
      name,
      value: decodeReferences(normalizeAttributeWhitespace(raw), open + 1),
      start,
      end: close + 1,
    };
  }

  private readName(start: number): string {
    let end = start;
    while (end < this.source.length && isNameChar(this.source.charCodeAt(end), end === start)) end++;
    if (end === start) throw invalidXml('expected a name', start);
    return this.source.slice(start, end);
  }

  private skipWhitespace(start: number): number {
    let at = start;
    while (at < this.source.length && isWhitespace(this.source.charCodeAt(at))) at++;
    return at;
  }
}

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/** XML name characters; every non-ASCII character is accepted, as the specification's ranges nearly do. */
function isNameChar(code: number, first: boolean): boolean {
  const letter = (code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a;
  if (letter || code === 0x5f || code === 0x3a || code >= 0x80) return true;
  return !first && ((code >= 0x30 && code <= 0x39) || code === 0x2d || code === 0x2e);
}

/** XML end-of-line handling: CRLF and lone CR read as LF. Character references (`&#13;`) survive it. */
function normalizeLineEnds(raw: string): string {
  return raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
}

/** Attribute-value normalization: each literal line end or tab reads as one space. */
function normalizeAttributeWhitespace(raw: string): string {
  return raw.replace(/\r\n|[\r\n\t]/g, ' ');
}

function decodeReferences(raw: string, offset: number): string {
  let ampersand = raw.indexOf('&');
  if (ampersand < 0) return raw;
  const pieces: string[] = [];
  let copied = 0;
  while (ampersand >= 0) {
    let semicolon = -1;
    const searchEnd = Math.min(raw.length, ampersand + MAX_REFERENCE_LENGTH);
    for (let at = ampersand + 1; at < searchEnd; at++) {
      if (raw[at] === ';') {
        semicolon = at;
        break;
      }
    }
    if (semicolon < 0) throw invalidXml("'&' that does not start a reference", offset + ampersand);
    pieces.push(
      raw.slice(copied, ampersand),
      resolveReference(raw.slice(ampersand + 1, semicolon), offset + ampersand),
    );
    copied = semicolon + 1;
    ampersand = raw.indexOf('&', copied);
  }
  pieces.push(raw.slice(copied));
  return pieces.join('');
}

function resolveReference(name: string, offset: number): string {
  const predefined = PREDEFINED_ENTITIES[name];
  if (predefined !== undefined) return predefined;
  const numeric = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(name);
  if (numeric === null)
    throw invalidXml(`entity &${name}; is not predefined (entities are never expanded)`, offset);
  const codePoint = numeric[1] !== undefined ? Number.parseInt(numeric[1], 16) : Number(numeric[2]);
  if (!isXmlCodePoint(codePoint))
    throw invalidXml(`character reference &${name}; is not an XML character`, offset);
  return String.fromCodePoint(codePoint);
}

function isXmlCodePoint(code: number): boolean {
  return (
    code === 0x09 ||
    code === 0x0a ||
    code === 0x0d ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/** Anything outside the XML 1.0 character range; `u` makes a lone surrogate match as well. */
export const NON_XML_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
