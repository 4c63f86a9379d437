import { BakingErrorCode, bakingError } from './baking-errors.js';
import type { SvgLimits } from './limits.js';
import type { BadgeVersion } from './payloads.js';
import { invalidXml, NON_XML_CHARACTER, type XmlAttribute, XmlScanner } from './xml-scanner.js';

export const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';
export const BADGE_NAMESPACE: Readonly<Record<BadgeVersion, string>> = {
  ob3: 'https://purl.imsglobal.org/ob/v3p0',
  ob2: 'http://openbadges.org',
};
export const BADGE_ELEMENT: Readonly<Record<BadgeVersion, string>> = { ob3: 'credential', ob2: 'assertion' };
export const BADGE_PREFIX = 'openbadges';
const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';

/** The `<svg>` root start tag, which baking rewrites to declare the badge namespace. */
export interface RootElement {
  name: string;
  namespace: string | undefined;
  attributes: XmlAttribute[];
  selfClosing: boolean;
  start: number;
  end: number;
}

/** A baked `<openbadges:credential>` or `<openbadges:assertion>` element and what it carries. */
export interface BadgeElement {
  version: BadgeVersion;
  /** Qualified name and its prefix ('' for a default namespace). */
  name: string;
  prefix: string;
  /** The namespace its prefix resolves to where it stands; undefined when the prefix is not declared. */
  namespace: string | undefined;
  declaresOwnPrefix: boolean;
  verify: string | undefined;
  /** Text and CDATA content, concatenated, without surrounding whitespace. */
  body: string;
  start: number;
  end: number;
  startTagEnd: number;
  /** Where removal starts: before the indentation that precedes the element. */
  removalStart: number;
}

export interface SvgDocument {
  root: RootElement;
  /** In document order; nested badge elements are ignored. */
  badgeElements: BadgeElement[];
  /** The first prefix used without a declaration, if any. */
  undeclaredPrefix: string | undefined;
  /** Every start tag, for content checks. */
  elements: { namespace: string | undefined; localName: string; attributes: XmlAttribute[] }[];
}

interface OpenElement {
  name: string;
  bindings: Map<string, string> | undefined;
}

/**
 * Parses an SVG document: well-formed XML, one root element named `svg`, bounded size and depth, no entity
 * declarations. Namespaces are resolved so that a badge element is found whatever prefix it uses; an
 * undeclared `openbadges:` prefix is read leniently by element name.
 */
export function parseSvgDocument(svg: string, limits: Required<SvgLimits>): SvgDocument {
  if (typeof svg !== 'string') throw invalidXml('an SVG must be given as text', 0);
  if (svg.length > limits.maxBytes || Buffer.byteLength(svg, 'utf8') > limits.maxBytes) {
    throw bakingError(BakingErrorCode.SVG_TOO_LARGE, `SVG larger than ${limits.maxBytes} bytes`);
  }
  const forbidden = NON_XML_CHARACTER.exec(svg);
  if (forbidden !== null) throw invalidXml('character not allowed in XML', forbidden.index);
  return new SvgDocumentReader(svg, limits.maxDepth).read();
}

class SvgDocumentReader {
  private readonly scanner: XmlScanner;
  private readonly open: OpenElement[] = [];
  private readonly badgeElements: BadgeElement[] = [];
  private readonly elements: SvgDocument['elements'] = [];
  private root: RootElement | undefined;
  private rootClosed = false;
  private sawDoctype = false;
  private undeclaredPrefix: string | undefined;
  private current: { element: BadgeElement; depth: number; body: string[] } | undefined;
  private whitespaceBefore: number | undefined;

  constructor(
    private readonly source: string,
    private readonly maxDepth: number,
  ) {
    this.scanner = new XmlScanner(source);
  }

  read(): SvgDocument {
    for (let token = this.scanner.next(); token !== undefined; token = this.scanner.next()) {
      const whitespaceBefore = this.whitespaceBefore;
      this.whitespaceBefore = undefined;
      switch (token.kind) {
        case 'start':
          this.onStart(token, whitespaceBefore);
          break;
        case 'end':
          this.onEnd(token.name, token.start, token.end);
          break;
        case 'text':
          if (this.open.length === 0 && !token.whitespaceOnly)
            throw invalidXml('text outside the root element', token.start);
          if (token.whitespaceOnly) this.whitespaceBefore = token.start;
          this.onCharacters(token.value);
          break;
        case 'cdata':
          if (this.open.length === 0) throw invalidXml('CDATA outside the root element', token.start);
          this.onCharacters(token.value);
          break;
        case 'doctype':
          if (this.root !== undefined || this.sawDoctype) throw invalidXml('misplaced DOCTYPE', token.start);
          this.sawDoctype = true;
          break;
        default:
          break;
      }
    }
    if (this.root === undefined) throw invalidXml('no root element', this.source.length);
    if (this.open.length > 0)
      throw invalidXml(`element <${this.open.at(-1)?.name}> is not closed`, this.source.length);
    return {
      root: this.root,
      badgeElements: this.badgeElements,
      undeclaredPrefix: this.undeclaredPrefix,
      elements: this.elements,
    };
  }

