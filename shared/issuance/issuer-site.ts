import { signEddsaRdfc2022 } from '../crypto/data-integrity.js';
import { type KeyRing, publicKeys, type SigningKey } from '../crypto/keys.js';
import { VC_V2_CONTEXT } from '../formats/contexts.js';
import { buildCryptographicKey } from '../ob2/cryptographic-key.js';
import { buildOb2Issuer } from '../ob2/issuer.js';
import { buildRevocationList } from '../ob2/revocation-list.js';
import { buildDidDocument, verificationMethodId } from '../ob3/did-document.js';
import { buildPublishedProfile } from '../ob3/profile.js';
import { encodeStatusList } from '../ob3/status-list.js';
import type { Json } from '../ob3/types.js';
import { objectKeyOf, type SiteLayout } from '../site/layout.js';
import type { IssuerSettings } from './issuer-settings.js';
import type { PreparedBadge } from './prepared-badge.js';
import { CONTENT_TYPES, type PublishedFile, publishedFile } from './published-file.js';

/** The issuer's own public documents: identity, keys and badge classes. Republished whenever they change. */
export function buildIssuerFiles(input: {
  layout: SiteLayout;
  issuer: IssuerSettings;
  ring: KeyRing;
  badges: PreparedBadge[];
}): PublishedFile[] {
  const { layout, issuer, ring } = input;
  const keys = publicKeys(ring);
  const rsaKeys = keys.filter((key) => key.algorithm === 'RS256');
  const file = (url: string, body: object | Uint8Array, contentType: string) =>
    publishedFile(objectKeyOf(layout, url), body, contentType);

  const files: PublishedFile[] = [
    file(
      layout.didDocument,
      buildDidDocument(
        layout.did,
        keys.filter((key) => key.algorithm === 'EdDSA').map((key) => key.publicKey),
      ),
      CONTENT_TYPES.didJson,
    ),
    file(
      layout.issuerProfile,
      buildPublishedProfile({
        id: layout.did,
        name: issuer.name,
        url: issuer.url,
        email: issuer.email,
        ...(issuer.description ? { description: issuer.description } : {}),
      }),
      CONTENT_TYPES.jsonLd,
    ),
    file(
      layout.ob2Issuer,
      buildOb2Issuer({
        id: layout.ob2Issuer,
        name: issuer.name,
        url: issuer.url,
        email: issuer.email,
        ...(issuer.description ? { description: issuer.description } : {}),
        publicKeys: rsaKeys.map((key) => layout.cryptographicKey(key.kid)),
        revocationList: layout.revocationList,
      }),
      CONTENT_TYPES.jsonLd,
    ),
  ];
  for (const key of keys) {
    files.push(file(layout.publicJwk(key.kid), key.publicJwk, CONTENT_TYPES.jwk));
  }
  for (const key of rsaKeys) {
    const publicKeyPem = key.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    files.push(
      file(
        layout.cryptographicKey(key.kid),
        buildCryptographicKey({
          id: layout.cryptographicKey(key.kid),
          owner: layout.ob2Issuer,
          publicKeyPem,
        }),
        CONTENT_TYPES.jsonLd,
      ),
    );
  }
  for (const badge of input.badges) {
    files.push(file(layout.achievement(badge.slug), badge.publishedAchievement, CONTENT_TYPES.jsonLd));
    files.push(file(layout.badgeClass(badge.slug), badge.badgeClass, CONTENT_TYPES.jsonLd));
    files.push(file(layout.achievementImage(badge.slug), badge.image, CONTENT_TYPES.png));
  }
  return files;
}

/** The OB 2.0 RevocationList of every revoked assertion. */
export function buildRevocationListFile(
  layout: SiteLayout,
  revoked: Array<{ awardId: string; reason?: string }>,
): PublishedFile {
  const list = buildRevocationList({
    id: layout.revocationList,
    issuer: layout.ob2Issuer,
    revokedAssertions: revoked.map((entry) => ({
      id: layout.assertion(entry.awardId),
      ...(entry.reason ? { revocationReason: entry.reason } : {}),
    })),
  });
  return publishedFile(objectKeyOf(layout, layout.revocationList), list, CONTENT_TYPES.jsonLd);
}

/** A signed BitstringStatusListCredential (W3C Bitstring Status List) for one list of revocation bits. */
export async function buildStatusListFile(input: {
  layout: SiteLayout;
  listId: string;
  bits: Uint8Array;
  key: SigningKey;
  now: Date;
}): Promise<{ credential: Json; file: PublishedFile }> {
  const { layout, listId } = input;
  const url = layout.statusList(listId);
  const validFrom = input.now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const credential = await signEddsaRdfc2022(
    {
      '@context': [VC_V2_CONTEXT],
      id: url,
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      issuer: layout.did,
      validFrom,
      credentialSubject: {
        id: `${url}#list`,
        type: 'BitstringStatusList',
        statusPurpose: 'revocation',
        encodedList: encodeStatusList(input.bits),
      },
    },
    {
      privateKey: input.key.privateKey,
      verificationMethod: verificationMethodId(layout.did, input.key.publicKey),
      created: validFrom,
    },
  );
  return {
    credential,
    file: publishedFile(objectKeyOf(layout, url), credential, CONTENT_TYPES.credentialJsonLd),
  };
}
