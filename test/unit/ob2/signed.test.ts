import { generateKeyPairSync } from 'node:crypto';
import { CompactSign } from 'jose';
import { describe, expect, it } from 'vitest';
import { signOb2Assertion } from '../../../shared/ob2/sign.js';
import { verifyOb2 } from '../../../shared/ob2/verify.js';
import type { VerificationResult } from '../../../shared/verify/result.js';
import {
  assertionDocument,
  issuerDocument,
  KID,
  keyDocument,
  layout,
  NOW,
  RECIPIENT_EMAIL,
  revocationListDocument,
  rsaKeys,
  siteFetcher,
} from './issuer-site.js';

const assertionId = 'urn:uuid:3b1f6a52-9c1e-4d7a-8f2e-5a6b7c8d9e0f';
const signedAssertion = () =>
  assertionDocument(assertionId, { type: 'signed', creator: layout.cryptographicKey(KID) });

function failures(result: VerificationResult) {
  return result.checks.filter((c) => c.status === 'failed').map((c) => ({ code: c.code, reason: c.reason }));
}

function statusOf(result: VerificationResult, code: string) {
  return result.checks.filter((c) => c.code === code).map((c) => c.status);
}

describe('signed OB 2.0 assertions built by this product', () => {
  it('are compact JWS with header { alg: RS256 } and the assertion as payload', async () => {
    const jws = await signOb2Assertion(signedAssertion(), { privateKey: rsaKeys().privateKey });
    const [header, payload] = jws.split('.');
    expect(JSON.parse(Buffer.from(header ?? '', 'base64url').toString())).toEqual({ alg: 'RS256' });
    expect(JSON.parse(Buffer.from(payload ?? '', 'base64url').toString())).toEqual(signedAssertion());
  });

  it('verify: signature, key listed and owned by the issuer, not revoked, recipient', async () => {
    const jws = await signOb2Assertion(signedAssertion(), { privateKey: rsaKeys().privateKey });
    const result = await verifyOb2(
      { kind: 'jws', jws },
      { fetcher: siteFetcher(), now: NOW, recipientEmail: RECIPIENT_EMAIL },
    );
    expect(failures(result)).toEqual([]);
    expect(result.verified).toBe(true);
    expect(result.format).toBe('ob2-signed');
    for (const code of ['PROOF', 'KEY_BINDING', 'STATUS', 'RECIPIENT'])
      expect(statusOf(result, code)).toEqual(['passed']);
  });

  it('verify from a URL that serves the JWS', async () => {
    const jws = await signOb2Assertion(signedAssertion(), { privateKey: rsaKeys().privateKey });
    const jwsUrl = layout.credentialJwt('a-3b1f');
    const fetcher = siteFetcher({}, { [jwsUrl]: { body: jws, contentType: 'application/jwt' } });
    const result = await verifyOb2({ kind: 'url', url: jwsUrl }, { fetcher, now: NOW });
    expect(failures(result)).toEqual([]);
    expect(result.format).toBe('ob2-signed');
  });

  it('are revoked when listed in the issuer RevocationList', async () => {
    const jws = await signOb2Assertion(signedAssertion(), { privateKey: rsaKeys().privateKey });
    const revoked = revocationListDocument([{ id: assertionId, revocationReason: 'issued in error' }]);
    const result = await verifyOb2(
      { kind: 'jws', jws },
      { fetcher: siteFetcher({ [layout.revocationList]: revoked }), now: NOW },
    );
    expect(failures(result)).toEqual([{ code: 'STATUS', reason: 'REVOKED' }]);
    expect(result.checks.find((c) => c.reason === 'REVOKED')?.message).toContain('issued in error');
  });

  it('fail STATUS (closed) when the declared RevocationList cannot be fetched', async () => {
    const jws = await signOb2Assertion(signedAssertion(), { privateKey: rsaKeys().privateKey });
    const fetcher = siteFetcher({}, { [layout.revocationList]: { body: '', status: 503 } });
    const result = await verifyOb2({ kind: 'jws', jws }, { fetcher, now: NOW });
    expect(failures(result)).toEqual([{ code: 'STATUS', reason: 'REVOCATION_LIST_UNAVAILABLE' }]);
  });

  it('fail KEY_BINDING when the issuer does not list the key', async () => {
    const jws = await signOb2Assertion(signedAssertion(), { privateKey: rsaKeys().privateKey });
    const issuer = issuerDocument({ publicKeys: [layout.cryptographicKey('another')] });
    const result = await verifyOb2(
      { kind: 'jws', jws },
      { fetcher: siteFetcher({ [layout.ob2Issuer]: issuer }), now: NOW },
    );
    expect(failures(result)).toEqual([{ code: 'KEY_BINDING', reason: 'KEY_NOT_LISTED_BY_ISSUER' }]);
    expect(statusOf(result, 'PROOF')).toEqual(['passed']);
  });

  it('fail KEY_BINDING when the key belongs to someone else', async () => {
    const jws = await signOb2Assertion(signedAssertion(), { privateKey: rsaKeys().privateKey });
    const key = keyDocument('https://someone-else.example.net/issuer.json');
    const result = await verifyOb2(
      { kind: 'jws', jws },
      { fetcher: siteFetcher({ [layout.cryptographicKey(KID)]: key }), now: NOW },
    );
    expect(failures(result)).toEqual([{ code: 'KEY_BINDING', reason: 'KEY_OWNER_MISMATCH' }]);
  });

  it('fail PROOF when signed by another key than the one at verification.creator', async () => {
    const { privateKey: otherKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jws = await signOb2Assertion(signedAssertion(), { privateKey: otherKey });
    const result = await verifyOb2({ kind: 'jws', jws }, { fetcher: siteFetcher(), now: NOW });
    expect(failures(result)).toEqual([{ code: 'PROOF', reason: 'SIGNATURE_INVALID' }]);
    expect(result.verified).toBe(false);
  });

  it('fail PROOF when the JWS uses another algorithm than RS256', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const payload = new TextEncoder().encode(JSON.stringify(signedAssertion()));
    const jws = await new CompactSign(payload).setProtectedHeader({ alg: 'ES256' }).sign(privateKey);
    const result = await verifyOb2({ kind: 'jws', jws }, { fetcher: siteFetcher(), now: NOW });
    expect(failures(result)).toEqual([{ code: 'PROOF', reason: 'JWS_ALGORITHM_UNSUPPORTED' }]);
  });

  it('fail PROOF when any character of the JWS is changed', async () => {
    const jws = await signOb2Assertion(signedAssertion(), { privateKey: rsaKeys().privateKey });
    const fetcher = siteFetcher();
    const unproven: number[] = [];
    for (let index = 0; index < jws.length; index++) {
      if (jws[index] === '.') continue;
      const replacement = jws[index] === 'A' ? 'B' : 'A';
      const tampered = jws.slice(0, index) + replacement + jws.slice(index + 1);
      const result = await verifyOb2({ kind: 'jws', jws: tampered }, { fetcher, now: NOW });
      if (result.verified || !statusOf(result, 'PROOF').includes('failed')) unproven.push(index);
    }
    expect(unproven).toEqual([]);
  });

  it('fail PROOF when only the spare bits of the last signature character change', async () => {
    const jws = await signOb2Assertion(signedAssertion(), { privateKey: rsaKeys().privateKey });
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // 256 signature bytes take 342 base64url characters: the last one carries 4 bits that encode nothing.
    const last = alphabet.indexOf(jws.at(-1) ?? 'A');
    const tampered = jws.slice(0, -1) + alphabet[last ^ 1];
    expect(Buffer.from(tampered.split('.')[2] ?? '', 'base64url')).toEqual(
      Buffer.from(jws.split('.')[2] ?? '', 'base64url'),
    );
    const result = await verifyOb2({ kind: 'jws', jws: tampered }, { fetcher: siteFetcher(), now: NOW });
    expect(failures(result)).toEqual([{ code: 'PROOF', reason: 'SIGNATURE_INVALID' }]);
  });

  it('fail PROOF when presented as JSON without their signature', async () => {
    const result = await verifyOb2(
      { kind: 'json', assertion: signedAssertion() },
      { fetcher: siteFetcher(), now: NOW },
    );
    expect(result.format).toBe('ob2-signed');
    expect(failures(result)).toEqual([{ code: 'PROOF', reason: 'SIGNATURE_MISSING' }]);
  });
});

describe('signOb2Assertion', () => {
  it('refuses a key that is not an RSA private key', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    await expect(signOb2Assertion(signedAssertion(), { privateKey })).rejects.toMatchObject({
      code: 'OB2_SIGNING_KEY_NOT_RSA',
    });
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    await expect(signOb2Assertion(signedAssertion(), { privateKey: publicKey })).rejects.toMatchObject({
      code: 'OB2_SIGNING_KEY_NOT_RSA',
    });
  });

  it('refuses to sign a hosted assertion', async () => {
    const hosted = assertionDocument(layout.assertion('a-1'), { type: 'hosted' });
    await expect(signOb2Assertion(hosted, { privateKey: rsaKeys().privateKey })).rejects.toMatchObject({
      code: 'OB2_ASSERTION_NOT_SIGNED_TYPE',
    });
  });
});
