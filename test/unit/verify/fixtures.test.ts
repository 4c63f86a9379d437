import { describe, expect, it } from 'vitest';
import { unbake } from '../../../shared/baking/index.js';
import type { VerificationResult } from '../../../shared/verify/index.js';
import { verify } from '../../../shared/verify/index.js';
import { fixtureFetcher, readOb20, readOb30, readOb30Json, TESTLIST_URL } from './fixture-fetcher.js';

/**
 * 1EdTech's own validator fixtures (as listed in /work/shared/openbadges/README.md): the expected verdict, for the
 * expected reason. Status lists are answered from files; `now` is fixed inside every fixture's validity period.
 */
const now = new Date('2025-06-01T00:00:00Z');

function failures(result: VerificationResult) {
  return result.checks
    .filter((check) => check.status === 'failed')
    .map(({ code, reason }) => ({ code, reason }));
}

function check(result: VerificationResult, code: string) {
  const found = result.checks.filter((entry) => entry.code === code);
  expect(found).toHaveLength(1);
  return found[0] as NonNullable<(typeof found)[0]>;
}

function verifyOb30(path: string, extra?: Parameters<typeof fixtureFetcher>[0]) {
  return verify(readOb30(path), { fetcher: fixtureFetcher(extra), now });
}

describe('OB 3.0 fixtures that verify', () => {
  it.each(['simple.json', 'simple.1ob', 'simple-context-alias.json'])(
    'verifies %s, whose key is named in its verification method URL',
    async (path) => {
      const result = await verifyOb30(path);
      expect(failures(result)).toEqual([]);
      expect(result.verified).toBe(true);
      expect(result.format).toBe('ob3-json');
      for (const code of [
        'INPUT',
        'CONTEXT',
        'TYPE',
        'SCHEMA',
        'PROOF',
        'STATUS',
        'NOT_YET_VALID',
        'EXPIRED',
      ]) {
        expect(check(result, code).status).toBe('passed');
      }
      // Only the issuer's own document could confirm such a key; offline it is accepted with a warning.
      expect(check(result, 'KEY_BINDING')).toMatchObject({ status: 'warning', reason: 'KEY_NOT_CONFIRMED' });
    },
  );

  it('confirms the key binding of simple.json when the issuer document lists the key', async () => {
    const method = 'https://example.com/issuers/876543#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi';
    const issuerDocument = JSON.stringify({
      id: 'https://example.com/issuers/876543',
      verificationMethod: [
        { id: method, type: 'Multikey', controller: 'https://example.com/issuers/876543' },
      ],
    });
    const result = await verifyOb30('simple.json', {
      'https://example.com/issuers/876543': { body: issuerDocument },
    });
    expect(result.verified).toBe(true);
    expect(check(result, 'KEY_BINDING').status).toBe('passed');
  });

  it('verifies simple-did-key-method.json (did:key, an issuer that is not that DID: warned, not bound)', async () => {
    const result = await verifyOb30('simple-did-key-method.json');
    expect(failures(result)).toEqual([]);
    expect(result.verified).toBe(true);
    expect(check(result, 'PROOF').status).toBe('passed');
    expect(check(result, 'KEY_BINDING')).toMatchObject({ status: 'warning', reason: 'KEY_NOT_BOUND' });
  });

  it('verifies simple-did-web-method.json, valid in compact JSON-LD form (proof as one object)', async () => {
    const result = await verifyOb30('simple-did-web-method.json');
    expect(failures(result)).toEqual([]);
    expect(result.verified).toBe(true);
    expect(check(result, 'SCHEMA')).toMatchObject({ status: 'warning', reason: 'SCHEMA_COMPACT_FORM' });
    expect(check(result, 'PROOF').status).toBe('passed');
  });

  it('verifies simple-multiple-proofs.json by its eddsa-rdfc-2022 proof, ignoring an unknown proof type', async () => {
    const result = await verifyOb30('simple-multiple-proofs.json');
    expect(failures(result)).toEqual([]);
    expect(check(result, 'PROOF').status).toBe('passed');
  });

  it('verifies endorsement-valid.json as an EndorsementCredential', async () => {
    const result = await verifyOb30('endorsement-valid.json');
    expect(failures(result)).toEqual([]);
    expect(result.verified).toBe(true);
    expect(check(result, 'TYPE').status).toBe('passed');
    expect(check(result, 'SCHEMA').status).toBe('passed');
  });

  it.each([
    ['simple-json.png', 'ob3-json'],
    ['simple-json.svg', 'ob3-json'],
    ['simple-jwt.png', 'ob3-jwt'],
    ['simple-jwt.svg', 'ob3-jwt'],
  ])('verifies the credential baked into %s (%s)', async (path, format) => {
    const result = await verifyOb30(path);
    expect(failures(result)).toEqual([]);
    expect(result.verified).toBe(true);
    expect(result.format).toBe(format);
    expect(check(result, 'PROOF').status).toBe('passed');
    expect(check(result, 'INPUT').message).toContain(`baked ${path.slice(-3).toUpperCase()}`);
  });

  it.each(['simple-jwt_v1.png', 'simple-jwt_v1.svg'])(
    'verifies %s, an older VC-JWT (vc claim, VCDM 1.1 context), with warnings',
    async (path) => {
      const result = await verifyOb30(path);
      expect(failures(result)).toEqual([]);
      expect(result.verified).toBe(true);
      expect(result.format).toBe('ob3-jwt');
      expect(check(result, 'CONTEXT')).toMatchObject({ status: 'warning', reason: 'CONTEXT_VC_V1' });
      expect(check(result, 'SCHEMA')).toMatchObject({ status: 'warning', reason: 'SCHEMA_LEGACY_FORM' });
      expect(check(result, 'PROOF').status).toBe('passed');
      // The key travels in the JWS header: nothing ties it to the issuer.
      expect(check(result, 'KEY_BINDING')).toMatchObject({ status: 'warning', reason: 'KEY_NOT_BOUND' });
    },
  );
});

