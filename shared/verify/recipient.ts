import { identityHashMatchesEmail, plainIdentityMatchesEmail } from '../ob2/identity.js';
import { isJsonObject } from './fetch-json.js';
import { CheckCode, type VerificationCheck } from './result.js';

/**
 * RECIPIENT: does the credential name the given email? OB 3.0 carries it in `credentialSubject.identifier`
 * (IdentityObject, `identityType: emailAddress`), hashed (`sha256$…`, or `md5$…` from older issuers, over
 * email + salt, the same rule as OB 2.0) or in plain text, or as a `mailto:` subject id.
 */
export function checkRecipient(
  credential: Record<string, unknown>,
  email: string | undefined,
): VerificationCheck {
  const code = CheckCode.RECIPIENT;
  if (email === undefined) return { code, status: 'skipped', message: 'no recipient email given' };
  const subjects = Array.isArray(credential.credentialSubject)
    ? credential.credentialSubject
    : [credential.credentialSubject];
  let sawEmailIdentity = false;
  for (const subject of subjects.filter(isJsonObject).slice(0, 8)) {
    if (typeof subject.id === 'string' && /^mailto:/i.test(subject.id)) {
      sawEmailIdentity = true;
      if (plainIdentityMatchesEmail(subject.id.slice('mailto:'.length), email))
        return { code, status: 'passed' };
    }
    const identifiers = Array.isArray(subject.identifier) ? subject.identifier : [subject.identifier];
    for (const identity of identifiers.filter(isJsonObject).slice(0, 16)) {
      if (identity.identityType !== 'emailAddress' || typeof identity.identityHash !== 'string') continue;
      sawEmailIdentity = true;
      const salt = typeof identity.salt === 'string' ? identity.salt : '';
      const matches =
        identity.hashed === true
          ? identityHashMatchesEmail(identity.identityHash, email, salt)
          : plainIdentityMatchesEmail(identity.identityHash, email);
      if (matches) return { code, status: 'passed' };
    }
  }
  return sawEmailIdentity
    ? {
        code,
        status: 'failed',
        reason: 'RECIPIENT_MISMATCH',
        message: 'the credential names another email address',
      }
    : {
        code,
        status: 'failed',
        reason: 'RECIPIENT_NOT_IDENTIFIED',
        message: 'the credential names no email address',
      };
}
