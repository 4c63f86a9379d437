import { credentialEnvelope } from './credential.js';
import type { Json, ProfileRef } from './types.js';
import { compact, optional, requireText, requireUri } from './validate-input.js';

/**
 * An EndorsementCredential: someone (an organisation or a peer) vouches for a badge class, an issuer, or one
 * person's credential. Open recognition: anyone with a profile can endorse.
 */
export interface EndorsementInput {
  id: string;
  issuer: ProfileRef;
  validFrom: string;
  validUntil?: string;
  name: string;
  description?: string;
  /** The id of what is endorsed: an Achievement, a Profile, or an OpenBadgeCredential. */
  subjectId: string;
  endorsementComment?: string;
}

export function buildEndorsementCredential(input: EndorsementInput): Json {
  return compact({
    ...credentialEnvelope('EndorsementCredential', input),
    credentialSubject: compact({
      id: requireUri('subjectId', input.subjectId),
      type: ['EndorsementSubject'],
      endorsementComment: optional(input.endorsementComment, (v) =>
        requireText('endorsementComment', v, 8000),
      ),
    }),
  });
}
