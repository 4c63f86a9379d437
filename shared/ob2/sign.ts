import type { KeyObject } from 'node:crypto';
import { CompactSign } from 'jose';
import { BadgeError } from '../errors.js';
import { isObject } from './values.js';

/**
 * A signed OB 2.0 assertion: a compact JWS, header `{ alg: 'RS256' }`, payload the assertion JSON. RS256 because
 * 1EdTech's Python and Java validators verify RSA signatures only.
 */
export async function signOb2Assertion(
  assertion: unknown,
  options: { privateKey: KeyObject },
): Promise<string> {
  const { privateKey } = options;
  if (privateKey?.type !== 'private' || privateKey.asymmetricKeyType !== 'rsa') {
    throw new BadgeError(
      'OB2_SIGNING_KEY_NOT_RSA',
      'OB 2.0 assertions are signed with an RSA private key (RS256)',
    );
  }
  const verification = isObject(assertion) ? assertion.verification : undefined;
  if (!isObject(verification) || verification.type !== 'signed' || typeof verification.creator !== 'string') {
    throw new BadgeError(
      'OB2_ASSERTION_NOT_SIGNED_TYPE',
      "only an assertion with verification { type: 'signed', creator } can be signed",
    );
  }
  const payload = new TextEncoder().encode(JSON.stringify(assertion));
  return new CompactSign(payload).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);
}
