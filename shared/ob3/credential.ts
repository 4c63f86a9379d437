import { OB_V3_CREDENTIAL_CONTEXTS } from '../formats/contexts.js';
import type { Json, ProfileRef } from './types.js';
import { compact, optional, requireDateTime, requireText, requireUri } from './validate-input.js';

export const ACHIEVEMENT_CREDENTIAL_SCHEMA =
  'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json';
export const ENDORSEMENT_CREDENTIAL_SCHEMA =
  'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_endorsementcredential_schema.json';
/**
 * `credentialSchema` is left out of issued credentials: its type `1EdTechJsonSchemaValidator2019` is not defined by
 * the OB 3.0.3 context, so JSON-LD processors in safe mode (the DCC verifier among them) reject the whole
 * credential. Validators pick the schema from the credential's type instead.
 */

/** The recipient, as public documents may show them: a salted hash of the email, and a name only if given. */
export interface RecipientIdentity {
  /** `sha256$<hex>` of the normalised email followed by the salt. */
  identityHash: string;
  salt: string;
  name?: string;
}

export interface StatusEntryInput {
  statusListCredential: string;
  statusListIndex: number;
  statusPurpose?: 'revocation' | 'suspension';
}

export interface EvidenceInput {
  id?: string;
  name?: string;
  description?: string;
  narrative?: string;
  genre?: string;
}

export interface OpenBadgeCredentialInput {
  id: string;
  issuer: ProfileRef;
  validFrom: string;
  validUntil?: string;
  name: string;
  description?: string;
  achievement: Json;
  recipient: RecipientIdentity;
  narrative?: string;
  activityStartDate?: string;
  activityEndDate?: string;
  role?: string;
  evidence?: EvidenceInput[];
  credentialStatus?: StatusEntryInput;
  image?: { id: string; caption?: string };
}

export function buildIdentifiers(recipient: RecipientIdentity): Json[] {
  const identifiers: Json[] = [
    {
      type: 'IdentityObject',
      identityHash: requireText('recipient.identityHash', recipient.identityHash, 200),
      identityType: 'emailAddress',
      hashed: true,
      salt: requireText('recipient.salt', recipient.salt, 200),
    },
  ];
  if (recipient.name !== undefined) {
    identifiers.push({
      type: 'IdentityObject',
      identityHash: requireText('recipient.name', recipient.name, 200),
      identityType: 'name',
      hashed: false,
    });
  }
  return identifiers;
}

export function buildStatusEntry(input: StatusEntryInput): Json {
  const list = requireUri('credentialStatus.statusListCredential', input.statusListCredential);
  return {
    id: `${list}#${input.statusListIndex}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: input.statusPurpose ?? 'revocation',
    statusListIndex: String(input.statusListIndex),
    statusListCredential: list,
  };
}

/** What every OB 3.0 credential this product issues starts with: contexts, id, types, issuer, validity, name. */
export function credentialEnvelope(
  type: 'OpenBadgeCredential' | 'EndorsementCredential',
  input: {
    id: string;
    issuer: ProfileRef;
    validFrom: string;
    validUntil?: string;
    name: string;
    description?: string;
  },
): Json {
  return {
    '@context': [...OB_V3_CREDENTIAL_CONTEXTS],
    id: requireUri('id', input.id),
    type: ['VerifiableCredential', type],
    issuer: input.issuer,
    validFrom: requireDateTime('validFrom', input.validFrom),
    validUntil: optional(input.validUntil, (v) => requireDateTime('validUntil', v)),
    name: requireText('name', input.name, 200),
    description: input.description,
  };
}

/** An unsigned OpenBadgeCredential (OB 3.0) in the canonical JSON form the 1EdTech schema expects. */
export function buildOpenBadgeCredential(input: OpenBadgeCredentialInput): Json {
  return compact({
    ...credentialEnvelope('OpenBadgeCredential', input),
    image: input.image
      ? compact({ id: requireUri('image.id', input.image.id), type: 'Image', caption: input.image.caption })
      : undefined,
    credentialSubject: compact({
      type: ['AchievementSubject'],
      identifier: buildIdentifiers(input.recipient),
      achievement: input.achievement,
      narrative: input.narrative,
      activityStartDate: optional(input.activityStartDate, (v) => requireDateTime('activityStartDate', v)),
      activityEndDate: optional(input.activityEndDate, (v) => requireDateTime('activityEndDate', v)),
      role: input.role,
    }),
    evidence: input.evidence?.length
      ? input.evidence.map((e, i) =>
          compact({
            id: optional(e.id, (v) => requireUri(`evidence[${i}].id`, v)),
            type: ['Evidence'],
            name: e.name,
            description: e.description,
            narrative: e.narrative,
            genre: e.genre,
          }),
        )
      : undefined,
    credentialStatus: input.credentialStatus ? buildStatusEntry(input.credentialStatus) : undefined,
  });
}
