import { BakingErrorCode, bakingError } from './baking-errors.js';
import { type PngLimits, resolveSvgLimits, type SvgLimits } from './limits.js';
import type { BakedPayloads } from './payloads.js';
import { unbakePng } from './png-baking.js';
import { PNG_SIGNATURE } from './png-chunks.js';
import { unbakeSvg } from './svg-baking.js';

export type ImageType = 'png' | 'svg';

/** SVG detection looks at this much of the file: enough for any sane prolog (declaration, comments, DOCTYPE). */
const SVG_SNIFF_BYTES = 64 * 1024;
const lenientUtf8 = new TextDecoder('utf-8');
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** 'png' for the PNG signature; 'svg' when the first element after the XML prolog is `<svg>`. */
export function detectImageType(bytes: Uint8Array): ImageType | undefined {
  if (!(bytes instanceof Uint8Array)) return undefined;
  if (
    bytes.byteLength >= PNG_SIGNATURE.length &&
    PNG_SIGNATURE.equals(bytes.subarray(0, PNG_SIGNATURE.length))
  ) {
    return 'png';
  }
  const head = lenientUtf8.decode(bytes.subarray(0, SVG_SNIFF_BYTES));
  return firstElementName(head)?.replace(/^[^:]*:/, '') === 'svg' ? 'svg' : undefined;
}

/** The name of the first element, skipping the prolog; undefined when the text does not look like XML. */
function firstElementName(text: string): string | undefined {
  let at = 0;
  for (;;) {
    while (at < text.length && ' \t\r\n\uFEFF'.includes(text[at] ?? '')) at++;
    if (text[at] !== '<') return undefined;
    if (text.startsWith('<?', at)) at = endOf(text, '?>', at);
    else if (text.startsWith('<!--', at)) at = endOf(text, '-->', at);
    else if (text.startsWith('<!DOCTYPE', at)) at = endOfDoctype(text, at);
    else return /^<([A-Za-z_][\w.:-]*)/.exec(text.slice(at, at + 256))?.[1];
    if (at < 0) return undefined;
  }
}

function endOf(text: string, terminator: string, from: number): number {
  const index = text.indexOf(terminator, from);
  return index < 0 ? -1 : index + terminator.length;
}

/** Skips a DOCTYPE, internal subset included, so that a document carrying one is still recognised (and refused). */
function endOfDoctype(text: string, from: number): number {
  let depth = 0;
  for (let at = from + 2; at < text.length; at++) {
    const char = text[at];
    if (char === '"' || char === "'") {
      at = text.indexOf(char, at + 1);
      if (at < 0) return -1;
    } else if (char === '[') depth++;
    else if (char === ']') depth--;
    else if (char === '>' && depth <= 0) return at + 1;
  }
  return -1;
}

export interface UnbakeLimits {
  png?: PngLimits;
  svg?: SvgLimits;
}

/** Reads the baked payloads of a PNG or SVG badge image, whichever the bytes are. */
export function unbake(
  bytes: Uint8Array,
  limits: UnbakeLimits = {},
): BakedPayloads & { imageType: ImageType } {
  const imageType = detectImageType(bytes);
  if (imageType === 'png') return { ...unbakePng(bytes, limits.png), imageType };
  if (imageType === 'svg') return { ...unbakeSvg(decodeSvg(bytes, limits.svg), limits.svg), imageType };
  throw bakingError(BakingErrorCode.IMAGE_FORMAT_UNKNOWN, 'not a PNG or SVG image');
}

function decodeSvg(bytes: Uint8Array, limits: SvgLimits | undefined): string {
  const { maxBytes } = resolveSvgLimits(limits);
  if (bytes.byteLength > maxBytes) {
    throw bakingError(BakingErrorCode.SVG_TOO_LARGE, `SVG larger than ${maxBytes} bytes`);
  }
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw bakingError(BakingErrorCode.SVG_INVALID, 'invalid SVG: not UTF-8');
  }
}
