import type { BadgeVersion } from './payloads.js';
import { BADGE_ELEMENT, BADGE_NAMESPACE, BADGE_PREFIX } from './svg-document.js';

const ATTRIBUTE_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** Escapes a double-quoted attribute value; whitespace becomes references so that it survives normalization. */
export function escapeAttribute(value: string): string {
  return value.replace(/[&<>"\t\n\r]/g, (char) => ATTRIBUTE_ESCAPES[char] ?? char);
}

/**
 * Wraps text in CDATA so that it reads back unchanged: a `]]>` inside the text ends one section between
 * `]]` and `>`, and a CR (which XML reads as LF) is written as a reference between sections.
 */
export function toCdata(text: string): string {
  return text
    .split('\r')
    .map((part) => `<![CDATA[${part.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`)
    .join('&#13;');
}

/**
 * The element for one payload. JSON goes in the body (3.0 embedded proof, 2.0 assertion); anything else,
 * a compact JWS or a hosted assertion URL, goes in `verify`, with an empty body as the specifications show.
 */
export function badgeElementMarkup(version: BadgeVersion, text: string, rootNamespace: string): string {
  const name = `${BADGE_PREFIX}:${BADGE_ELEMENT[version]}`;
  const namespace = BADGE_NAMESPACE[version];
  const declaration =
    rootNamespace === namespace ? '' : ` xmlns:${BADGE_PREFIX}="${escapeAttribute(namespace)}"`;
  if (!isJsonText(text)) {
    const verify = ` verify="${escapeAttribute(text)}"`;
    return version === 'ob2'
      ? `<${name}${declaration}${verify}/>`
      : `<${name}${declaration}${verify}></${name}>`;
  }
  const hostedUrl = version === 'ob2' ? hostedAssertionUrl(text) : undefined;
  const verify = hostedUrl === undefined ? '' : ` verify="${escapeAttribute(hostedUrl)}"`;
  return `<${name}${declaration}${verify}>${toCdata(text)}</${name}>`;
}

function isJsonText(text: string): boolean {
  return text.trimStart().startsWith('{');
}

/** The URL of a hosted 2.0 assertion: its `id` (2.0) or `verify.url` (1.x), when it is an HTTP(S) URL. */
function hostedAssertionUrl(json: string): string | undefined {
  let assertion: unknown;
  try {
    assertion = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof assertion !== 'object' || assertion === null) return undefined;
  const { id, verify } = assertion as { id?: unknown; verify?: { url?: unknown } | null };
  for (const candidate of [id, verify?.url]) {
    if (typeof candidate === 'string' && /^https?:\/\//i.test(candidate)) return candidate;
  }
  return undefined;
}
