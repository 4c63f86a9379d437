import { isJsonObject } from './fetch-json.js';

/**
 * Which verifier a decoded document belongs to. OB 2.0 documents are recognised by their context or their
 * `type` (Assertion, BadgeClass), or failing both by the shape of an assertion; OB 3.0 by the VC context, a
 * VerifiableCredential type or a credentialSubject. Anything else is not a credential.
 */
export type DocumentFamily = 'ob3' | 'ob2' | 'unknown';

const OB2_CONTEXT = /^https?:\/\/(w3id\.org\/openbadges\/v[12]|openbadgespec\.org\/v[12]\/context\.json)/;
const VC_CONTEXT = /^https:\/\/www\.w3\.org\/(ns\/credentials\/v2|2018\/credentials\/v1)$/;
const OB2_TYPES = ['Assertion', 'BadgeClass'];

export function classifyDocument(value: unknown): DocumentFamily {
  if (!isJsonObject(value)) return 'unknown';
  const contexts = listOf(value['@context']).filter((entry): entry is string => typeof entry === 'string');
  const types = listOf(value.type);
  if (types.includes('VerifiableCredential') || contexts.some((context) => VC_CONTEXT.test(context)))
    return 'ob3';
  if (
    types.some((type) => OB2_TYPES.includes(type as string)) ||
    contexts.some((context) => OB2_CONTEXT.test(context))
  ) {
    return 'ob2';
  }
  if ('recipient' in value && 'badge' in value) return 'ob2';
  if ('credentialSubject' in value) return 'ob3';
  return 'unknown';
}

function listOf(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
