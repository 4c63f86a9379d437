import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeSignature, signIngestRequest } from '../../../shared/ingest/index.js';
import { signatureBytes, signatureMatches } from '../../../shared/ingest/signature.js';

// Known answer computed independently with:
//   printf '%s' '1767225600.{"specVersion":"1.0"}' | openssl dgst -sha256 -hmac 'test-secret-0123456789' -hex
const KNOWN = {
  secret: 'test-secret-0123456789',
  timestamp: '1767225600',
  body: '{"specVersion":"1.0"}',
  signature: 'v1=64ad74abe2c3f32a941311c12f1d2268ed02fe89a8e9484319807198331d4b2b',
};

describe('the v1 request signature', () => {
  it('is hex HMAC-SHA256 of "<timestamp>.<body>", as openssl computes it', () => {
    expect(computeSignature(KNOWN.secret, KNOWN.timestamp, KNOWN.body)).toBe(KNOWN.signature);
  });

  it('signs a request with Unix seconds of the given time and the three headers', () => {
    const headers = signIngestRequest(KNOWN.body, {
      keyId: 'partner-a',
      secret: KNOWN.secret,
      now: new Date(1_767_225_600_999),
    });
    expect(headers).toEqual({
      'X-Badges-Key-Id': 'partner-a',
      'X-Badges-Timestamp': KNOWN.timestamp,
      'X-Badges-Signature': KNOWN.signature,
    });
  });

  it('signs the body as UTF-8 bytes', () => {
    const body = '{"name":"Zoë Ødegård"}';
    const expected = createHmac('sha256', KNOWN.secret)
      .update(Buffer.concat([Buffer.from(`${KNOWN.timestamp}.`), Buffer.from(body, 'utf8')]))
      .digest('hex');
    expect(computeSignature(KNOWN.secret, KNOWN.timestamp, body)).toBe(`v1=${expected}`);
  });
});

describe('comparing a presented signature', () => {
  const expected = signatureBytes(KNOWN.secret, KNOWN.timestamp, KNOWN.body);
  const hex = KNOWN.signature.slice(3);

  it('matches the right signature, in either letter case', () => {
    expect(signatureMatches(expected, KNOWN.signature)).toBe(true);
    expect(signatureMatches(expected, `v1=${hex.toUpperCase()}`)).toBe(true);
  });

  it('refuses a signature differing in its last digit', () => {
    const last = hex.at(-1) === '0' ? '1' : '0';
    expect(signatureMatches(expected, `v1=${hex.slice(0, -1)}${last}`)).toBe(false);
  });

  it('refuses malformed signatures without throwing, whatever their length', () => {
    const malformed = [
      '',
      'v1=',
      hex,
      `v2=${hex}`,
      `v1=${hex.slice(0, -2)}`,
      `v1=${hex}00`,
      `v1=${hex.slice(0, -2)}zz`,
      `v1=${hex},v1=${hex}`,
      `v1=${'0'.repeat(10_000)}`,
    ];
    for (const presented of malformed) expect(signatureMatches(expected, presented)).toBe(false);
  });
});
