import { createPublicKey, type KeyObject } from 'node:crypto';
import { OB_V2_CONTEXT } from '../formats/contexts.js';
import { InputProblems } from './build-input.js';
import type { Ob2CryptographicKey } from './types.js';

export interface Ob2CryptographicKeyInput {
  id: string;
  /** The issuer Profile's id; the issuer must also list this key in its `publicKey`. */
  owner: string;
  /** An RSA public key (SPKI PEM): 1EdTech's validators verify OB 2.0 signatures with RS256 only. */
  publicKeyPem: string;
}

export function buildCryptographicKey(input: Ob2CryptographicKeyInput): Ob2CryptographicKey {
  const problems = new InputProblems('CryptographicKey');
  problems.requireHttpUrl('id', input.id);
  problems.requireHttpUrl('owner', input.owner);
  const key = typeof input.publicKeyPem === 'string' ? rsaPublicKeyFromPem(input.publicKeyPem) : undefined;
  if (!key) problems.add('publicKeyPem', 'must be an RSA public key in PEM (SPKI) form');
  problems.throwIfAny();

  return {
    '@context': OB_V2_CONTEXT,
    type: 'CryptographicKey',
    id: input.id,
    owner: input.owner,
    publicKeyPem: input.publicKeyPem,
  };
}

/** The RSA public key in a PEM, or undefined when the PEM is not one (private keys are refused too). */
export function rsaPublicKeyFromPem(pem: string): KeyObject | undefined {
  if (!pem.includes('-----BEGIN') || pem.includes('PRIVATE KEY')) return undefined;
  try {
    const key = createPublicKey({ key: pem, format: 'pem' });
    return key.asymmetricKeyType === 'rsa' ? key : undefined;
  } catch {
    return undefined;
  }
}
