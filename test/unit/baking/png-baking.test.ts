import { crc32, deflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { assertValidPng, bakePng, unbakePng } from '../../../shared/baking/index.js';
import { expectBadgeError } from '../../fixtures/baking/expect-badge-error.js';
import { makePng } from '../../fixtures/baking/make-png.js';
import {
  itxtChunk,
  splitChunks,
  textChunk,
  withChunksAfterHeader,
} from '../../fixtures/baking/png-surgery.js';

const CREDENTIAL_JSON = JSON.stringify({
  '@context': ['https://www.w3.org/ns/credentials/v2'],
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  name: 'Témoin – ✓ 🏅',
});
const COMPACT_JWS = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
const source = makePng(32, 24, 7);

const textChunksOf = (png: Uint8Array) => splitChunks(png).filter((chunk) => chunk.type.endsWith('Xt'));

describe('bakePng', () => {
  it('round-trips both payloads', () => {
    const baked = bakePng(source, { ob3: CREDENTIAL_JSON, ob2: COMPACT_JWS });
    expect(unbakePng(baked)).toEqual({ ob3: CREDENTIAL_JSON, ob2: COMPACT_JWS });
  });

  it('writes the exact iTXt layout of the baking specifications right after IHDR', () => {
    const baked = bakePng(source, { ob3: CREDENTIAL_JSON });
    const [header, credential] = splitChunks(baked);
    expect(header?.type).toBe('IHDR');
    expect(credential?.type).toBe('iTXt');
    const expected = Buffer.concat([
      Buffer.from('openbadgecredential', 'latin1'),
      Buffer.from([0, 0, 0, 0, 0]),
      Buffer.from(CREDENTIAL_JSON, 'utf8'),
    ]);
    expect(credential?.data.equals(expected)).toBe(true);
  });

  it('writes a valid CRC on the new chunk', () => {
    const baked = bakePng(source, { ob2: COMPACT_JWS });
    const offset = 8 + 25; // signature, then IHDR (12 + 13 bytes)
    const length = baked.readUInt32BE(offset);
    expect(baked.toString('latin1', offset + 4, offset + 8)).toBe('iTXt');
    const stored = baked.readUInt32BE(offset + 8 + length);
    expect(stored).toBe(crc32(baked.subarray(offset + 4, offset + 8 + length)));
  });

  it('copies every other chunk byte for byte and leaves the pixels untouched', () => {
    const baked = bakePng(source, { ob3: CREDENTIAL_JSON, ob2: COMPACT_JWS });
    const withoutBadge = splitChunks(baked).filter((chunk) => chunk.type !== 'iTXt');
    expect(withoutBadge.map((chunk) => chunk.data.toString('hex'))).toEqual(
      splitChunks(source).map((chunk) => chunk.data.toString('hex')),
    );
    expect(Buffer.from(PNG.sync.read(baked).data).equals(Buffer.from(PNG.sync.read(source).data))).toBe(true);
  });

  it('replaces the chunk of a keyword on re-bake instead of adding one', () => {
    const once = bakePng(source, { ob3: 'first.jws.value', ob2: COMPACT_JWS });
    const twice = bakePng(once, { ob3: CREDENTIAL_JSON });
    expect(textChunksOf(twice)).toHaveLength(2);
    expect(unbakePng(twice)).toEqual({ ob3: CREDENTIAL_JSON, ob2: COMPACT_JWS });
  });

  it('gives the same bytes when the same payloads are baked again', () => {
    const once = bakePng(source, { ob3: CREDENTIAL_JSON, ob2: COMPACT_JWS });
    expect(bakePng(once, { ob3: CREDENTIAL_JSON, ob2: COMPACT_JWS }).equals(once)).toBe(true);
  });

  it('removes legacy and compressed chunks of a replaced keyword', () => {
    const old = withChunksAfterHeader(source, [
      textChunk('openbadges', 'https://example.org/old-assertion'),
      itxtChunk('openbadges', deflateSync('{"old":true}'), { compressed: true }),
      textChunk('Software', 'an editor'),
    ]);
    const baked = bakePng(old, { ob2: COMPACT_JWS });
    expect(textChunksOf(baked).map((chunk) => chunk.type)).toEqual(['iTXt', 'tEXt']);
    expect(unbakePng(baked)).toEqual({ ob2: COMPACT_JWS });
  });

  it('produces a PNG that passes its own validation', () => {
    const large = makePng(256, 256, 3);
    const baked = bakePng(large, { ob3: CREDENTIAL_JSON });
    expect(assertValidPng(baked)).toEqual({ width: 256, height: 256 });
  });

  it('refuses to bake nothing, an empty text, a NUL or a lone surrogate', () => {
    expectBadgeError(() => bakePng(source, {}), 'BAKED_PAYLOAD_INVALID');
    expectBadgeError(() => bakePng(source, { ob3: '  ' }), 'BAKED_PAYLOAD_INVALID');
    expectBadgeError(() => bakePng(source, { ob2: 'a\u0000b' }), 'BAKED_PAYLOAD_INVALID');
    expectBadgeError(() => bakePng(source, { ob3: 'broken \uD800 text' }), 'BAKED_PAYLOAD_INVALID');
  });

  it('refuses a payload above the configured size', () => {
    expectBadgeError(
      () => bakePng(source, { ob3: 'x'.repeat(101) }, { maxPayloadBytes: 100 }),
      'BAKED_PAYLOAD_INVALID',
    );
  });

  it('refuses to write a file larger than the size limit', () => {
    expectBadgeError(
      () => bakePng(source, { ob3: 'x'.repeat(4_000) }, { maxBytes: source.length + 100 }),
      'PNG_TOO_LARGE',
    );
  });
});

describe('unbakePng', () => {
  it('returns nothing for a PNG without baked data', () => {
    expect(unbakePng(source)).toEqual({});
  });

  it('reads a compressed iTXt chunk', () => {
    const png = withChunksAfterHeader(source, [
      itxtChunk('openbadgecredential', deflateSync(CREDENTIAL_JSON), { compressed: true }),
    ]);
    expect(unbakePng(png)).toEqual({ ob3: CREDENTIAL_JSON });
  });

  it('reads an iTXt chunk with a language tag and a translated keyword', () => {
    const png = withChunksAfterHeader(source, [
      itxtChunk('openbadges', Buffer.from(COMPACT_JWS), { language: 'en', translated: 'Badges ouverts' }),
    ]);
    expect(unbakePng(png)).toEqual({ ob2: COMPACT_JWS });
  });

  it('reads a legacy tEXt chunk when no iTXt carries 2.0 data', () => {
    const png = withChunksAfterHeader(source, [textChunk('openbadges', 'https://example.org/assertions/1')]);
    expect(unbakePng(png)).toEqual({ ob2: 'https://example.org/assertions/1' });
  });

  it('prefers an iTXt chunk over a legacy tEXt chunk wherever they stand', () => {
    const png = withChunksAfterHeader(source, [
      textChunk('openbadges', 'https://example.org/assertions/1'),
      itxtChunk('openbadges', Buffer.from(COMPACT_JWS)),
    ]);
    expect(unbakePng(png)).toEqual({ ob2: COMPACT_JWS });
  });

  it('takes the first chunk when a keyword appears twice', () => {
    const png = withChunksAfterHeader(source, [
      itxtChunk('openbadgecredential', Buffer.from('first.a.b')),
      itxtChunk('openbadgecredential', Buffer.from('second.a.b')),
    ]);
    expect(unbakePng(png)).toEqual({ ob3: 'first.a.b' });
  });

  it('ignores other keywords and treats an empty text as absent', () => {
    const png = withChunksAfterHeader(source, [
      itxtChunk('openbadgecredentials', Buffer.from('not.this.one')),
      itxtChunk('openbadgecredential', Buffer.alloc(0)),
    ]);
    expect(unbakePng(png)).toEqual({});
  });

  it('refuses a compressed text that inflates past the payload limit', () => {
    const bomb = itxtChunk('openbadgecredential', deflateSync(Buffer.alloc(2_000_000, 0x20)), {
      compressed: true,
    });
    const png = withChunksAfterHeader(source, [bomb]);
    expectBadgeError(() => unbakePng(png, { maxPayloadBytes: 1_000_000 }), 'BAKED_PAYLOAD_INVALID');
  });

  it('refuses corrupt compressed text, an unknown compression flag and text that is not UTF-8', () => {
    const corrupt = itxtChunk('openbadgecredential', Buffer.from('not zlib'), { compressed: true });
    expectBadgeError(() => unbakePng(withChunksAfterHeader(source, [corrupt])), 'BAKED_PAYLOAD_INVALID');
    const flagged = itxtChunk('openbadgecredential', Buffer.from('x.y.z'));
    flagged.data[20] = 2;
    expectBadgeError(() => unbakePng(withChunksAfterHeader(source, [flagged])), 'BAKED_PAYLOAD_INVALID');
    const latin1 = itxtChunk('openbadges', Buffer.from('caf\xe9', 'latin1'));
    expectBadgeError(() => unbakePng(withChunksAfterHeader(source, [latin1])), 'BAKED_PAYLOAD_INVALID');
  });

  it('refuses an iTXt chunk of a badge keyword whose header is cut short', () => {
    const truncated = { type: 'iTXt', data: Buffer.from('openbadges\u0000\u0000\u0000', 'latin1') };
    expectBadgeError(() => unbakePng(withChunksAfterHeader(source, [truncated])), 'BAKED_PAYLOAD_INVALID');
  });
});
