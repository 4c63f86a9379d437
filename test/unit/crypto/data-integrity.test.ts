import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { signEddsaRdfc2022, verifyEddsaRdfc2022 } from '../../../shared/crypto/data-integrity.js';
import {
  ed25519PublicKeyFromMultibase,
  multibaseFromEd25519PublicKey,
} from '../../../shared/crypto/multikey.js';

const vectorDir = new URL('../../fixtures/openbadges/test-vectors/eddsa-rdfc-2022/', import.meta.url);
const vector = JSON.parse(readFileSync(new URL('vector.json', vectorDir), 'utf8'));
const unsigned = JSON.parse(readFileSync(new URL('unsigned-credential.json', vectorDir), 'utf8'));

function vectorPrivateKey() {
  const seed = Buffer.from(vector.privateKeyHex_seed_plus_public.slice(0, 64), 'hex');
  const x = Buffer.from(vector.publicKeyHex, 'hex');
  return createPrivateKey({
    key: { kty: 'OKP', crv: 'Ed25519', d: seed.toString('base64url'), x: x.toString('base64url') },
    format: 'jwk',
  });
}

describe('eddsa-rdfc-2022', () => {
  it('reproduces the Open Badges 3.0 implementation guide test vector exactly', async () => {
    const signed = await signEddsaRdfc2022(unsigned, {
      privateKey: vectorPrivateKey(),
      verificationMethod: vector.proofOptionsBeforeSigning.verificationMethod,
      created: vector.proofOptionsBeforeSigning.created,
    });
    expect(signed.proof[0]?.proofValue).toBe(vector.proofValue_multibase_base58btc);
  });

  it('verifies the vector signature with the multibase public key', async () => {
    const publicKey = ed25519PublicKeyFromMultibase(vector.publicKeyMultibase);
    expect(multibaseFromEd25519PublicKey(publicKey)).toBe(vector.publicKeyMultibase);
    const proof = { ...vector.proofOptionsBeforeSigning, proofValue: vector.proofValue_multibase_base58btc };
    expect(await verifyEddsaRdfc2022(unsigned, proof, { publicKey })).toEqual({ valid: true });
  });

  it('rejects a changed credential with PROOF_VALUE_INVALID', async () => {
    const publicKey = ed25519PublicKeyFromMultibase(vector.publicKeyMultibase);
    const proof = { ...vector.proofOptionsBeforeSigning, proofValue: vector.proofValue_multibase_base58btc };
    const tampered = { ...unsigned, name: 'Teamwork Badge!' };
    expect(await verifyEddsaRdfc2022(tampered, proof, { publicKey })).toMatchObject({
      valid: false,
      reason: 'PROOF_VALUE_INVALID',
    });
  });

  it('rejects a changed proof option with PROOF_VALUE_INVALID', async () => {
    const publicKey = ed25519PublicKeyFromMultibase(vector.publicKeyMultibase);
    const proof = {
      ...vector.proofOptionsBeforeSigning,
      created: '2010-01-01T19:23:25Z',
      proofValue: vector.proofValue_multibase_base58btc,
    };
    expect(await verifyEddsaRdfc2022(unsigned, proof, { publicKey })).toMatchObject({
      valid: false,
      reason: 'PROOF_VALUE_INVALID',
    });
  });

  it('names unsupported and legacy cryptosuites', async () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const base = {
      type: 'DataIntegrityProof',
      created: 'x',
      verificationMethod: 'x',
      proofPurpose: 'assertionMethod',
      proofValue: 'z1',
    };
    expect(
      await verifyEddsaRdfc2022(unsigned, { ...base, cryptosuite: 'ecdsa-sd-2023' }, { publicKey }),
    ).toMatchObject({ reason: 'UNSUPPORTED_CRYPTOSUITE' });
    expect(
      await verifyEddsaRdfc2022(unsigned, { ...base, cryptosuite: 'eddsa-2022' }, { publicKey }),
    ).toMatchObject({ reason: 'LEGACY_CRYPTOSUITE' });
    expect(await verifyEddsaRdfc2022(unsigned, 'nope', { publicKey })).toMatchObject({
      reason: 'PROOF_MALFORMED',
    });
  });

  it('round-trips with a fresh key', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const signed = await signEddsaRdfc2022(unsigned, {
      privateKey,
      verificationMethod: 'did:web:example.org#key-1',
      created: '2026-01-01T00:00:00Z',
    });
    expect(await verifyEddsaRdfc2022(signed, signed.proof[0], { publicKey })).toEqual({ valid: true });
  });
});
