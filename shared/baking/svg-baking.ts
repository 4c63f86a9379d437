import { BakingErrorCode, bakingError } from './baking-errors.js';
import { resolveSvgLimits, type SvgLimits } from './limits.js';
import { type BadgeVersion, type BakedPayloads, payloadsToWrite } from './payloads.js';
import {
  BADGE_NAMESPACE,
  BADGE_PREFIX,
  type BadgeElement,
  parseSvgDocument,
  type RootElement,
  SVG_NAMESPACE,
} from './svg-document.js';
import { badgeElementMarkup, escapeAttribute } from './svg-markup.js';
import { NON_XML_CHARACTER } from './xml-scanner.js';

const PREFIX_DECLARATION = `xmlns:${BADGE_PREFIX}`;
const INDENT = '\n  ';

/**
 * Reads the baked payloads: the first `<openbadges:credential>` (3.0) and `<openbadges:assertion>` (2.0).
 * A 3.0 element gives its `verify` attribute (VC-JWT) or else its body (JSON); a 2.0 element gives its body
 * (assertion JSON) or else its `verify` attribute (JWS or hosted URL). Surrounding whitespace is dropped;
 * empty elements count as absent.
 */
export function unbakeSvg(svg: string, limits?: SvgLimits): BakedPayloads {
  const resolved = resolveSvgLimits(limits);
  const document = parseSvgDocument(svg, resolved);
  const found: BakedPayloads = {};
  for (const element of document.badgeElements) {
    if (found[element.version] !== undefined) continue;
    const text = element.version === 'ob3' ? element.verify || element.body : element.body || element.verify;
    if (text === undefined || text === '') continue;
    if (Buffer.byteLength(text, 'utf8') > resolved.maxPayloadBytes) {
      throw bakingError(
        BakingErrorCode.BAKED_PAYLOAD_INVALID,
        `baked SVG text exceeds ${resolved.maxPayloadBytes} bytes`,
      );
    }
    found[element.version] = text;
  }
  return found;
}

/**
 * Writes one badge element per given payload directly after the `<svg>` start tag and declares
 * `xmlns:openbadges` on the root, as both baking specifications say. An earlier element of the same version
 * is replaced; one of the other version is kept (moved next to the new one, its namespace preserved).
 * JSON goes in CDATA, anything else in `verify`; a 2.0 JSON assertion also gets its URL in `verify`.
 */
export function bakeSvg(svg: string, payloads: BakedPayloads, limits?: SvgLimits): string {
  const resolved = resolveSvgLimits(limits);
  const entries = payloadsToWrite(payloads, resolved.maxPayloadBytes);
  for (const [version, text] of entries) {
    if (NON_XML_CHARACTER.test(text)) {
      throw bakingError(
        BakingErrorCode.BAKED_PAYLOAD_INVALID,
        `${version} payload has a character XML cannot carry`,
      );
    }
  }
  const document = parseSvgDocument(svg, resolved);
  const { root } = document;
  if (root.namespace !== SVG_NAMESPACE) {
    throw bakingError(
      BakingErrorCode.SVG_INVALID,
      `invalid SVG: root element is not in the ${SVG_NAMESPACE} namespace`,
    );
  }
  const written = new Set<BadgeVersion>(entries.map(([version]) => version));
  const kept = firstOfEachVersion(document.badgeElements).filter((element) => !written.has(element.version));
  const hasOb3 = written.has('ob3') || kept.some((element) => element.version === 'ob3');
  const rootBinding = chooseRootBinding(root, hasOb3 ? BADGE_NAMESPACE.ob3 : BADGE_NAMESPACE.ob2);
  const rootTag = rewriteRootTag(svg, root, rootBinding);

  const bindingAtRoot = (prefix: string) =>
    prefix === BADGE_PREFIX ? rootBinding.namespace : declaredOnRoot(root, prefix);
  const fresh = entries.map(([version, text]) => badgeElementMarkup(version, text, rootBinding.namespace));
  const moved = kept.map((element) => keptElementMarkup(svg, element, bindingAtRoot(element.prefix)));
  const insertion = [...fresh, ...moved].map((markup) => INDENT + markup).join('');
  const closing = root.selfClosing ? `\n</${root.name}>` : '';

  const pieces = [svg.slice(0, root.start), rootTag, insertion, closing];
  let cursor = root.end;
  for (const element of document.badgeElements) {
    pieces.push(svg.slice(cursor, element.removalStart));
    cursor = element.end;
  }
  pieces.push(svg.slice(cursor));
  const baked = pieces.join('');
  if (Buffer.byteLength(baked, 'utf8') > resolved.maxBytes) {
    throw bakingError(BakingErrorCode.SVG_TOO_LARGE, `baked SVG would exceed ${resolved.maxBytes} bytes`);
  }
  return baked;
}

function firstOfEachVersion(elements: BadgeElement[]): BadgeElement[] {
  const seen = new Set<BadgeVersion>();
  return elements.filter((element) => !seen.has(element.version) && seen.add(element.version));
}

interface RootBinding {
  /** What `openbadges:` means on the root after baking. */
  namespace: string;
  /** False when the root already binds the prefix to another vocabulary, which is then left alone. */
  declare: boolean;
}

function chooseRootBinding(root: RootElement, wanted: string): RootBinding {
  const existing = declaredOnRoot(root, BADGE_PREFIX);
  const isBadgeNamespace = existing === BADGE_NAMESPACE.ob3 || existing === BADGE_NAMESPACE.ob2;
  if (existing !== undefined && !isBadgeNamespace) return { namespace: existing, declare: false };
  return { namespace: wanted, declare: true };
}

function declaredOnRoot(root: RootElement, prefix: string): string | undefined {
  const name = prefix === '' ? 'xmlns' : `xmlns:${prefix}`;
  return root.attributes.find((attribute) => attribute.name === name)?.value;
}

function rewriteRootTag(svg: string, root: RootElement, binding: RootBinding): string {
  let tag = svg.slice(root.start, root.end);
  if (binding.declare) {
    const declaration = `${PREFIX_DECLARATION}="${escapeAttribute(binding.namespace)}"`;
    const existing = root.attributes.find((attribute) => attribute.name === PREFIX_DECLARATION);
    tag =
      existing === undefined
        ? `<${root.name} ${declaration}${tag.slice(1 + root.name.length)}`
        : tag.slice(0, existing.start - root.start) + declaration + tag.slice(existing.end - root.start);
  }
  return root.selfClosing ? `${tag.slice(0, -2)}>` : tag;
}

/** An element kept from the input, declaring its own namespace when the root's binding would change it. */
function keptElementMarkup(svg: string, element: BadgeElement, bindingAtRoot: string | undefined): string {
  const markup = svg.slice(element.start, element.end);
  const namespace = element.namespace ?? BADGE_NAMESPACE[element.version];
  if (element.declaresOwnPrefix || bindingAtRoot === namespace) return markup;
  const attribute = element.prefix === '' ? 'xmlns' : `xmlns:${element.prefix}`;
  const nameEnd = 1 + element.name.length;
  return `${markup.slice(0, nameEnd)} ${attribute}="${escapeAttribute(namespace)}"${markup.slice(nameEnd)}`;
}
