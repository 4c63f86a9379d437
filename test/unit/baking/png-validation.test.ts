import { describe, expect, it } from 'vitest';
import { assertValidPng, unbakePng } from '../../../shared/baking/index.js';
import { expectBadgeError } from '../../fixtures/baking/expect-badge-error.js';
import { makePng } from '../../fixtures/baking/make-png.js';
import { joinChunks, type RawChunk, splitChunks } from '../../fixtures/baking/png-surgery.js';

const source = makePng(16, 16, 11);
const chunks = splitChunks(source);
const header = chunks[0] as RawChunk;
const ending = chunks.at(-1) as RawChunk;
const imageData = chunks.filter((chunk) => chunk.type === 'IDAT');

function headerWith(change: (data: Buffer) => void): RawChunk {
  const data = Buffer.from(header.data);
  change(data);
  return { type: 'IHDR', data };
}

describe('PNG validation', () => {
  it('accepts a well-formed PNG and returns its size', () => {
    expect(assertValidPng(source)).toEqual({ width: 16, height: 16 });
  });

  it('refuses a missing or wrong signature', () => {
    expectBadgeError(() => assertValidPng(new Uint8Array(0)), 'PNG_SIGNATURE_INVALID');
    expectBadgeError(() => assertValidPng(Buffer.from('GIF89a-and-more')), 'PNG_SIGNATURE_INVALID');
    const wrong = Buffer.from(source);
    wrong[1] = 0x51;
    expectBadgeError(() => assertValidPng(wrong), 'PNG_SIGNATURE_INVALID');
  });

  it('refuses a chunk whose CRC does not match', () => {
    const flipped = Buffer.from(source);
    flipped[8 + 8 + 2] = (flipped[8 + 8 + 2] ?? 0) ^ 0x01; // a bit of the IHDR width
    expectBadgeError(() => assertValidPng(flipped), 'PNG_CRC_MISMATCH');
    const badCrc = joinChunks([header, ...imageData.map((chunk) => ({ ...chunk, crc: 0 })), ending]);
    expectBadgeError(() => unbakePng(badCrc), 'PNG_CRC_MISMATCH');
  });

  it('refuses chunk lengths that run past the end of the file', () => {
    for (const length of [0xffffffff, 0x7fffffff, source.length]) {
      const tampered = Buffer.from(source);
      tampered.writeUInt32BE(length, 8 + 25);
      expectBadgeError(() => assertValidPng(tampered), 'PNG_STRUCTURE_INVALID');
    }
  });

  it('refuses a truncated file', () => {
    expectBadgeError(() => assertValidPng(source.subarray(0, source.length - 5)), 'PNG_STRUCTURE_INVALID');
    expectBadgeError(() => assertValidPng(source.subarray(0, 8)), 'PNG_STRUCTURE_INVALID');
  });

  it('refuses a file that does not start with IHDR', () => {
    expectBadgeError(
      () => assertValidPng(joinChunks([...imageData, header, ending])),
      'PNG_STRUCTURE_INVALID',
    );
  });

  it('refuses a second IHDR', () => {
    expectBadgeError(
      () => assertValidPng(joinChunks([header, header, ...imageData, ending])),
      'PNG_STRUCTURE_INVALID',
    );
  });

  it('refuses an IHDR of the wrong length', () => {
    const long = { type: 'IHDR', data: Buffer.concat([header.data, Buffer.from([0])]) };
    expectBadgeError(() => assertValidPng(joinChunks([long, ...imageData, ending])), 'PNG_STRUCTURE_INVALID');
  });

  it('refuses a zero width, an impossible bit depth or an unknown interlace method', () => {
    const zeroWidth = headerWith((data) => data.writeUInt32BE(0, 0));
    const badDepth = headerWith((data) => {
      data[8] = 3;
    });
    const badInterlace = headerWith((data) => {
      data[12] = 2;
    });
    for (const bad of [zeroWidth, badDepth, badInterlace]) {
      expectBadgeError(
        () => assertValidPng(joinChunks([bad, ...imageData, ending])),
        'PNG_STRUCTURE_INVALID',
      );
    }
  });

  it('refuses a missing IEND and data after IEND', () => {
    expectBadgeError(() => assertValidPng(joinChunks([header, ...imageData])), 'PNG_STRUCTURE_INVALID');
    const trailing = Buffer.concat([source, Buffer.from('appended')]);
    expectBadgeError(() => assertValidPng(trailing), 'PNG_STRUCTURE_INVALID');
    const twoEnds = joinChunks([header, ...imageData, ending, ending]);
    expectBadgeError(() => assertValidPng(twoEnds), 'PNG_STRUCTURE_INVALID');
  });

  it('refuses a PNG without image data or with split image data', () => {
    expectBadgeError(() => assertValidPng(joinChunks([header, ending])), 'PNG_STRUCTURE_INVALID');
    const note: RawChunk = { type: 'tEXt', data: Buffer.from('Comment\u0000split', 'latin1') };
    const [first, ...others] = imageData;
    const split = joinChunks([header, first as RawChunk, note, ...others, first as RawChunk, ending]);
    expectBadgeError(() => assertValidPng(split), 'PNG_STRUCTURE_INVALID');
  });

  it('refuses a chunk type that is not four letters', () => {
    const odd: RawChunk = { type: 'ab1d', data: Buffer.alloc(0) };
    expectBadgeError(
      () => assertValidPng(joinChunks([header, odd, ...imageData, ending])),
      'PNG_STRUCTURE_INVALID',
    );
  });

  it('refuses files, chunk counts and dimensions above the limits', () => {
    expectBadgeError(() => assertValidPng(source, { maxBytes: source.length - 1 }), 'PNG_TOO_LARGE');
    expectBadgeError(() => assertValidPng(source, { maxChunks: 2 }), 'PNG_TOO_LARGE');
    expectBadgeError(() => assertValidPng(source, { maxDimension: 15 }), 'PNG_TOO_LARGE');
    expectBadgeError(() => assertValidPng(source, { maxPixels: 255 }), 'PNG_TOO_LARGE');
    const huge = headerWith((data) => {
      data.writeUInt32BE(0x7fffffff, 0);
      data.writeUInt32BE(0x7fffffff, 4);
    });
    expectBadgeError(() => unbakePng(joinChunks([huge, ...imageData, ending])), 'PNG_TOO_LARGE');
  });
});
