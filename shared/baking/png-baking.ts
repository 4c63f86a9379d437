import { BakingErrorCode, bakingError } from './baking-errors.js';
import { type PngLimits, resolvePngLimits } from './limits.js';
import { type BadgeVersion, type BakedPayloads, PNG_KEYWORD, payloadsToWrite } from './payloads.js';
import { PNG_SIGNATURE, type PngChunk, readPngStructure } from './png-chunks.js';
import {
  encodeItxtChunk,
  readItxtText,
  readTextText,
  TEXT_CHUNK_TYPES,
  textChunkKeyword,
} from './png-text.js';

const VERSION_OF_KEYWORD: ReadonlyMap<string, BadgeVersion> = new Map([
  [PNG_KEYWORD.ob3, 'ob3'],
  [PNG_KEYWORD.ob2, 'ob2'],
]);

/** Checks that the bytes are a well-formed PNG (structure, CRCs, bounds) and returns its size. */
export function assertValidPng(png: Uint8Array, limits?: PngLimits): { width: number; height: number } {
  const { width, height } = readPngStructure(png, resolvePngLimits(limits));
  return { width, height };
}

/**
 * Reads the baked payloads. The first `iTXt` chunk of each keyword wins (compressed or not); a legacy
 * `tEXt` chunk `openbadges` is read when no `iTXt` carries 2.0 data. Empty texts count as absent.
 */
export function unbakePng(png: Uint8Array, limits?: PngLimits): BakedPayloads {
  const resolved = resolvePngLimits(limits);
  const { bytes, chunks } = readPngStructure(png, resolved);
  const found: BakedPayloads = {};
  let legacyOb2: string | undefined;
  for (const chunk of chunks) {
    if (chunk.type !== 'iTXt' && chunk.type !== 'tEXt') continue;
    const version = VERSION_OF_KEYWORD.get(textChunkKeyword(bytes, chunk) ?? '');
    if (version === undefined || found[version] !== undefined) continue;
    if (chunk.type === 'iTXt') {
      const text = readItxtText(bytes, chunk, resolved.maxPayloadBytes);
      if (text !== '') found[version] = text;
    } else if (version === 'ob2' && legacyOb2 === undefined) {
      const text = readTextText(bytes, chunk, resolved.maxPayloadBytes);
      if (text !== '') legacyOb2 = text;
    }
  }
  if (found.ob2 === undefined && legacyOb2 !== undefined) found.ob2 = legacyOb2;
  return found;
}

/**
 * Writes one uncompressed `iTXt` chunk per given payload right after IHDR, removing any earlier text chunk of
 * the same keyword, so re-baking replaces rather than duplicates. Every other chunk is copied byte for byte:
 * pixels are never decoded.
 */
export function bakePng(png: Uint8Array, payloads: BakedPayloads, limits?: PngLimits): Buffer {
  const resolved = resolvePngLimits(limits);
  const entries = payloadsToWrite(payloads, resolved.maxPayloadBytes);
  const { bytes, chunks } = readPngStructure(png, resolved);
  const replacedKeywords = new Set(entries.map(([version]) => PNG_KEYWORD[version]));
  const isReplaced = (chunk: PngChunk) =>
    TEXT_CHUNK_TYPES.has(chunk.type) && replacedKeywords.has(textChunkKeyword(bytes, chunk) ?? '');
  const [header, ...rest] = chunks;
  if (header === undefined)
    throw bakingError(BakingErrorCode.PNG_STRUCTURE_INVALID, 'invalid PNG: no chunks');
  const kept = rest.filter((chunk) => !isReplaced(chunk));
  const parts = [
    PNG_SIGNATURE,
    bytes.subarray(header.start, header.end),
    ...entries.map(([version, text]) => encodeItxtChunk(PNG_KEYWORD[version], text)),
    ...kept.map((chunk) => bytes.subarray(chunk.start, chunk.end)),
  ];
  const size = parts.reduce((total, part) => total + part.byteLength, 0);
  // What is written must be readable with the same limits.
  if (size > resolved.maxBytes || 1 + entries.length + kept.length > resolved.maxChunks) {
    throw bakingError(BakingErrorCode.PNG_TOO_LARGE, `baked PNG would exceed the size limits`, { size });
  }
  return Buffer.concat(parts, size);
}
