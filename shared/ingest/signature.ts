import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The `v1` request signature: hex(HMAC-SHA256(secret, `${timestamp}.${rawBody}`)), the secret and the signed
 * text both taken as UTF-8. The timestamp is the exact text of the X-Badges-Timestamp header.
 */
export const KEY_ID_HEADER = 'X-Badges-Key-Id';
export const TIMESTAMP_HEADER = 'X-Badges-Timestamp';
export const SIGNATURE_HEADER = 'X-Badges-Signature';
export const SIGNATURE_VERSION = 'v1';

export function signatureBytes(secret: string, timestamp: string, body: string): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest();
}

export function computeSignature(secret: string, timestamp: string, body: string): string {
  return `${SIGNATURE_VERSION}=${signatureBytes(secret, timestamp, body).toString('hex')}`;
}

const PRESENTED_SIGNATURE = /^v1=([0-9a-fA-F]{64})$/;

/**
 * Compares in constant time. A header of the wrong shape is refused before any comparison: `Buffer.from(hex)`
 * would silently drop non-hex characters, and `timingSafeEqual` throws on buffers of different lengths.
 */
export function signatureMatches(expected: Buffer, presented: string): boolean {
  const hex = PRESENTED_SIGNATURE.exec(presented.trim())?.[1];
  if (hex === undefined) return false;
  const candidate = Buffer.from(hex, 'hex');
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}
