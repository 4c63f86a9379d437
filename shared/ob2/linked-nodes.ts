import { CheckCode } from '../verify/result.js';
import { checkOb2Context, hasOb2Type } from './context.js';
import { fetchNode } from './documents.js';
import type { StructureProblem } from './structure.js';
import { isObject, type JsonObject } from './values.js';
import type { VerificationContext } from './verification-context.js';

export interface LinkedNodeRule {
  /** How messages name the node, e.g. `BadgeClass`. */
  label: string;
  /** Any of these OB 2.0 classes is accepted in `type`. */
  classes: string[];
  problems: (node: JsonObject) => StructureProblem[];
  /** Primary documents (BadgeClass, Issuer) carry their own JSON-LD context when fetched on their own. */
  requireContext: boolean;
  /** Some classes (CryptographicKey) may leave `type` out. */
  typeOptional?: boolean;
}

/**
 * A node the assertion links to, embedded or by URL. Fetch failures are HOSTED failures (the documents must be at
 * their ids); its context, type and structure are checked under CONTEXT, TYPE and SCHEMA. Returns the node, or
 * undefined when it could not be obtained or is not of the expected class.
 */
export async function resolveLinkedNode(
  reference: unknown,
  rule: LinkedNodeRule,
  context: VerificationContext,
): Promise<{ node: JsonObject; url: string | undefined } | undefined> {
  const { checks } = context;
  if (isObject(reference)) {
    return checkNode(reference, rule, context, { embedded: true })
      ? { node: reference, url: undefined }
      : undefined;
  }
  if (typeof reference !== 'string') return undefined;
  const fetched = await fetchNode(context.fetcher, reference);
  if (fetched.kind !== 'found') {
    const why = fetched.kind === 'gone' ? 'answered 410 Gone' : fetched.message;
    checks.fail(CheckCode.HOSTED, 'DOCUMENT_UNAVAILABLE', `${rule.label} ${reference}: ${why}`);
    return undefined;
  }
  if (!checkNode(fetched.node, rule, context, { embedded: false })) return undefined;
  if (fetched.node.id !== reference) {
    checks.warn(
      CheckCode.HOSTED,
      'DOCUMENT_ID_DIFFERS_FROM_URL',
      `${rule.label} fetched from ${reference} declares id ${String(fetched.node.id)}`,
    );
  }
  return { node: fetched.node, url: reference };
}

function checkNode(
  node: JsonObject,
  rule: LinkedNodeRule,
  { checks }: VerificationContext,
  { embedded }: { embedded: boolean },
): boolean {
  if (rule.requireContext && !embedded) {
    const verdict = checkOb2Context(node['@context']);
    if (!verdict.ok) checks.fail(CheckCode.CONTEXT, verdict.reason, `${rule.label}: ${verdict.message}`);
  }
  const typeAccepted =
    (rule.typeOptional === true && node.type === undefined) ||
    rule.classes.some((className) => hasOb2Type(node.type, className));
  if (!typeAccepted) {
    checks.fail(CheckCode.TYPE, 'TYPE_MISMATCH', `${rule.label}: type must be ${rule.classes.join(' or ')}`);
    return false;
  }
  for (const problem of rule.problems(node)) checks.fail(CheckCode.SCHEMA, problem.reason, problem.message);
  return true;
}
