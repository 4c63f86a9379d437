import { inflateSync } from 'node:zlib';
import { BakingErrorCode, bakingError } from './baking-errors.js';
import { encodeChunk, type PngChunk } from './png-chunks.js';

/** The text chunk types that can carry a keyword and its text. */
export const TEXT_CHUNK_TYPES: ReadonlySet<string> = new Set(['iTXt', 'tEXt', 'zTXt']);

const MAX_KEYWORD_LENGTH = 79;
const NUL = 0;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The keyword of a text chunk, or undefined when the chunk has no well-formed keyword. */
export function textChunkKeyword(bytes: Buffer, chunk: PngChunk): string | undefined {
  const searchEnd = Math.min(chunk.dataEnd, chunk.dataStart + MAX_KEYWORD_LENGTH + 1);
  const nul = bytes.subarray(chunk.dataStart, searchEnd).indexOf(NUL);
  if (nul < 1) return undefined;
  return bytes.toString('latin1', chunk.dataStart, chunk.dataStart + nul);
}

/**
 * The text of an `iTXt` chunk, compressed or not. Inflation stops at `maxPayloadBytes`, so a small
 * chunk cannot expand into a large allocation.
 */
export function readItxtText(bytes: Buffer, chunk: PngChunk, maxPayloadBytes: number): string {
  const data = bytes.subarray(chunk.dataStart, chunk.dataEnd);
  const keywordEnd = data.indexOf(NUL);
  const compressed = data[keywordEnd + 1];
  const method = data[keywordEnd + 2];
  const languageEnd = keywordEnd < 1 ? -1 : data.indexOf(NUL, keywordEnd + 3);
  const translatedEnd = languageEnd < 0 ? -1 : data.indexOf(NUL, languageEnd + 1);
  if (translatedEnd < 0 || (compressed !== 0 && compressed !== 1) || method !== 0) {
    throw payloadError('iTXt chunk header is malformed', chunk);
  }
  const stored = data.subarray(translatedEnd + 1);
  const text = compressed === 1 ? inflateBounded(stored, maxPayloadBytes, chunk) : stored;
  if (text.byteLength > maxPayloadBytes) throw payloadError(`text exceeds ${maxPayloadBytes} bytes`, chunk);
  try {
    return strictUtf8.decode(text);
  } catch {
    throw payloadError('iTXt text is not UTF-8', chunk);
  }
}

/** The text of a legacy `tEXt` chunk (Latin-1). */
export function readTextText(bytes: Buffer, chunk: PngChunk, maxPayloadBytes: number): string {
  const data = bytes.subarray(chunk.dataStart, chunk.dataEnd);
  const text = data.subarray(data.indexOf(NUL) + 1);
  if (text.byteLength > maxPayloadBytes) throw payloadError(`text exceeds ${maxPayloadBytes} bytes`, chunk);
  return text.toString('latin1');
}

function inflateBounded(stored: Buffer, maxPayloadBytes: number, chunk: PngChunk): Buffer {
  try {
    return inflateSync(stored, { maxOutputLength: Math.max(1, maxPayloadBytes) });
  } catch {
    throw payloadError('compressed iTXt text is corrupt or inflates past the size limit', chunk);
  }
}

function payloadError(reason: string, chunk: PngChunk) {
  return bakingError(BakingErrorCode.BAKED_PAYLOAD_INVALID, `baked PNG text: ${reason}`, {
    offset: chunk.start,
  });
}

/**
 * The uncompressed `iTXt` chunk of the baking specifications:
 * keyword, NUL, compression flag 0, method 0, empty language tag + NUL, empty translated keyword + NUL, UTF-8 text.
 */
export function encodeItxtChunk(keyword: string, text: string): Buffer {
  const header = Buffer.from(`${keyword}\u0000\u0000\u0000\u0000\u0000`, 'latin1');
  return encodeChunk('iTXt', Buffer.concat([header, Buffer.from(text, 'utf8')]));
}
