/**
 * What a verification input is, before anything is trusted: a JSON document, a compact JWS, a URL, or image
 * bytes (PNG, SVG). Text may arrive as a string or as UTF-8 bytes.
 */
export type DetectedInput =
  | { kind: 'json'; value: unknown }
  | { kind: 'jws'; jws: string }
  | { kind: 'url'; url: string }
  | { kind: 'image'; bytes: Uint8Array }
  | { kind: 'invalid'; reason: string; message: string };

/** Larger inputs are refused before parsing (a baked image is at most 16 MiB, see shared/baking/limits.ts). */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;
/** JSON nested deeper than this is refused: no credential needs it, and every walker stays shallow. */
export const MAX_JSON_DEPTH = 64;
/** JSON with more values than this is refused: a credential has hundreds, and every check's cost grows with it. */
export const MAX_JSON_VALUES = 100_000;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const HTTP_URL = /^https?:\/\/[^\s<>"]+$/;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export function detectInput(input: unknown): DetectedInput {
  if (input instanceof URL) return detectUrl(input.href);
  if (input instanceof Uint8Array) return detectBytes(input);
  if (typeof input === 'string') return detectText(input);
  return { kind: 'invalid', reason: 'INPUT_TYPE_UNSUPPORTED', message: 'give a string, bytes or a URL' };
}

function detectBytes(bytes: Uint8Array): DetectedInput {
  if (bytes.byteLength > MAX_INPUT_BYTES) return tooLarge();
  if (PNG_SIGNATURE.every((byte, index) => bytes[index] === byte)) return { kind: 'image', bytes };
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return {
      kind: 'invalid',
      reason: 'INPUT_UNRECOGNIZED',
      message: 'the bytes are neither a PNG nor UTF-8 text',
    };
  }
  return detectText(text, bytes);
}

export function detectText(raw: string, bytes?: Uint8Array): DetectedInput {
  if (raw.length > MAX_INPUT_BYTES) return tooLarge();
  const text = raw.replace(/^\uFEFF/, '').trim();
  if (text.startsWith('<')) return { kind: 'image', bytes: bytes ?? Buffer.from(text, 'utf8') };
  if (text.startsWith('{') || text.startsWith('[')) return detectJson(text);
  if (HTTP_URL.test(text)) return detectUrl(text);
  if (COMPACT_JWS.test(text)) return { kind: 'jws', jws: text };
  return {
    kind: 'invalid',
    reason: 'INPUT_UNRECOGNIZED',
    message: 'not JSON, a compact JWS, a URL, a PNG or an SVG',
  };
}

function detectJson(text: string): DetectedInput {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'invalid', reason: 'JSON_INVALID', message: 'the text is not valid JSON' };
  }
  const size = measureJson(value, MAX_JSON_DEPTH, MAX_JSON_VALUES);
  if (size === 'too-deep') {
    return {
      kind: 'invalid',
      reason: 'JSON_TOO_DEEP',
      message: `JSON nested deeper than ${MAX_JSON_DEPTH} levels`,
    };
  }
  if (size === 'too-many') {
    return {
      kind: 'invalid',
      reason: 'JSON_TOO_LARGE',
      message: `JSON with more than ${MAX_JSON_VALUES} values`,
    };
  }
  return { kind: 'json', value };
}

function detectUrl(text: string): DetectedInput {
  try {
    const url = new URL(text);
    if (url.protocol === 'https:' || url.protocol === 'http:') return { kind: 'url', url: url.href };
  } catch {
    // falls through to the refusal below
  }
  return { kind: 'invalid', reason: 'URL_INVALID', message: 'only http(s) URLs can be verified' };
}

function tooLarge(): DetectedInput {
  return {
    kind: 'invalid',
    reason: 'INPUT_TOO_LARGE',
    message: `inputs are limited to ${MAX_INPUT_BYTES} bytes`,
  };
}

/**
 * Counts the values of a parsed JSON document up to `maxValues`, and its depth up to `maxDepth`. Iterative, so
 * that a hostile nesting depth cannot exhaust the stack here.
 */
export function measureJson(
  value: unknown,
  maxDepth: number,
  maxValues: number,
): number | 'too-deep' | 'too-many' {
  const stack: Array<[unknown, number]> = [[value, 0]];
  let count = 0;
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    count += 1;
    if (count > maxValues) return 'too-many';
    if (current === null || typeof current !== 'object') continue;
    if (depth >= maxDepth) return 'too-deep';
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return count;
}
