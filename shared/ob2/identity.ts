import { createHash, randomBytes } from 'node:crypto';

/**
 * Recipient identities are published only as salted hashes (OB 2.0 IdentityObject, OB 3.0 IdentityObject):
 * `sha256$` + hex(SHA-256(email + salt)). The email is trimmed and lowercased first, so that the hash a verifier
 * computes from what a person types matches the one issued.
 */
export function hashEmailIdentity(email: string, salt: string): string {
  return `sha256$${digestHex('sha256', normalizeEmail(email) + salt)}`;
}

/** A fresh salt per award (16 random bytes, hex), so equal emails never give equal hashes across awards. */
export function newSalt(random: (size: number) => Uint8Array = randomBytes): string {
  return Buffer.from(random(16)).toString('hex');
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Whether a hashed identity (`sha256$…` or the legacy `md5$…`) was computed from this email and salt. Issuers
 * that did not normalise the email before hashing are matched too, by also hashing the email as given.
 */
export function identityHashMatchesEmail(identityHash: string, email: string, salt = ''): boolean {
  const match = /^(sha256|md5)\$([0-9a-fA-F]+)$/.exec(identityHash);
  if (!match) return false;
  const algorithm = match[1] as 'sha256' | 'md5';
  const expected = (match[2] ?? '').toLowerCase();
  const candidates = new Set([normalizeEmail(email) + salt, email + salt]);
  for (const candidate of candidates) {
    if (digestHex(algorithm, candidate) === expected) return true;
  }
  return false;
}

/** An unhashed email identity matches case-insensitively (the domain part is case-insensitive in practice). */
export function plainIdentityMatchesEmail(identity: string, email: string): boolean {
  return normalizeEmail(identity) === normalizeEmail(email);
}

function digestHex(algorithm: 'sha256' | 'md5', text: string): string {
  return createHash(algorithm).update(text, 'utf8').digest('hex');
}
