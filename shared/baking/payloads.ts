import { BakingErrorCode, bakingError } from './baking-errors.js';

/** The baked text of each Open Badges version: credential JSON, compact JWS, or (2.0 hosted) JSON or URL. */
export interface BakedPayloads {
  ob3?: string;
  ob2?: string;
}

export type BadgeVersion = keyof BakedPayloads;

/** Written first, so a reader that stops at the first match sees the newest version. */
export const BADGE_VERSIONS: readonly BadgeVersion[] = ['ob3', 'ob2'];

export const PNG_KEYWORD: Readonly<Record<BadgeVersion, string>> = {
  ob3: 'openbadgecredential',
  ob2: 'openbadges',
};

const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** The payloads to write, in writing order; refuses text that could not be read back unchanged. */
export function payloadsToWrite(payloads: BakedPayloads, maxPayloadBytes: number): [BadgeVersion, string][] {
  if (typeof payloads !== 'object' || payloads === null) {
    throw bakingError(BakingErrorCode.BAKED_PAYLOAD_INVALID, 'payloads must be an object');
  }
  const entries: [BadgeVersion, string][] = [];
  for (const version of BADGE_VERSIONS) {
    const text = payloads[version];
    if (text === undefined) continue;
    assertPayloadText(version, text, maxPayloadBytes);
    entries.push([version, text]);
  }
  if (entries.length === 0) {
    throw bakingError(BakingErrorCode.BAKED_PAYLOAD_INVALID, 'nothing to bake: give ob3, ob2 or both');
  }
  return entries;
}

function assertPayloadText(
  version: BadgeVersion,
  text: unknown,
  maxPayloadBytes: number,
): asserts text is string {
  const invalid = (reason: string) =>
    bakingError(BakingErrorCode.BAKED_PAYLOAD_INVALID, `${version} payload ${reason}`, { version });
  if (typeof text !== 'string') throw invalid('must be a string');
  if (text.trim() === '') throw invalid('is empty');
  // Length in UTF-16 units is a cheap lower bound of the UTF-8 size: reject huge input before measuring it.
  if (text.length > maxPayloadBytes || Buffer.byteLength(text, 'utf8') > maxPayloadBytes) {
    throw invalid(`exceeds ${maxPayloadBytes} bytes`);
  }
  // UTF-8 cannot encode a lone surrogate, and no JSON, JWS or URL carries a NUL: both would come back altered.
  if (LONE_SURROGATE.test(text)) throw invalid('is not well-formed Unicode');
  if (text.includes('\u0000')) throw invalid('contains a NUL character');
}
