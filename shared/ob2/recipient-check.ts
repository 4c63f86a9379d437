import { CheckCode } from '../verify/result.js';
import { identityHashMatchesEmail, plainIdentityMatchesEmail } from './identity.js';
import { isObject, type JsonObject } from './values.js';
import type { VerificationContext } from './verification-context.js';

/** RECIPIENT, only when the caller gives an email: the (hashed or plain) email identity must match it. */
export function checkRecipient(assertion: JsonObject, { recipientEmail, checks }: VerificationContext): void {
  if (recipientEmail === undefined) {
    checks.skip(CheckCode.RECIPIENT, 'no recipient email to compare with');
    return;
  }
  const recipient = isObject(assertion.recipient) ? assertion.recipient : undefined;
  if (!recipient || typeof recipient.identity !== 'string') {
    checks.fail(CheckCode.RECIPIENT, 'RECIPIENT_MISMATCH', 'the assertion has no recipient identity');
    return;
  }
  if (recipient.type !== 'email') {
    checks.fail(
      CheckCode.RECIPIENT,
      'RECIPIENT_MISMATCH',
      `the recipient is identified by ${String(recipient.type)}`,
    );
    return;
  }
  const salt = typeof recipient.salt === 'string' ? recipient.salt : '';
  const matches =
    recipient.hashed === true
      ? identityHashMatchesEmail(recipient.identity, recipientEmail, salt)
      : plainIdentityMatchesEmail(recipient.identity, recipientEmail);
  if (matches) checks.settle(CheckCode.RECIPIENT, 'the recipient identity matches the email');
  else
    checks.fail(CheckCode.RECIPIENT, 'RECIPIENT_MISMATCH', 'the recipient identity does not match the email');
}
