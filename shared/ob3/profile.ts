import { OB_V3_CREDENTIAL_CONTEXTS } from '../formats/contexts.js';
import type { Json, ProfileRef } from './types.js';
import { compact, optional, requireText, requireUri } from './validate-input.js';

export interface ProfileInput {
  id: string;
  name: string;
  url?: string;
  email?: string;
  description?: string;
  image?: { id: string; caption?: string };
}

/** The issuer as it appears inside credentials: small, so credentials stay small. */
export function buildProfileRef(input: ProfileInput): ProfileRef {
  return compact({
    id: requireUri('issuer.id', input.id),
    type: ['Profile'] as ['Profile'],
    name: requireText('issuer.name', input.name, 200),
    url: optional(input.url, (v) => requireUri('issuer.url', v)),
    email: input.email,
    description: input.description,
    image: input.image
      ? compact({
          id: requireUri('issuer.image.id', input.image.id),
          type: 'Image' as const,
          caption: input.image.caption,
        })
      : undefined,
  });
}

/** The issuer Profile published at its own URL. */
export function buildPublishedProfile(input: ProfileInput): Json {
  return { '@context': [...OB_V3_CREDENTIAL_CONTEXTS], ...buildProfileRef(input) };
}
