import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { CompactSign } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeCompactJws, signVcJwt, verifyVcJwt } from '../../../shared/ob3/vc-jwt.js';
import { type DocumentFetcher, staticDocumentFetcher } from '../../../shared/ports/fetcher.js';
import { verify } from '../../../shared/verify/index.js';
import type { VerificationCheck } from '../../../shared/verify/result.js';

const ISSUER = 'https://badges.example.org/issuer';
const KID = 'https://badges.example.org/keys/rsa-1';
const now = new Date('2025-06-01T12:00:00Z');

const credential = {
  '@context': [
    'https://www.w3.org/ns/credentials/v2',
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
  ],
  id: 'https://badges.example.org/credentials/42',
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  issuer: { id: ISSUER, type: ['Profile'], name: 'Citizen 2.1' },
  validFrom: '2025-01-01T00:00:00Z',
  validUntil: '2030-01-01T00:00:00Z',
  name: 'Witness',
  credentialSubject: {
    type: ['AchievementSubject'],
    identifier: [
      {
        type: 'IdentityObject',
        identityHash: 'sha256$0d5c1d5e6a61c4a4f1d1fd7b3d16e8e1e4f2a7e3b4c5d6e7f8091a2b3c4d5e6f',
        identityType: 'emailAddress',
        hashed: true,
        salt: 'c0ffee',
      },
    ],
    achievement: {
      id: 'https://badges.example.org/achievements/witness',
      type: ['Achievement'],
      name: 'Witness',
      description: 'Took part, as a trainee, in a Citizen 2.1 training course.',
      criteria: { narrative: 'Attend a Citizen 2.1 training course.' },
    },
  },
};

let rsa: { privateKey: KeyObject; publicKey: KeyObject };
let fetcher: DocumentFetcher;
let jws: string;

function check(checks: VerificationCheck[], code: string): VerificationCheck {
  const found = checks.filter((entry) => entry.code === code);
  expect(found).toHaveLength(1);
  return found[0] as VerificationCheck;
}

function segments(token: string): [string, string, string] {
  return token.split('.') as [string, string, string];
}

beforeAll(async () => {
  rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  fetcher = staticDocumentFetcher(
    new Map([
      [
        KID,
        {
          body: JSON.stringify(rsa.publicKey.export({ format: 'jwk' })),
          contentType: 'application/jwk+json',
        },
      ],
    ]),
  );
  jws = await signVcJwt(credential, { privateKey: rsa.privateKey, kid: KID, now });
});

describe('signVcJwt', () => {
  it('writes a header of exactly alg RS256, kid and typ JWT', () => {
    expect(decodeCompactJws(jws)?.header).toEqual({ alg: 'RS256', kid: KID, typ: 'JWT' });
  });

  it('puts the credential at top level with iss, jti, sub, nbf, exp and iat, and no vc claim', () => {
    const payload = decodeCompactJws(jws)?.payload as Record<string, unknown>;
    expect(payload.vc).toBeUndefined();
    expect(payload).toMatchObject({
      ...credential,
      iss: ISSUER,
      jti: credential.id,
      sub: credential.credentialSubject.identifier[0]?.identityHash,
      nbf: Date.parse(credential.validFrom) / 1000,
      exp: Date.parse(credential.validUntil) / 1000,
      iat: now.getTime() / 1000,
    });
  });

  it('uses credentialSubject.id as sub when the subject has one', async () => {
    const withId = {
      ...credential,
      credentialSubject: { ...credential.credentialSubject, id: 'did:example:learner' },
    };
    const token = await signVcJwt(withId, { privateKey: rsa.privateKey, kid: KID, now });
    expect(decodeCompactJws(token)?.payload.sub).toBe('did:example:learner');
  });

  it('refuses a key that is not an RSA private key', async () => {
    const ed = generateKeyPairSync('ed25519');
    await expect(signVcJwt(credential, { privateKey: ed.privateKey, kid: KID })).rejects.toMatchObject({
      code: 'KEY_TYPE_UNSUPPORTED',
    });
    await expect(signVcJwt(credential, { privateKey: rsa.publicKey, kid: KID })).rejects.toMatchObject({
      code: 'KEY_TYPE_UNSUPPORTED',
    });
  });

  it('refuses a credential without issuer, id or validFrom', async () => {
    const { validFrom: _validFrom, ...undated } = credential;
    await expect(signVcJwt(undated, { privateKey: rsa.privateKey, kid: KID })).rejects.toMatchObject({
      code: 'CREDENTIAL_INVALID',
    });
    const { issuer: _issuer, ...anonymous } = credential;
    await expect(signVcJwt(anonymous, { privateKey: rsa.privateKey, kid: KID })).rejects.toMatchObject({
      code: 'CREDENTIAL_INVALID',
    });
  });
});

