import { CheckCode, type VerificationResult } from '../verify/result.js';
import { checkOb2Context, hasOb2Type } from './context.js';
import { resolveLinkedNode } from './linked-nodes.js';
import { BADGE_CLASS_RULE, ISSUER_RULE } from './node-rules.js';
import type { JsonObject } from './values.js';
import type { VerificationContext } from './verification-context.js';

/**
 * A BadgeClass or an issuer Profile on its own is checked structurally: context, type, required properties (a
 * data: URI image is allowed on both), and, for a BadgeClass, its issuer Profile fetched and checked the same way.
 */
export async function verifyProfileDocument(
  document: JsonObject,
  context: VerificationContext,
): Promise<VerificationResult> {
  const { checks } = context;
  const isBadgeClass = hasOb2Type(document.type, 'BadgeClass');
  const rule = isBadgeClass ? BADGE_CLASS_RULE : ISSUER_RULE;
  checks.settle(CheckCode.INPUT, `an OB 2.0 ${rule.label}`);
  const verdict = checkOb2Context(document['@context']);
  if (verdict.ok) checks.settle(CheckCode.CONTEXT, 'the OB 2.0 context');
  else checks.fail(CheckCode.CONTEXT, verdict.reason, verdict.message);
  checks.settle(CheckCode.TYPE, `a ${rule.label}`);
  for (const problem of rule.problems(document))
    checks.fail(CheckCode.SCHEMA, problem.reason, problem.message);

  if (isBadgeClass) await resolveLinkedNode(document.issuer, ISSUER_RULE, context);

  checks.settle(CheckCode.SCHEMA, 'required properties present with valid values');
  if (isBadgeClass) checks.settle(CheckCode.HOSTED, 'the issuer Profile is at its id');
  return checks.result('ob2-hosted', document);
}

/** The document types verified on their own, besides Assertions. */
export function isProfileDocument(document: JsonObject): boolean {
  return ['BadgeClass', 'Issuer', 'Profile'].some((className) => hasOb2Type(document.type, className));
}
