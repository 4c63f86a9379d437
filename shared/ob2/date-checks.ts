import { CheckCode } from '../verify/result.js';
import { type JsonObject, parseDateTime } from './values.js';
import type { VerificationContext } from './verification-context.js';

/** NOT_YET_VALID when `issuedOn` is after now; EXPIRED when `expires` is before `issuedOn` or before now. */
export function checkDates(assertion: JsonObject, { now, checks }: VerificationContext): void {
  const issuedOn = parseDateTime(assertion.issuedOn);
  const expires = parseDateTime(assertion.expires);
  if (issuedOn === undefined) {
    checks.skip(CheckCode.NOT_YET_VALID, 'issuedOn is not a date-time');
  } else if (issuedOn > now.getTime()) {
    checks.fail(
      CheckCode.NOT_YET_VALID,
      'ISSUED_IN_FUTURE',
      `issuedOn ${String(assertion.issuedOn)} is in the future`,
    );
  } else {
    checks.settle(CheckCode.NOT_YET_VALID, 'issued in the past');
  }

  if (assertion.expires === undefined) {
    checks.settle(CheckCode.EXPIRED, 'the assertion does not expire');
  } else if (expires === undefined) {
    checks.skip(CheckCode.EXPIRED, 'expires is not a date-time');
  } else if (issuedOn !== undefined && expires < issuedOn) {
    checks.fail(CheckCode.EXPIRED, 'EXPIRES_BEFORE_ISSUED', 'expires is before issuedOn');
  } else if (expires < now.getTime()) {
    checks.fail(CheckCode.EXPIRED, 'EXPIRED', `the assertion expired on ${String(assertion.expires)}`);
  } else {
    checks.settle(CheckCode.EXPIRED, 'not expired');
  }
}
