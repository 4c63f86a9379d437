import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { BadgeError } from '../errors.js';

/**
 * The issuer's signing keys. Ed25519 signs Data Integrity proofs (the primary format); RSA signs VC-JWT and
 * OB 2.0 signed assertions (validators of those formats can only be relied on for RS256). A key's `kid` is its
 * RFC 7638 JWK thumbprint. Rotation retires the active key but keeps it, so its public half stays published
 * and credentials signed with it still verify.
 */
export type KeyAlgorithm = 'EdDSA' | 'RS256';

export interface StoredKey {
  kid: string;
  algorithm: KeyAlgorithm;
  status: 'active' | 'retired';
  createdAt: string;
  publicJwk: JWK;
  /** Private JWK. Lives only in the key store; never logged, never published. */
  privateJwk: JWK;
}

export interface KeyRing {
  version: 1;
  keys: StoredKey[];
}

export interface SigningKey {
  kid: string;
  algorithm: KeyAlgorithm;
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicJwk: JWK;
}

/** Where the key ring is kept (a file for the CLI, Secrets Manager on AWS). */
export interface KeyStore {
  load(): Promise<KeyRing | undefined>;
  save(ring: KeyRing): Promise<void>;
  /**
   * Stores `ring` only if no ring exists yet, atomically, and returns the ring that is stored afterwards: when two
   * processes start at once, both end up signing with the same keys.
   */
  createIfAbsent(ring: KeyRing): Promise<KeyRing>;
}

/** The stored key ring, created on first use. */
export async function ensureKeyRing(store: KeyStore, now: Date): Promise<KeyRing> {
  return (await store.load()) ?? store.createIfAbsent(await newKeyRing(now));
}

export async function generateStoredKey(algorithm: KeyAlgorithm, now: Date): Promise<StoredKey> {
  const pair =
    algorithm === 'EdDSA'
      ? generateKeyPairSync('ed25519')
      : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicJwk = pair.publicKey.export({ format: 'jwk' }) as JWK;
  const privateJwk = pair.privateKey.export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint(publicJwk, 'sha256');
  return {
    kid,
    algorithm,
    status: 'active',
    createdAt: now.toISOString(),
    publicJwk: { ...publicJwk, kid, alg: algorithm, use: 'sig' },
    privateJwk,
  };
}

export async function newKeyRing(now: Date): Promise<KeyRing> {
  return { version: 1, keys: [await generateStoredKey('EdDSA', now), await generateStoredKey('RS256', now)] };
}

/** Retires the active key of `algorithm` and makes a new one active; the old public key stays in the ring. */
export async function rotateKey(ring: KeyRing, algorithm: KeyAlgorithm, now: Date): Promise<KeyRing> {
  const fresh = await generateStoredKey(algorithm, now);
  const keys = ring.keys.map((key) =>
    key.algorithm === algorithm && key.status === 'active' ? { ...key, status: 'retired' as const } : key,
  );
  return { ...ring, keys: [...keys, fresh] };
}

export function activeKey(ring: KeyRing, algorithm: KeyAlgorithm): SigningKey {
  const stored = ring.keys.find((key) => key.algorithm === algorithm && key.status === 'active');
  if (!stored)
    throw new BadgeError('SIGNING_KEY_MISSING', `the key ring has no active ${algorithm} key`, {
      status: 500,
    });
  return toSigningKey(stored);
}

export function toSigningKey(stored: StoredKey): SigningKey {
  return {
    kid: stored.kid,
    algorithm: stored.algorithm,
    privateKey: createPrivateKey({ key: stored.privateJwk as never, format: 'jwk' }),
    publicKey: createPublicKey({ key: stored.publicJwk as never, format: 'jwk' }),
    publicJwk: stored.publicJwk,
  };
}

/** Public keys of every key in the ring, active and retired, for publishing. */
export function publicKeys(
  ring: KeyRing,
): Array<{ kid: string; algorithm: KeyAlgorithm; publicKey: KeyObject; publicJwk: JWK }> {
  return ring.keys.map((key) => ({
    kid: key.kid,
    algorithm: key.algorithm,
    publicKey: createPublicKey({ key: key.publicJwk as never, format: 'jwk' }),
    publicJwk: key.publicJwk,
  }));
}

export function parseKeyRing(text: string): KeyRing {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new BadgeError('KEY_RING_INVALID', 'the stored key ring is not JSON', { status: 500, cause });
  }
  const ring = value as KeyRing;
  if (
    ring?.version !== 1 ||
    !Array.isArray(ring.keys) ||
    ring.keys.some((k) => typeof k?.kid !== 'string' || !k.privateJwk)
  ) {
    throw new BadgeError('KEY_RING_INVALID', 'the stored key ring is not a version 1 key ring', {
      status: 500,
    });
  }
  return ring;
}
