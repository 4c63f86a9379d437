import { OB_V2_CONTEXT } from '../formats/contexts.js';
import { InputProblems } from './build-input.js';
import type { Ob2Issuer } from './types.js';

export interface Ob2IssuerInput {
  id: string;
  name: string;
  url: string;
  email: string;
  description?: string;
  image?: string;
  /** Ids of the issuer's CryptographicKey documents; signed assertions verify only with keys listed here. */
  publicKeys?: string[];
  revocationList?: string;
}

/** The OB 2.0 issuer Profile. `name`, `url` and `email` are required by 1EdTech's validators. */
export function buildOb2Issuer(input: Ob2IssuerInput): Ob2Issuer {
  const problems = new InputProblems('Issuer');
  problems.requireHttpUrl('id', input.id);
  problems.requireText('name', input.name);
  problems.requireHttpUrl('url', input.url);
  problems.requireEmail('email', input.email);
  problems.optionalText('description', input.description);
  if (input.image !== undefined) problems.requireImage('image', input.image, { allowDataUri: true });
  if (input.publicKeys !== undefined && !Array.isArray(input.publicKeys))
    problems.add('publicKeys', 'must be a list');
  for (const [index, key] of (Array.isArray(input.publicKeys) ? input.publicKeys : []).entries()) {
    problems.requireHttpUrl(`publicKeys[${index}]`, key);
  }
  problems.optionalHttpUrl('revocationList', input.revocationList);
  problems.throwIfAny();

  return {
    '@context': OB_V2_CONTEXT,
    type: 'Issuer',
    id: input.id,
    name: input.name,
    url: input.url,
    email: input.email,
    ...(input.description === undefined ? {} : { description: input.description }),
    ...(input.image === undefined ? {} : { image: input.image }),
    ...(input.publicKeys?.length ? { publicKey: [...input.publicKeys] } : {}),
    ...(input.revocationList === undefined ? {} : { revocationList: input.revocationList }),
  };
}
