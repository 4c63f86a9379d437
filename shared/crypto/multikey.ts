import { createPublicKey, type KeyObject } from 'node:crypto';
import { decode as decodeBase58, encode as encodeBase58 } from 'base58-universal';
import { BadgeError } from '../errors.js';

/** Multicodec prefix of an Ed25519 public key (0xed, varint-encoded as 0xed 0x01). */
const ED25519_PUB_PREFIX = Uint8Array.of(0xed, 0x01);

export function multibaseFromEd25519PublicKey(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
    throw new BadgeError('KEY_TYPE_UNSUPPORTED', 'not an Ed25519 public key');
  }
  const raw = Buffer.from(jwk.x, 'base64url');
  return `z${encodeBase58(Buffer.concat([ED25519_PUB_PREFIX, raw]))}`;
}

export function ed25519PublicKeyFromMultibase(multibase: string): KeyObject {
  if (typeof multibase !== 'string' || !multibase.startsWith('z') || multibase.length > 100) {
    throw new BadgeError('KEY_MULTIBASE_INVALID', 'an Ed25519 Multikey is base58btc multibase (z…)');
  }
  let bytes: Uint8Array;
  try {
    bytes = decodeBase58(multibase.slice(1));
  } catch (cause) {
    throw new BadgeError('KEY_MULTIBASE_INVALID', 'the multibase value is not base58btc', { cause });
  }
  if (bytes.length !== 34 || bytes[0] !== 0xed || bytes[1] !== 0x01) {
    throw new BadgeError('KEY_MULTIBASE_INVALID', 'the multibase value is not an Ed25519 public key');
  }
  return createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(bytes.subarray(2)).toString('base64url') },
    format: 'jwk',
  });
}

/** base58btc multibase of arbitrary bytes (proof values). */
export function encodeMultibaseBase58(bytes: Uint8Array): string {
  return `z${encodeBase58(bytes)}`;
}

export function decodeMultibaseBase58(value: string): Uint8Array {
  if (typeof value !== 'string' || !value.startsWith('z')) {
    throw new BadgeError('MULTIBASE_INVALID', 'expected a base58btc multibase value (z…)');
  }
  try {
    return decodeBase58(value.slice(1));
  } catch (cause) {
    throw new BadgeError('MULTIBASE_INVALID', 'the value is not base58btc', { cause });
  }
}
