import { compactVerify, decodeProtectedHeader } from 'jose';
import { rsaPublicKeyFromPem } from './cryptographic-key.js';

/** The largest signed assertion accepted; real ones are a few kilobytes. */
const MAX_JWS_LENGTH = 1024 * 1024;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export function looksLikeCompactJws(text: string): boolean {
  return text.length <= MAX_JWS_LENGTH && COMPACT_JWS.test(text.trim());
}

/** The JSON payload of a compact JWS, read before its signature is checked (to learn which key to check with). */
export function readJwsPayload(jws: string): { ok: true; payload: unknown } | { ok: false; message: string } {
  const compact = jws.trim();
  if (!looksLikeCompactJws(compact))
    return { ok: false, message: 'not a compact JWS (three base64url parts)' };
  try {
    decodeProtectedHeader(compact);
    const payloadPart = compact.split('.')[1] ?? '';
    return { ok: true, payload: JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8')) };
  } catch {
    return { ok: false, message: 'the JWS header or payload is not base64url-encoded JSON' };
  }
}

export type JwsVerdict =
  | { valid: true }
  | { valid: false; reason: 'KEY_INVALID' | 'ALGORITHM_UNSUPPORTED' | 'SIGNATURE_INVALID'; message: string };

/** Verifies an RS256 compact JWS with an RSA public key given as PEM. */
export async function verifyRs256Jws(jws: string, publicKeyPem: unknown): Promise<JwsVerdict> {
  const key = typeof publicKeyPem === 'string' ? rsaPublicKeyFromPem(publicKeyPem) : undefined;
  if (!key) return { valid: false, reason: 'KEY_INVALID', message: 'publicKeyPem is not an RSA public key' };
  const compact = jws.trim();
  let algorithm: unknown;
  try {
    algorithm = decodeProtectedHeader(compact).alg;
  } catch {
    return { valid: false, reason: 'SIGNATURE_INVALID', message: 'the JWS header is unreadable' };
  }
  if (algorithm !== 'RS256') {
    return {
      valid: false,
      reason: 'ALGORITHM_UNSUPPORTED',
      message: `JWS alg ${String(algorithm)} is not RS256`,
    };
  }
  // base64url decoders ignore the spare bits of the last character: insist on the one canonical encoding so that
  // no character of the signature can change without failing verification.
  const signaturePart = compact.split('.')[2] ?? '';
  if (Buffer.from(signaturePart, 'base64url').toString('base64url') !== signaturePart) {
    return {
      valid: false,
      reason: 'SIGNATURE_INVALID',
      message: 'the JWS signature is not canonical base64url',
    };
  }
  try {
    await compactVerify(compact, key, { algorithms: ['RS256'] });
    return { valid: true };
  } catch {
    return {
      valid: false,
      reason: 'SIGNATURE_INVALID',
      message: 'the JWS signature does not verify with the key',
    };
  }
}