describe('OB 3.0 fixtures that do not verify, for the expected reason', () => {
  it.each([
    ['simple-err-context.json', 'CONTEXT', 'CONTEXT_VC_MISSING'],
    ['simple-err-type.json', 'TYPE', 'TYPE_NOT_OPEN_BADGE'],
    ['simple-err-expired.json', 'EXPIRED', 'EXPIRED'],
    ['simple-err-issued.json', 'NOT_YET_VALID', 'NOT_YET_VALID'],
    ['simple-err-proof-method-no-scheme.json', 'PROOF', 'VERIFICATION_METHOD_INVALID'],
    ['simple-err-proof-method-unknown-scheme.json', 'PROOF', 'VERIFICATION_METHOD_UNSUPPORTED'],
    ['simple-err-proof-method-unknown-did-method.json', 'PROOF', 'VERIFICATION_METHOD_UNSUPPORTED'],
    ['simple-err-proof-method.json', 'PROOF', 'VERIFICATION_METHOD_NOT_FOUND'],
    ['simple-err-proof-value.json', 'PROOF', 'PROOF_VALUE_INVALID'],
    ['simple-noproof.json', 'PROOF', 'PROOF_MISSING'],
  ])('rejects %s: %s %s', async (path, code, reason) => {
    const result = await verifyOb30(path);
    expect(result.verified).toBe(false);
    expect(failures(result)).toContainEqual({ code, reason });
  });

  it.each([
    ['simple-err-issuer.json', "must have required property 'issuer'"],
    ['simple-err-issuer-type.json', '/issuer/type'],
    ['simple-err-issuer-parentorg-type.json', '/issuer/parentOrg/type'],
    ['simple-err-issuer-otheridentifier-type.json', '/issuer/otherIdentifier/1/type'],
    ['simple-err-credential-subject-type.json', '/credentialSubject/type'],
    ['simple-err-credential-subject-identifier-type.json', '/credentialSubject/identifier/0/type'],
    ['simple-err-credential-subject-profile-type.json', '/credentialSubject/source/type'],
    ['simple-err-credential-subject-result-type.json', '/credentialSubject/result/1/type'],
    [
      'simple-err-credential-subject-achievement-result-description-type.json',
      '/credentialSubject/achievement/resultDescription/2/type',
    ],
    ['simple-err-evidence-type.json', '/evidence/1/type'],
  ])('rejects %s: SCHEMA_INVALID at %s', async (path, where) => {
    const result = await verifyOb30(path);
    expect(result.verified).toBe(false);
    const schema = check(result, 'SCHEMA');
    expect(schema).toMatchObject({ status: 'failed', reason: 'SCHEMA_INVALID' });
    expect(schema.message).toContain(where);
  });

  it('rejects simple-err-expired.json only for its expiry: before it, it verifies', async () => {
    const result = await verify(readOb30('simple-err-expired.json'), {
      fetcher: fixtureFetcher(),
      now: new Date('2009-12-31T23:59:59Z'),
    });
    expect(failures(result)).toEqual([{ code: 'NOT_YET_VALID', reason: 'NOT_YET_VALID' }]);
    expect(check(result, 'PROOF').status).toBe('passed');
  });

  it('rejects credential-status-revoked.json: revoked in its 1EdTechRevocationList', async () => {
    const result = await verifyOb30('credential-status-revoked.json');
    expect(result.verified).toBe(false);
    expect(check(result, 'STATUS')).toMatchObject({ status: 'failed', reason: 'REVOKED' });
  });

  it.each([
    'bit-string-list/credential-status-revoked.json',
    'bit-string-list/credential-status-revoked-blank-nodes.json',
  ])('rejects %s: revoked in its BitstringStatusList (index 23 of testlist)', async (path) => {
    const result = await verifyOb30(path);
    expect(result.verified).toBe(false);
    expect(failures(result)).toEqual([{ code: 'STATUS', reason: 'REVOKED' }]);
    expect(check(result, 'PROOF').status).toBe('passed');
  });

  it('reads the status of another index of testlist as not revoked, from a list whose own proof verifies', async () => {
    const credential = readOb30Json('bit-string-list/credential-status-revoked.json');
    const status = credential.credentialStatus as Record<string, unknown>;
    credential.credentialStatus = { ...status, statusListIndex: 22, id: `${TESTLIST_URL}#22` };
    const result = await verify(JSON.stringify(credential), { fetcher: fixtureFetcher(), now });
    expect(check(result, 'STATUS')).toMatchObject({ status: 'passed' });
    // The credential was changed to point elsewhere, so its own proof no longer holds.
    expect(check(result, 'PROOF')).toMatchObject({ status: 'failed', reason: 'PROOF_VALUE_INVALID' });
  });

  it('rejects a revoked credential when its status list cannot be fetched', async () => {
    const credential = readOb30('bit-string-list/credential-status-revoked.json');
    const result = await verify(credential, {
      fetcher: fixtureFetcher({ [TESTLIST_URL]: { body: '', status: 503 } }),
      now,
    });
    expect(check(result, 'STATUS')).toMatchObject({ status: 'failed', reason: 'STATUS_LIST_UNAVAILABLE' });
  });

  it('rejects endorsement-err-schema-status-refresh.json: its only proof is Ed25519Signature2020', async () => {
    const result = await verifyOb30('endorsement-err-schema-status-refresh.json');
    expect(result.verified).toBe(false);
    expect(failures(result)).toEqual([{ code: 'PROOF', reason: 'UNSUPPORTED_CRYPTOSUITE' }]);
    expect(check(result, 'CONTEXT')).toMatchObject({ status: 'warning', reason: 'CONTEXT_VC_V1' });
    // Its revocation list (state.gov) is unreachable: a warning, as in 1EdTech's validator.
    expect(check(result, 'STATUS')).toMatchObject({ status: 'warning', reason: 'STATUS_LIST_UNAVAILABLE' });
  });

  it('does not pass simple-eddsa-2022.json: the legacy eddsa-2022 suite is named, not checked', async () => {
    const result = await verifyOb30('simple-eddsa-2022.json');
    expect(result.verified).toBe(false);
    expect(failures(result)).toEqual([{ code: 'PROOF', reason: 'LEGACY_CRYPTOSUITE' }]);
  });

  it('does not pass sd/derivedcredential.json: ecdsa-sd-2023 is not supported', async () => {
    const result = await verifyOb30('sd/derivedcredential.json');
    expect(result.verified).toBe(false);
    expect(failures(result)).toEqual([{ code: 'PROOF', reason: 'UNSUPPORTED_CRYPTOSUITE' }]);
  });

  it('warns about simple-context-version.json: an earlier OB context version', async () => {
    const result = await verifyOb30('simple-context-version.json');
    expect(check(result, 'CONTEXT')).toMatchObject({ status: 'warning', reason: 'CONTEXT_VERSION_OUTDATED' });
  });

  it('rejects simple.jwt: neither kid nor jwk names a key', async () => {
    const result = await verifyOb30('simple.jwt');
    expect(result.verified).toBe(false);
    expect(result.format).toBe('ob3-jwt');
    expect(check(result, 'PROOF')).toMatchObject({ status: 'failed', reason: 'KEY_MISSING' });
  });
});

