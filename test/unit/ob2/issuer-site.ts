import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { buildOb2Assertion, type Ob2AssertionInput } from '../../../shared/ob2/assertion.js';
import { buildOb2BadgeClass } from '../../../shared/ob2/badge-class.js';
import { buildCryptographicKey } from '../../../shared/ob2/cryptographic-key.js';
import { hashEmailIdentity } from '../../../shared/ob2/identity.js';
import { buildOb2Issuer } from '../../../shared/ob2/issuer.js';
import { buildRevocationList } from '../../../shared/ob2/revocation-list.js';
import { type DocumentFetcher, staticDocumentFetcher } from '../../../shared/ports/fetcher.js';
import { siteLayout } from '../../../shared/site/layout.js';

/** A small OB 2.0 issuer site built with the builders and served from memory, as the CDN would serve it. */
export const layout = siteLayout('https://badges.example.org');
export const RECIPIENT_EMAIL = 'Ada.Lovelace@example.org';
export const SALT = '6f1c0a4e2b9d4c37a1e8f0b2c3d4e5f6';
export const ISSUED_ON = '2025-03-01T09:00:00Z';
export const NOW = new Date('2025-06-01T00:00:00Z');
export const KID = 'ob2-2025';

let cachedKeys: { privateKey: KeyObject; publicKeyPem: string } | undefined;

/** One RSA key pair per test file: generation is the slow part of these tests. */
export function rsaKeys(): { privateKey: KeyObject; publicKeyPem: string } {
  if (!cachedKeys) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    cachedKeys = { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
  }
  return cachedKeys;
}

export function issuerDocument(overrides: { publicKeys?: string[] } = {}) {
  return buildOb2Issuer({
    id: layout.ob2Issuer,
    name: 'Citizen 2.1',
    url: layout.baseUrl,
    email: 'badges@example.org',
    publicKeys: overrides.publicKeys ?? [layout.cryptographicKey(KID)],
    revocationList: layout.revocationList,
  });
}

export function badgeClassDocument() {
  return buildOb2BadgeClass({
    id: layout.badgeClass('witness'),
    name: 'Witness',
    description: 'Took part, as a trainee, in a Citizen 2.1 training course.',
    image: layout.achievementImage('witness'),
    criteria: { narrative: 'Attend a Citizen 2.1 training course.' },
    issuer: layout.ob2Issuer,
    tags: ['citizen-2.1'],
    alignment: [
      {
        targetName: 'work in teams',
        targetUrl: 'http://data.europa.eu/esco/skill/6d3edede-8951-4621-a835-e04323300fa0',
        targetFramework: 'ESCO',
      },
    ],
  });
}

export function keyDocument(owner: string = layout.ob2Issuer) {
  return buildCryptographicKey({
    id: layout.cryptographicKey(KID),
    owner,
    publicKeyPem: rsaKeys().publicKeyPem,
  });
}

export function revocationListDocument(revoked: Array<{ id: string; revocationReason?: string }> = []) {
  return buildRevocationList({
    id: layout.revocationList,
    issuer: layout.ob2Issuer,
    revokedAssertions: revoked,
  });
}

export function assertionDocument(id: string, verification: Ob2AssertionInput['verification']) {
  return buildOb2Assertion({
    id,
    badge: layout.badgeClass('witness'),
    recipient: {
      type: 'email',
      hashed: true,
      salt: SALT,
      identity: hashEmailIdentity(RECIPIENT_EMAIL, SALT),
    },
    issuedOn: ISSUED_ON,
    image: layout.bakedPng(id.split('/').pop()?.replace('.ob2.json', '') ?? 'badge'),
    evidence: [{ narrative: 'Attended the Lisbon course.' }],
    verification,
  });
}

type Served = { body: string; contentType?: string; status?: number };

/** Serves the issuer's public documents; `documents` adds or replaces entries by URL. */
export function siteFetcher(
  documents: Record<string, unknown> = {},
  raw: Record<string, Served> = {},
): DocumentFetcher {
  const served = new Map<string, Served>();
  const publish = (url: string, document: unknown) =>
    served.set(url, { body: JSON.stringify(document), contentType: 'application/ld+json' });
  publish(layout.ob2Issuer, issuerDocument());
  publish(layout.badgeClass('witness'), badgeClassDocument());
  publish(layout.cryptographicKey(KID), keyDocument());
  publish(layout.revocationList, revocationListDocument());
  for (const [url, document] of Object.entries(documents)) publish(url, document);
  for (const [url, entry] of Object.entries(raw)) served.set(url, entry);
  return staticDocumentFetcher(served);
}
