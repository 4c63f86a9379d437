import { bakePng } from '../baking/index.js';
import { signEddsaRdfc2022 } from '../crypto/data-integrity.js';
import type { SigningKey } from '../crypto/keys.js';
import type { Canonicalizer } from '../jsonld/canonize.js';
import { buildOb2Assertion } from '../ob2/assertion.js';
import { hashEmailIdentity, newSalt } from '../ob2/identity.js';
import { signOb2Assertion } from '../ob2/sign.js';
import { buildOpenBadgeCredential, type EvidenceInput } from '../ob3/credential.js';
import { verificationMethodId } from '../ob3/did-document.js';
import { buildProfileRef } from '../ob3/profile.js';
import type { Json } from '../ob3/types.js';
import { signVcJwt } from '../ob3/vc-jwt.js';
import { objectKeyOf, type SiteLayout } from '../site/layout.js';
import type { IssuerSettings } from './issuer-settings.js';
import type { PreparedBadge } from './prepared-badge.js';
import { CONTENT_TYPES, type PublishedFile, publishedFile } from './published-file.js';

export interface AwardToIssue {
  /** Unique id of the award (a UUID); it names every file of the award. */
  awardId: string;
  badge: PreparedBadge;
  recipient: { email: string; name?: string };
  issuedAt: Date;
  /** Where the credential's revocation bit lives. */
  status?: { listId: string; index: number };
  evidence?: EvidenceInput[];
  narrative?: string;
  activity?: { startDate?: string; endDate?: string };
  /** The salt of the recipient's identity hash; a fresh random one unless given (retries reuse the stored one). */
  salt?: string;
}

export interface IssuingContext {
  layout: SiteLayout;
  issuer: IssuerSettings;
  keys: { ed25519: SigningKey; rsa: SigningKey };
  canonicalizer?: Canonicalizer;
}

export interface IssuedAward {
  awardId: string;
  credential: Json;
  credentialJwt?: string;
  assertion: Json;
  assertionJws?: string;
  identityHash: string;
  salt: string;
  urls: { credential: string; credentialJwt?: string; assertion: string; png: string };
  files: PublishedFile[];
}

/**
 * Issues one award in every enabled format: the OB 3.0 credential with an eddsa-rdfc-2022 proof (primary), an
 * optional VC-JWT, the OB 2.0 assertion (hosted, or signed), and one PNG baked with both. Pure apart from the
 * salt: publishing the files and recording the award belong to the caller.
 */
export async function issueAward(award: AwardToIssue, context: IssuingContext): Promise<IssuedAward> {
  const { layout, issuer, keys } = context;
  const salt = award.salt ?? newSalt();
  const identityHash = hashEmailIdentity(award.recipient.email, salt);
  const issuedAt = award.issuedAt.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const urls = {
    credential: layout.credential(award.awardId),
    assertion: layout.assertion(award.awardId),
    png: layout.bakedPng(award.awardId),
  };

  const unsigned = buildOpenBadgeCredential({
    id: urls.credential,
    issuer: buildProfileRef({ id: layout.did, name: issuer.name, url: issuer.url }),
    validFrom: issuedAt,
    name: award.badge.name,
    achievement: award.badge.achievement,
    recipient: { identityHash, salt, ...(award.recipient.name ? { name: award.recipient.name } : {}) },
    image: { id: urls.png, caption: `${award.badge.name} badge` },
    ...(award.narrative ? { narrative: award.narrative } : {}),
    ...(award.evidence?.length ? { evidence: award.evidence } : {}),
    ...(award.activity?.startDate ? { activityStartDate: award.activity.startDate } : {}),
    ...(award.activity?.endDate ? { activityEndDate: award.activity.endDate } : {}),
    ...(award.status
      ? {
          credentialStatus: {
            statusListCredential: layout.statusList(award.status.listId),
            statusListIndex: award.status.index,
          },
        }
      : {}),
  });
  const credential = await signEddsaRdfc2022(unsigned, {
    privateKey: keys.ed25519.privateKey,
    verificationMethod: verificationMethodId(layout.did, keys.ed25519.publicKey),
    created: issuedAt,
    ...(context.canonicalizer ? { canonicalizer: context.canonicalizer } : {}),
  });

  const assertion = buildOb2Assertion({
    id: urls.assertion,
    badge: layout.badgeClass(award.badge.slug),
    recipient: { type: 'email', hashed: true, salt, identity: identityHash },
    issuedOn: issuedAt,
    image: urls.png,
    ...(award.narrative ? { narrative: award.narrative } : {}),
    verification: issuer.formats.ob2Signed
      ? { type: 'signed', creator: layout.cryptographicKey(keys.rsa.kid) }
      : { type: 'hosted' },
  }) as unknown as Json;

  const credentialText = JSON.stringify(credential, null, 2);
  const assertionText = JSON.stringify(assertion, null, 2);
  const files: PublishedFile[] = [
    publishedFile(objectKeyOf(layout, urls.credential), credentialText, CONTENT_TYPES.credentialJsonLd),
    publishedFile(objectKeyOf(layout, urls.assertion), assertionText, CONTENT_TYPES.jsonLd),
  ];

  let credentialJwt: string | undefined;
  if (issuer.formats.vcJwt) {
    // The JWT secures the credential itself; the Data Integrity proof belongs to the JSON-LD form only.
    credentialJwt = await signVcJwt(unsigned, {
      privateKey: keys.rsa.privateKey,
      kid: layout.publicJwk(keys.rsa.kid),
    });
    const jwtUrl = layout.credentialJwt(award.awardId);
    Object.assign(urls, { credentialJwt: jwtUrl });
    files.push(publishedFile(objectKeyOf(layout, jwtUrl), credentialJwt, CONTENT_TYPES.vcJwt));
  }
  let assertionJws: string | undefined;
  if (issuer.formats.ob2Signed) {
    assertionJws = await signOb2Assertion(assertion, { privateKey: keys.rsa.privateKey });
  }

  const png = bakePng(award.badge.image, { ob3: credentialText, ob2: assertionJws ?? assertionText });
  files.push(publishedFile(objectKeyOf(layout, urls.png), png, CONTENT_TYPES.png));

  return {
    awardId: award.awardId,
    credential,
    ...(credentialJwt ? { credentialJwt } : {}),
    assertion,
    ...(assertionJws ? { assertionJws } : {}),
    identityHash,
    salt,
    urls,
    files,
  };
}