describe('verifyVcJwt round trip', () => {
  it('verifies its own output: signature, key served by the issuer host, validity period', async () => {
    const result = await verifyVcJwt(jws, { fetcher, now });
    expect(result.credential).toEqual(credential);
    expect(result.checks.map((entry) => [entry.code, entry.status])).toEqual([
      ['PROOF', 'passed'],
      ['KEY_BINDING', 'passed'],
      ['NOT_YET_VALID', 'passed'],
      ['EXPIRED', 'passed'],
    ]);
  });

  it('verifies through verify() as an OB 3.0 VC-JWT', async () => {
    const result = await verify(jws, { fetcher, now });
    expect(result.checks.filter((entry) => entry.status === 'failed')).toEqual([]);
    expect(result.verified).toBe(true);
    expect(result.format).toBe('ob3-jwt');
    expect(check(result.checks, 'SCHEMA').status).toBe('passed');
  });

  it('reports nbf in the future and exp in the past', async () => {
    const early = await verifyVcJwt(jws, { fetcher, now: new Date('2024-12-31T23:59:59Z') });
    expect(check(early.checks, 'NOT_YET_VALID')).toMatchObject({ status: 'failed', reason: 'NOT_YET_VALID' });
    const late = await verifyVcJwt(jws, { fetcher, now: new Date('2030-01-01T00:00:01Z') });
    expect(check(late.checks, 'EXPIRED')).toMatchObject({ status: 'failed', reason: 'EXPIRED' });
  });

  it('fails PROOF when the kid cannot be dereferenced', async () => {
    const result = await verifyVcJwt(jws, { fetcher: staticDocumentFetcher(new Map()), now });
    expect(check(result.checks, 'PROOF')).toMatchObject({ status: 'failed', reason: 'KEY_NOT_FOUND' });
    expect(check(result.checks, 'KEY_BINDING').status).toBe('skipped');
  });

  it('fails PROOF when the kid serves another key', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const wrongKey = staticDocumentFetcher(
      new Map([[KID, { body: JSON.stringify(other.publicKey.export({ format: 'jwk' })) }]]),
    );
    const result = await verifyVcJwt(jws, { fetcher: wrongKey, now });
    expect(check(result.checks, 'PROOF')).toMatchObject({ status: 'failed', reason: 'SIGNATURE_INVALID' });
  });

  it('warns when the key is served by a host other than the issuer', async () => {
    const elsewhere = 'https://keys.example.net/rsa-1';
    const token = await signVcJwt(credential, { privateKey: rsa.privateKey, kid: elsewhere, now });
    const served = staticDocumentFetcher(
      new Map([[elsewhere, { body: JSON.stringify(rsa.publicKey.export({ format: 'jwk' })) }]]),
    );
    const result = await verifyVcJwt(token, { fetcher: served, now });
    expect(check(result.checks, 'PROOF').status).toBe('passed');
    expect(check(result.checks, 'KEY_BINDING')).toMatchObject({ status: 'warning', reason: 'KEY_NOT_BOUND' });
  });
});

describe('verifyVcJwt on tampered tokens', () => {
  it('fails PROOF for every single-byte change of the decoded header or payload that still parses', async () => {
    const [header, payload, signature] = segments(jws);
    let proofFailures = 0;
    let unreadable = 0;
    for (const [segment, index] of [
      [header, 0],
      [payload, 1],
    ] as const) {
      const bytes = Buffer.from(segment, 'base64url');
      for (let at = 0; at < bytes.length; at += 1) {
        const changed = Buffer.from(bytes);
        changed[at] = (changed[at] as number) === 0x41 ? 0x42 : 0x41;
        const parts = [header, payload, signature];
        parts[index] = changed.toString('base64url');
        const result = await verifyVcJwt(parts.join('.'), { fetcher, now });
        const proof = result.checks.find((entry) => entry.code === 'PROOF');
        if (proof) {
          expect(proof.status).toBe('failed');
          proofFailures += 1;
        } else {
          expect(result.checks).toEqual([
            expect.objectContaining({ code: 'INPUT', status: 'failed', reason: 'JWS_MALFORMED' }),
          ]);
          unreadable += 1;
        }
      }
    }
    // Most changes keep the JSON readable, so these are signature failures, not parse failures.
    expect(proofFailures).toBeGreaterThan(unreadable);
  });

  it('fails PROOF for every single-byte change of the signature', async () => {
    const [header, payload, signature] = segments(jws);
    const bytes = Buffer.from(signature, 'base64url');
    for (let at = 0; at < bytes.length; at += 1) {
      const changed = Buffer.from(bytes);
      changed[at] = (changed[at] as number) ^ 0x01;
      const result = await verifyVcJwt(`${header}.${payload}.${changed.toString('base64url')}`, {
        fetcher,
        now,
      });
      expect(check(result.checks, 'PROOF')).toMatchObject({ status: 'failed', reason: 'SIGNATURE_INVALID' });
    }
  });

  it('never verifies a token with any base64url character of the header or payload replaced', async () => {
    const [header, payload, signature] = segments(jws);
    const encodedSigningInput = `${header}.${payload}`;
    for (let at = 0; at < encodedSigningInput.length; at += 1) {
      if (encodedSigningInput[at] === '.') continue;
      const replacement = encodedSigningInput[at] === 'A' ? 'B' : 'A';
      const token = `${encodedSigningInput.slice(0, at)}${replacement}${encodedSigningInput.slice(at + 1)}.${signature}`;
      const result = await verify(token, { fetcher, now });
      expect(result.verified).toBe(false);
    }
  });

  it('rejects alg none and symmetric algorithms', async () => {
    const payload = segments(jws)[1];
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    const result = await verifyVcJwt(none, { fetcher, now });
    expect(check(result.checks, 'PROOF')).toMatchObject({
      status: 'failed',
      reason: 'UNSUPPORTED_ALGORITHM',
    });
    const secret = new TextEncoder().encode('a shared secret that anyone could use');
    const hs = await new CompactSign(Buffer.from(segments(jws)[1], 'base64url'))
      .setProtectedHeader({
        alg: 'HS256',
        jwk: { kty: 'oct', k: Buffer.from(secret).toString('base64url') } as never,
      })
      .sign(secret);
    const symmetric = await verifyVcJwt(hs, { fetcher, now });
    expect(check(symmetric.checks, 'PROOF')).toMatchObject({
      status: 'failed',
      reason: 'UNSUPPORTED_ALGORITHM',
    });
  });

  it('fails KEY_BINDING when iss names someone other than the credential issuer', async () => {
    const payload = { ...credential, iss: 'https://impostor.example.net/issuer', jti: credential.id };
    const token = await new CompactSign(Buffer.from(JSON.stringify(payload)))
      .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
      .sign(rsa.privateKey);
    const result = await verifyVcJwt(token, { fetcher, now });
    expect(check(result.checks, 'PROOF').status).toBe('passed');
    expect(check(result.checks, 'KEY_BINDING')).toMatchObject({
      status: 'failed',
      reason: 'ISSUER_MISMATCH',
    });
  });
});

