import { BakingErrorCode, bakingError } from './baking-errors.js';
import { resolveSvgLimits, type SvgLimits } from './limits.js';
import { parseSvgDocument, SVG_NAMESPACE, type SvgDocument } from './svg-document.js';

const XHTML_NAMESPACE = 'http://www.w3.org/1999/xhtml';
/** Elements that run code or embed a document when the SVG is opened on its own. */
const ACTIVE_ELEMENTS: ReadonlySet<string> = new Set([
  'script',
  'foreignobject',
  'iframe',
  'embed',
  'object',
  'handler',
  'listener',
]);
const SCRIPT_URL = /(?:java|vb)script:|^data:text\/html/;

/**
 * Checks an uploaded badge image: a well-formed SVG (see parseSvgDocument) with an `<svg>` root in the SVG
 * namespace, every prefix declared, and nothing that runs code. Badge images are served from the issuer's
 * own origin, so a script in one would run there.
 */
export function assertValidSvg(svg: string, limits?: SvgLimits): void {
  const document = parseSvgDocument(svg, resolveSvgLimits(limits));
  if (document.root.namespace !== SVG_NAMESPACE) {
    throw bakingError(
      BakingErrorCode.SVG_INVALID,
      `invalid SVG: root element is not in the ${SVG_NAMESPACE} namespace`,
    );
  }
  if (document.undeclaredPrefix !== undefined) {
    throw bakingError(
      BakingErrorCode.SVG_INVALID,
      `invalid SVG: prefix ${document.undeclaredPrefix} is not declared`,
    );
  }
  const active = findActiveContent(document);
  if (active !== undefined) {
    throw bakingError(BakingErrorCode.SVG_ACTIVE_CONTENT, `SVG contains active content: ${active}`);
  }
}

function findActiveContent(document: SvgDocument): string | undefined {
  for (const element of document.elements) {
    const localName = element.localName.toLowerCase();
    if (ACTIVE_ELEMENTS.has(localName) || element.namespace === XHTML_NAMESPACE)
      return `<${element.localName}>`;
    for (const attribute of element.attributes) {
      const attributeName = attribute.name.slice(attribute.name.indexOf(':') + 1).toLowerCase();
      if (attributeName.startsWith('on')) return `event handler ${attribute.name}`;
      if (SCRIPT_URL.test(withoutBlanks(attribute.value).toLowerCase())) {
        return `script URL in ${attribute.name}`;
      }
    }
  }
  return undefined;
}

/** Browsers ignore whitespace and control characters inside a URL scheme, so the check must too. */
function withoutBlanks(value: string): string {
  let kept = '';
  for (const char of value) if (char > ' ') kept += char;
  return kept;
}
