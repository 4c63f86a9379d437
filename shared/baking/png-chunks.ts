import { crc32 } from 'node:zlib';
import { BakingErrorCode, bakingError } from './baking-errors.js';
import type { PngLimits } from './limits.js';

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** One chunk located in the file; `start`/`end` span length, type, data and CRC, so it can be copied as is. */
export interface PngChunk {
  type: string;
  start: number;
  end: number;
  dataStart: number;
  dataEnd: number;
}

export interface PngStructure {
  bytes: Buffer;
  chunks: PngChunk[];
  width: number;
  height: number;
}

const CHUNK_OVERHEAD = 12;
const MAX_CHUNK_LENGTH = 0x7fff_ffff;
const IHDR_LENGTH = 13;
/** Bit depths the PNG specification allows for each colour type. */
const ALLOWED_BIT_DEPTHS: Readonly<Record<number, readonly number[]>> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};

/**
 * Validates the whole chunk structure (signature, every CRC, lengths, IHDR first, IEND last) in one linear pass
 * without touching pixel data, and returns where each chunk lies.
 */
export function readPngStructure(png: Uint8Array, limits: Required<PngLimits>): PngStructure {
  if (!(png instanceof Uint8Array)) {
    throw bakingError(BakingErrorCode.PNG_SIGNATURE_INVALID, 'a PNG must be given as bytes');
  }
  if (png.byteLength > limits.maxBytes) {
    throw bakingError(BakingErrorCode.PNG_TOO_LARGE, `PNG larger than ${limits.maxBytes} bytes`, {
      size: png.byteLength,
    });
  }
  const bytes = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (bytes.length < PNG_SIGNATURE.length || !bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) {
    throw bakingError(BakingErrorCode.PNG_SIGNATURE_INVALID, 'not a PNG: signature missing');
  }
  const chunks: PngChunk[] = [];
  let offset = PNG_SIGNATURE.length;
  let sawIend = false;
  while (!sawIend) {
    const chunk = readChunk(bytes, offset);
    if (chunks.length >= limits.maxChunks) {
      throw bakingError(BakingErrorCode.PNG_TOO_LARGE, `PNG has more than ${limits.maxChunks} chunks`);
    }
    chunks.push(chunk);
    sawIend = chunk.type === 'IEND';
    offset = chunk.end;
  }
  if (offset !== bytes.length) throw structureError('data after IEND', offset);
  const { width, height } = checkChunkOrder(bytes, chunks, limits);
  return { bytes, chunks, width, height };
}

function readChunk(bytes: Buffer, start: number): PngChunk {
  if (start === bytes.length) throw structureError('IEND missing', start);
  if (bytes.length - start < CHUNK_OVERHEAD) throw structureError('truncated chunk', start);
  const length = bytes.readUInt32BE(start);
  if (length > MAX_CHUNK_LENGTH || length > bytes.length - start - CHUNK_OVERHEAD) {
    throw structureError('chunk length runs past the end of the file', start);
  }
  const dataStart = start + 8;
  const dataEnd = dataStart + length;
  if (!isChunkType(bytes, start + 4)) throw structureError('chunk type is not four ASCII letters', start);
  const type = bytes.toString('latin1', start + 4, dataStart);
  if (crc32(bytes.subarray(start + 4, dataEnd)) !== bytes.readUInt32BE(dataEnd)) {
    throw bakingError(BakingErrorCode.PNG_CRC_MISMATCH, `CRC mismatch in ${type} chunk`, { offset: start });
  }
  return { type, start, end: dataEnd + 4, dataStart, dataEnd };
}

function isChunkType(bytes: Buffer, at: number): boolean {
  for (let i = at; i < at + 4; i++) {
    const letter = (bytes[i] ?? 0) | 0x20;
    if (letter < 0x61 || letter > 0x7a) return false;
  }
  return true;
}

function checkChunkOrder(
  bytes: Buffer,
  chunks: PngChunk[],
  limits: Required<PngLimits>,
): { width: number; height: number } {
  const header = chunks[0];
  if (header?.type !== 'IHDR') throw structureError('first chunk is not IHDR', PNG_SIGNATURE.length);
  const dimensions = readHeader(bytes, header, limits);
  let idatRuns = 0;
  let previousType = '';
  for (const chunk of chunks.slice(1)) {
    if (chunk.type === 'IHDR') throw structureError('more than one IHDR', chunk.start);
    if (chunk.type === 'IDAT' && previousType !== 'IDAT') idatRuns++;
    previousType = chunk.type;
  }
  if (idatRuns === 0) throw structureError('no IDAT chunk', bytes.length);
  // Image data must be one contiguous run of IDAT chunks; a split run is a corrupt or crafted file.
  if (idatRuns > 1) throw structureError('IDAT chunks are not consecutive', bytes.length);
  const end = chunks[chunks.length - 1];
  if (end !== undefined && end.dataEnd !== end.dataStart) throw structureError('IEND has data', end.start);
  return dimensions;
}

function readHeader(
  bytes: Buffer,
  header: PngChunk,
  limits: Required<PngLimits>,
): { width: number; height: number } {
  if (header.dataEnd - header.dataStart !== IHDR_LENGTH)
    throw structureError('IHDR length is not 13', header.start);
  const at = header.dataStart;
  const width = bytes.readUInt32BE(at);
  const height = bytes.readUInt32BE(at + 4);
  if (width === 0 || height === 0 || width > MAX_CHUNK_LENGTH || height > MAX_CHUNK_LENGTH) {
    throw structureError('IHDR width or height out of range', header.start);
  }
  if (width > limits.maxDimension || height > limits.maxDimension || width * height > limits.maxPixels) {
    throw bakingError(BakingErrorCode.PNG_TOO_LARGE, `image of ${width}×${height} pixels is too large`, {
      width,
      height,
    });
  }
  const bitDepth = bytes[at + 8] ?? -1;
  const colourType = bytes[at + 9] ?? -1;
  if (!ALLOWED_BIT_DEPTHS[colourType]?.includes(bitDepth)) {
    throw structureError('IHDR bit depth and colour type do not match', header.start);
  }
  if (bytes[at + 10] !== 0 || bytes[at + 11] !== 0 || (bytes[at + 12] ?? 2) > 1) {
    throw structureError('IHDR compression, filter or interlace method unknown', header.start);
  }
  return { width, height };
}

function structureError(reason: string, offset: number) {
  return bakingError(BakingErrorCode.PNG_STRUCTURE_INVALID, `invalid PNG: ${reason}`, { offset });
}

/** A complete chunk (length, type, data, CRC) ready to splice into a file. */
export function encodeChunk(type: string, data: Uint8Array): Buffer {
  const chunk = Buffer.alloc(CHUNK_OVERHEAD + data.byteLength);
  chunk.writeUInt32BE(data.byteLength, 0);
  chunk.write(type, 4, 'latin1');
  chunk.set(data, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.byteLength)), 8 + data.byteLength);
  return chunk;
}