  private onStart(
    token: { name: string; attributes: XmlAttribute[]; selfClosing: boolean; start: number; end: number },
    whitespaceBefore: number | undefined,
  ): void {
    if (this.rootClosed) throw invalidXml('content after the root element', token.start);
    if (this.open.length >= this.maxDepth)
      throw invalidXml(`elements nested deeper than ${this.maxDepth}`, token.start);
    const bindings = namespaceBindings(token.attributes);
    this.open.push({ name: token.name, bindings });
    const { prefix, localName } = splitName(token.name, token.start);
    const namespace = this.resolve(prefix);
    this.elements.push({ namespace, localName, attributes: token.attributes });
    for (const attribute of token.attributes) {
      const attributePrefix = splitName(attribute.name, attribute.start).prefix;
      if (attributePrefix !== '' && attributePrefix !== 'xmlns') this.resolve(attributePrefix);
    }
    if (this.root === undefined) {
      if (localName !== 'svg') throw invalidXml(`root element is <${token.name}>, not <svg>`, token.start);
      const { name, attributes, selfClosing, start, end } = token;
      this.root = { name, namespace, attributes, selfClosing, start, end };
    } else if (this.current === undefined) {
      this.detectBadgeElement(token, prefix, localName, namespace, bindings, whitespaceBefore);
    }
    if (token.selfClosing) this.onEnd(token.name, token.start, token.end);
  }

  private detectBadgeElement(
    token: { name: string; attributes: XmlAttribute[]; selfClosing: boolean; start: number; end: number },
    prefix: string,
    localName: string,
    namespace: string | undefined,
    bindings: Map<string, string> | undefined,
    whitespaceBefore: number | undefined,
  ): void {
    const version = badgeVersionOf(prefix, localName, namespace);
    if (version === undefined) return;
    const verify = token.attributes.find((attribute) => attribute.name === 'verify')?.value.trim();
    const element: BadgeElement = {
      version,
      name: token.name,
      prefix,
      namespace,
      declaresOwnPrefix: bindings?.has(prefix) ?? false,
      verify: verify === '' ? undefined : verify,
      body: '',
      start: token.start,
      end: token.end,
      startTagEnd: token.end,
      removalStart: whitespaceBefore ?? token.start,
    };
    this.badgeElements.push(element);
    this.current = { element, depth: this.open.length, body: [] };
  }

  private onEnd(name: string, start: number, end: number): void {
    const element = this.open.pop();
    if (element === undefined) throw invalidXml(`end tag </${name}> without a start tag`, start);
    if (element.name !== name) throw invalidXml(`end tag </${name}> does not close <${element.name}>`, start);
    if (this.current !== undefined && this.current.depth === this.open.length + 1) {
      this.current.element.end = end;
      this.current.element.body = this.current.body.join('').replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
      this.current = undefined;
    }
    if (this.open.length === 0) this.rootClosed = true;
  }

  private onCharacters(value: string): void {
    if (this.current !== undefined && this.current.depth === this.open.length) this.current.body.push(value);
  }

  private resolve(prefix: string): string | undefined {
    if (prefix === 'xml') return XML_NAMESPACE;
    for (let index = this.open.length - 1; index >= 0; index--) {
      const bound = this.open[index]?.bindings?.get(prefix);
      if (bound !== undefined) return bound === '' ? undefined : bound;
    }
    if (prefix !== '' && this.undeclaredPrefix === undefined) this.undeclaredPrefix = prefix;
    return undefined;
  }
}

function badgeVersionOf(
  prefix: string,
  localName: string,
  namespace: string | undefined,
): BadgeVersion | undefined {
  const lenient = namespace === undefined && prefix === BADGE_PREFIX;
  if (localName === BADGE_ELEMENT.ob3 && (namespace === BADGE_NAMESPACE.ob3 || lenient)) return 'ob3';
  if (localName === BADGE_ELEMENT.ob2 && (namespace === BADGE_NAMESPACE.ob2 || lenient)) return 'ob2';
  return undefined;
}

function namespaceBindings(attributes: XmlAttribute[]): Map<string, string> | undefined {
  let bindings: Map<string, string> | undefined;
  const seen = new Set<string>();
  for (const attribute of attributes) {
    if (seen.has(attribute.name)) throw invalidXml(`duplicate attribute ${attribute.name}`, attribute.start);
    seen.add(attribute.name);
    if (attribute.name === 'xmlns' || attribute.name.startsWith('xmlns:')) {
      bindings ??= new Map();
      bindings.set(attribute.name === 'xmlns' ? '' : attribute.name.slice(6), attribute.value);
    }
  }
  return bindings;
}

function splitName(name: string, offset: number): { prefix: string; localName: string } {
  const colon = name.indexOf(':');
  if (colon < 0) return { prefix: '', localName: name };
  const prefix = name.slice(0, colon);
  const localName = name.slice(colon + 1);
  if (prefix === '' || localName === '' || localName.includes(':'))
    throw invalidXml(`malformed name ${name}`, offset);
  return { prefix, localName };
}