describe('OB 2.0 fixtures through verify', () => {
  const ob2Now = new Date('2024-06-01T00:00:00Z');

  it('verifies basic-assertion.json as a hosted assertion', async () => {
    const assertion = readOb20('basic-assertion.json');
    const id = JSON.parse(assertion.toString('utf8')).id as string;
    const fetcher = fixtureFetcher({ [id]: { body: assertion, contentType: 'application/ld+json' } });
    const result = await verify(assertion.toString('utf8'), { fetcher, now: ob2Now });
    expect(failures(result)).toEqual([]);
    expect(result.verified).toBe(true);
    expect(result.format).toBe('ob2-hosted');
  });

  it('verifies the OB 2.0 assertion baked into simple-badge.png', async () => {
    const png = readOb20('simple-badge.png');
    const baked = unbake(png).ob2 as string;
    const id = JSON.parse(baked).id as string;
    const fetcher = fixtureFetcher({ [id]: { body: baked, contentType: 'application/ld+json' } });
    const result = await verify(png, { fetcher, now: ob2Now });
    expect(failures(result)).toEqual([]);
    expect(result.verified).toBe(true);
    expect(result.format).toBe('ob2-hosted');
  });

  it('verifies the signed assertion simple.jwt', async () => {
    const result = await verify(readOb20('simple.jwt').toString('utf8'), {
      fetcher: fixtureFetcher(),
      now: ob2Now,
    });
    expect(failures(result)).toEqual([]);
    expect(result.format).toBe('ob2-signed');
  });

  it('rejects the signed assertion simple-revoked.jwt: listed in the revocation list', async () => {
    const result = await verify(readOb20('simple-revoked.jwt'), { fetcher: fixtureFetcher(), now: ob2Now });
    expect(result.verified).toBe(false);
    expect(failures(result)).toEqual([{ code: 'STATUS', reason: 'REVOKED' }]);
  });

  it('rejects basic-assertion-expired.json for its expiry', async () => {
    const assertion = readOb20('basic-assertion-expired.json');
    const id = JSON.parse(assertion.toString('utf8')).id as string;
    const fetcher = fixtureFetcher({ [id]: { body: assertion, contentType: 'application/ld+json' } });
    const result = await verify(assertion, { fetcher, now: ob2Now });
    expect(result.verified).toBe(false);
    expect(failures(result)).toContainEqual({ code: 'EXPIRED', reason: 'EXPIRED' });
  });
});
