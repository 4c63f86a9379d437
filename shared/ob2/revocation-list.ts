import { OB_V2_CONTEXT } from '../formats/contexts.js';
import { InputProblems } from './build-input.js';
import type { Ob2RevocationList } from './types.js';
import { isObject } from './values.js';

export interface Ob2RevocationListInput {
  id: string;
  issuer: string;
  revokedAssertions: Array<{ id: string; revocationReason?: string }>;
}

/** The issuer's RevocationList: how signed assertions are revoked (hosted ones answer 410 or `revoked: true`). */
export function buildRevocationList(input: Ob2RevocationListInput): Ob2RevocationList {
  const problems = new InputProblems('RevocationList');
  problems.requireHttpUrl('id', input.id);
  problems.requireHttpUrl('issuer', input.issuer);
  if (!Array.isArray(input.revokedAssertions)) problems.add('revokedAssertions', 'must be a list');
  const seen = new Set<string>();
  for (const [index, entry] of (Array.isArray(input.revokedAssertions)
    ? input.revokedAssertions
    : []
  ).entries()) {
    const field = `revokedAssertions[${index}]`;
    if (!isObject(entry)) {
      problems.add(field, 'must be { id, revocationReason? }');
      continue;
    }
    problems.requireIri(`${field}.id`, entry.id);
    problems.optionalText(`${field}.revocationReason`, entry.revocationReason);
    if (typeof entry.id === 'string' && seen.has(entry.id)) problems.add(`${field}.id`, 'is listed twice');
    if (typeof entry.id === 'string') seen.add(entry.id);
  }
  problems.throwIfAny();

  return {
    '@context': OB_V2_CONTEXT,
    type: 'RevocationList',
    id: input.id,
    issuer: input.issuer,
    revokedAssertions: input.revokedAssertions.map((entry) => ({
      id: entry.id,
      ...(entry.revocationReason === undefined ? {} : { revocationReason: entry.revocationReason }),
    })),
  };
}
