import { CheckCode } from '../verify/result.js';
import { hasOb2Type } from './context.js';
import { fetchNode } from './documents.js';
import { revocationListProblems } from './structure.js';
import { isObject, type JsonObject, listOf } from './values.js';
import type { VerificationContext } from './verification-context.js';

/**
 * STATUS through the issuer's RevocationList: the assertion is revoked when the list names its id (as a string or
 * as `{ id, revocationReason? }`). A list that is declared but cannot be read fails closed.
 */
export async function checkRevocationList(
  assertionId: string,
  issuer: JsonObject,
  context: VerificationContext,
): Promise<void> {
  const { checks } = context;
  const listUrl = issuer.revocationList;
  if (listUrl === undefined || listUrl === null) return;
  if (typeof listUrl !== 'string') {
    checks.fail(CheckCode.STATUS, 'REVOCATION_LIST_INVALID', 'the issuer revocationList is not a URL');
    return;
  }
  const fetched = await fetchNode(context.fetcher, listUrl);
  if (fetched.kind !== 'found') {
    const why = fetched.kind === 'gone' ? 'answered 410 Gone' : fetched.message;
    checks.fail(CheckCode.STATUS, 'REVOCATION_LIST_UNAVAILABLE', `RevocationList ${listUrl}: ${why}`);
    return;
  }
  const list = fetched.node;
  const problems = revocationListProblems(list);
  if (!hasOb2Type(list.type, 'RevocationList') || problems.length > 0) {
    const details = problems.map((problem) => problem.message).join('; ') || 'type must be RevocationList';
    checks.fail(CheckCode.STATUS, 'REVOCATION_LIST_INVALID', `RevocationList ${listUrl}: ${details}`);
    return;
  }
  const entry = listOf(list.revokedAssertions).find((item) =>
    typeof item === 'string' ? item === assertionId : isObject(item) && item.id === assertionId,
  );
  if (entry !== undefined) {
    const reason =
      isObject(entry) && typeof entry.revocationReason === 'string' ? `: ${entry.revocationReason}` : '';
    checks.fail(
      CheckCode.STATUS,
      'REVOKED',
      `the assertion is listed in the issuer's RevocationList${reason}`,
    );
  }
}