describe('verifyVcJwt keys and forms', () => {
  it.each([
    ['ES256', () => generateKeyPairSync('ec', { namedCurve: 'P-256' })],
    ['EdDSA', () => generateKeyPairSync('ed25519')],
  ] as const)(
    'verifies %s with a key embedded as jwk, without binding it to the issuer',
    async (alg, generate) => {
      const pair = generate();
      const token = await new CompactSign(Buffer.from(JSON.stringify({ ...credential, iss: ISSUER })))
        .setProtectedHeader({ alg, typ: 'JWT', jwk: pair.publicKey.export({ format: 'jwk' }) as never })
        .sign(pair.privateKey);
      const result = await verifyVcJwt(token, { fetcher, now });
      expect(check(result.checks, 'PROOF').status).toBe('passed');
      expect(check(result.checks, 'KEY_BINDING')).toMatchObject({
        status: 'warning',
        reason: 'KEY_NOT_BOUND',
      });
    },
  );

  it('reads the older form with the credential under a vc claim', async () => {
    const { id, ...rest } = credential;
    const payload = { vc: rest, iss: ISSUER, jti: id, nbf: Date.parse(credential.validFrom) / 1000 };
    const token = await new CompactSign(Buffer.from(JSON.stringify(payload)))
      .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
      .sign(rsa.privateKey);
    const result = await verifyVcJwt(token, { fetcher, now });
    expect(result.credential).toEqual(credential);
    expect(check(result.checks, 'PROOF').status).toBe('passed');
  });

  it('dereferences a did:web kid to a JsonWebKey in the DID document, bound when the DID is the issuer', async () => {
    const did = 'did:web:badges.example.org';
    const kid = `${did}#rsa-1`;
    const didDocument = {
      '@context': ['https://www.w3.org/ns/did/v1'],
      id: did,
      verificationMethod: [
        {
          id: kid,
          type: 'JsonWebKey',
          controller: did,
          publicKeyJwk: rsa.publicKey.export({ format: 'jwk' }),
        },
      ],
      assertionMethod: [kid],
    };
    const didFetcher = staticDocumentFetcher(
      new Map([['https://badges.example.org/.well-known/did.json', { body: JSON.stringify(didDocument) }]]),
    );
    const issuedByDid = { ...credential, issuer: { ...credential.issuer, id: did } };
    const token = await signVcJwt(issuedByDid, { privateKey: rsa.privateKey, kid, now });
    const result = await verify(token, { fetcher: didFetcher, now });
    expect(result.checks.filter((entry) => entry.status === 'failed')).toEqual([]);
    expect(check(result.checks, 'KEY_BINDING').status).toBe('passed');
  });

  it('reports a token that is not a JWS as unreadable input', async () => {
    const result = await verifyVcJwt('not.a.jws!', { fetcher, now });
    expect(result.credential).toBeUndefined();
    expect(result.checks).toEqual([
      expect.objectContaining({ code: 'INPUT', status: 'failed', reason: 'JWS_MALFORMED' }),
    ]);
  });
});
