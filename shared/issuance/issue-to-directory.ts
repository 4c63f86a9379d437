import { randomInt, randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { citizen21Definitions } from '../catalogue/definitions.js';
import { activeKey, ensureKeyRing, type KeyStore } from '../crypto/keys.js';
import { BadgeError } from '../errors.js';
import { MINIMUM_STATUS_LIST_ENTRIES, newStatusListBitstring } from '../ob3/status-list.js';
import { siteLayout } from '../site/layout.js';
import { type IssuedAward, issueAward } from './issue-award.js';
import type { IssuerSettings } from './issuer-settings.js';
import { buildIssuerFiles, buildRevocationListFile, buildStatusListFile } from './issuer-site.js';
import { prepareBadge } from './prepared-badge.js';
import type { PublishedFile } from './published-file.js';

export interface DirectoryIssueRequest {
  badgeSlug: string;
  email: string;
  name?: string;
  issuer: IssuerSettings;
  outDir: string;
  keyStore: KeyStore;
  now?: Date;
}

/**
 * Issues one Citizen 2.1 badge into a folder laid out exactly as the CDN serves it, with everything a verifier
 * needs beside it (DID document, issuer profiles, keys, badge classes, status and revocation lists).
 */
export async function issueToDirectory(
  request: DirectoryIssueRequest,
): Promise<{ award: IssuedAward; files: Record<string, string> }> {
  const now = request.now ?? new Date();
  const layout = siteLayout(request.issuer.baseUrl);
  const definitions = citizen21Definitions();
  const definition = definitions.find((d) => d.slug === request.badgeSlug);
  if (!definition) {
    throw new BadgeError(
      'BADGE_NOT_FOUND',
      `unknown badge ${request.badgeSlug}; known: ${definitions.map((d) => d.slug).join(', ')}`,
    );
  }
  const ring = await ensureKeyRing(request.keyStore, now);
  const keys = { ed25519: activeKey(ring, 'EdDSA'), rsa: activeKey(ring, 'RS256') };
  const badges = definitions.map((d) => prepareBadge(d, layout));
  const badge = badges.find((b) => b.slug === definition.slug) ?? badges[0];
  const listId = 'revocation-1';
  const award = await issueAward(
    {
      awardId: randomUUID(),
      badge: badge as (typeof badges)[number],
      recipient: { email: request.email, ...(request.name ? { name: request.name } : {}) },
      issuedAt: now,
      status: { listId, index: randomInt(MINIMUM_STATUS_LIST_ENTRIES) },
    },
    { layout, issuer: request.issuer, keys },
  );
  const statusList = await buildStatusListFile({
    layout,
    listId,
    bits: newStatusListBitstring(),
    key: keys.ed25519,
    now,
  });
  const files: PublishedFile[] = [
    ...buildIssuerFiles({ layout, issuer: request.issuer, ring, badges }),
    buildRevocationListFile(layout, []),
    statusList.file,
    ...award.files,
  ];
  for (const file of files) {
    const target = join(request.outDir, file.key);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.body);
  }
  const path = (url: string) => join(request.outDir, url.slice(layout.baseUrl.length + 1));
  return {
    award,
    files: {
      credential: path(award.urls.credential),
      ...(award.urls.credentialJwt ? { credentialJwt: path(award.urls.credentialJwt) } : {}),
      assertion: path(award.urls.assertion),
      png: path(award.urls.png),
      didDocument: path(layout.didDocument),
      issuerProfile: path(layout.issuerProfile),
      ob2Issuer: path(layout.ob2Issuer),
      statusList: path(layout.statusList(listId)),
      revocationList: path(layout.revocationList),
    },
  };
}
