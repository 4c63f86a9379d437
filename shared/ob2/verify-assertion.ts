import { CheckCode, type VerificationResult } from '../verify/result.js';
import { checkOb2Context, hasOb2Type } from './context.js';
import { checkDates } from './date-checks.js';
import { fetchNode, sameJson } from './documents.js';
import { checkHostedPolicy } from './hosted-policy.js';
import { resolveLinkedNode } from './linked-nodes.js';
import { BADGE_CLASS_RULE, ISSUER_RULE } from './node-rules.js';
import { checkRecipient } from './recipient-check.js';
import { checkRevocationList } from './revocation-check.js';
import { checkSignature } from './signature-check.js';
import { assertionProblems, verificationKind } from './structure.js';
import { isHttpUrl, type JsonObject } from './values.js';
import type { VerificationContext } from './verification-context.js';

export interface AssertionSource {
  assertion: JsonObject;
  /** The compact JWS the assertion came in, for signed verification. */
  jws?: string;
  /** The URL the assertion was fetched from, when the input was a URL. */
  fetchedFrom?: string;
}

/** The OB 2.0 verification of an Assertion, hosted or signed (1EdTech's validator and the spec's Verification). */
export async function verifyAssertion(
  source: AssertionSource,
  context: VerificationContext,
): Promise<VerificationResult> {
  const { assertion, jws } = source;
  const { checks } = context;
  const kind = verificationKind(assertion.verification);
  const format = jws !== undefined || kind === 'signed' ? 'ob2-signed' : 'ob2-hosted';
  checks.settle(
    CheckCode.INPUT,
    jws === undefined ? 'an OB 2.0 assertion' : 'an OB 2.0 signed assertion (JWS)',
  );

  const contextVerdict = checkOb2Context(assertion['@context']);
  if (contextVerdict.ok) checks.settle(CheckCode.CONTEXT, 'the OB 2.0 context');
  else checks.fail(CheckCode.CONTEXT, contextVerdict.reason, contextVerdict.message);
  if (hasOb2Type(assertion.type, 'Assertion')) checks.settle(CheckCode.TYPE, 'an Assertion');
  else checks.fail(CheckCode.TYPE, 'TYPE_MISMATCH', 'type must be Assertion');
  // A document that is not an OB 2.0 Assertion gives nothing further worth checking, except that a JWS still
  // reports whether its signature holds.
  if (checks.failed(CheckCode.CONTEXT) || checks.failed(CheckCode.TYPE)) {
    if (jws !== undefined) await checkSignature(jws, assertion, undefined, context);
    return checks.result(format, assertion);
  }

  for (const problem of assertionProblems(assertion)) {
    checks.fail(CheckCode.SCHEMA, problem.reason, problem.message);
  }
  if (jws !== undefined && kind !== 'signed') {
    checks.fail(
      CheckCode.SCHEMA,
      'VERIFICATION_TYPE_MISMATCH',
      'a JWS must carry an assertion with verification type signed',
    );
  }
  const assertionId = typeof assertion.id === 'string' ? assertion.id : '';

  if (jws === undefined && kind === 'hosted') await checkHostedCopy(source, assertionId, context);
  if (assertion.revoked === true) {
    checks.fail(CheckCode.STATUS, 'REVOKED', 'the assertion says revoked: true');
  }

  const badge = await resolveLinkedNode(assertion.badge, BADGE_CLASS_RULE, context);
  const issuer = badge ? await resolveLinkedNode(badge.node.issuer, ISSUER_RULE, context) : undefined;

  if (jws !== undefined) {
    await checkSignature(jws, assertion, issuer, context);
  } else if (kind === 'signed') {
    checks.fail(CheckCode.PROOF, 'SIGNATURE_MISSING', 'a signed assertion verifies only in its JWS form');
  } else {
    checks.skip(CheckCode.PROOF, 'a hosted assertion is verified by its hosted copy');
    checks.skip(CheckCode.KEY_BINDING, 'a hosted assertion has no signing key');
    if (issuer && kind === 'hosted') {
      const verdict = checkHostedPolicy(assertionId, issuer.node);
      if (verdict.status === 'failed') checks.fail(CheckCode.HOSTED, verdict.reason, verdict.message);
      if (verdict.status === 'warning') checks.warn(CheckCode.HOSTED, verdict.reason, verdict.message);
    }
  }

  if (issuer) await checkRevocationList(assertionId, issuer.node, context);
  checkDates(assertion, context);
  checkRecipient(assertion, context);

  checks.settle(CheckCode.SCHEMA, 'required properties present with valid values');
  checks.settle(CheckCode.HOSTED, 'the linked documents are at their ids');
  if (issuer) checks.settle(CheckCode.STATUS, 'not revoked');
  return checks.result(format, assertion);
}

/**
 * A hosted assertion is what its id serves: fetch it there; 410 Gone or `revoked: true` means revoked, and a
 * document that differs from the one presented is not this assertion.
 */
async function checkHostedCopy(source: AssertionSource, assertionId: string, context: VerificationContext) {
  const { checks } = context;
  if (!isHttpUrl(assertionId)) {
    checks.fail(
      CheckCode.HOSTED,
      'NOT_HOSTED_AT_ID',
      'a hosted assertion needs an http(s) id to be fetched from',
    );
    return;
  }
  if (source.fetchedFrom === assertionId) return;
  const hosted = await fetchNode(context.fetcher, assertionId);
  if (hosted.kind === 'gone') {
    checks.fail(CheckCode.STATUS, 'REVOKED', `${assertionId} answered 410 Gone`);
  } else if (hosted.kind === 'unavailable') {
    checks.fail(CheckCode.HOSTED, 'ASSERTION_UNAVAILABLE', hosted.message);
  } else if (hosted.node.revoked === true) {
    checks.fail(CheckCode.STATUS, 'REVOKED', `${assertionId} says revoked: true`);
  } else if (!sameJson(hosted.node, source.assertion)) {
    checks.fail(
      CheckCode.HOSTED,
      'HOSTED_ASSERTION_MISMATCH',
      `the document at ${assertionId} is a different assertion`,
    );
  }
}
