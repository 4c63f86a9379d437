import type { z } from 'zod';
import type { LinkedAwardRecord, StoredBadgeClass } from '../awards/admin-ports.js';
import type { Rule } from '../awards/rules.js';
import { siteLayout } from '../site/layout.js';
import type { awardViewSchema, badgeClassViewSchema } from './schemas.js';

/** What the API shows of an award: the record without its internals (salt, status index, keys). */
export function awardView(
  record: LinkedAwardRecord,
  publicBaseUrl: string,
  vcJwt: boolean,
): z.infer<typeof awardViewSchema> {
  const layout = siteLayout(publicBaseUrl);
  // Until the credential is published the URLs are where it will be: they are fixed by the award id.
  const urls = record.urls ?? {
    credential: layout.credential(record.awardId),
    png: layout.bakedPng(record.awardId),
    assertion: layout.assertion(record.awardId),
    ...(vcJwt ? { credentialJwt: layout.credentialJwt(record.awardId) } : {}),
  };
  return {
    awardId: record.awardId,
    badge: record.badge,
    status: record.status,
    recipient: { email: record.email, ...(record.name ? { name: record.name } : {}) },
    awardedAt: record.awardedAt,
    ...(record.publishedAt ? { publishedAt: record.publishedAt } : {}),
    ...(record.revokedAt ? { revokedAt: record.revokedAt } : {}),
    ...(record.revocationReason ? { revocationReason: record.revocationReason } : {}),
    ruleId: record.ruleId,
    ...(record.narrative ? { narrative: record.narrative } : {}),
    ...(record.replaces ? { replaces: record.replaces } : {}),
    ...(record.replacedBy ? { replacedBy: record.replacedBy } : {}),
    credentialStatus: {
      statusListCredential: layout.statusList(record.statusListId),
      statusListIndex: record.statusIndex,
    },
    urls: {
      credential: urls.credential,
      png: urls.png,
      assertion: urls.assertion,
      ...(urls.credentialJwt ? { credentialJwt: urls.credentialJwt } : {}),
    },
  };
}

export function badgeClassView(
  stored: StoredBadgeClass,
  publicBaseUrl: string,
): z.infer<typeof badgeClassViewSchema> {
  const layout = siteLayout(publicBaseUrl);
  return {
    slug: stored.slug,
    name: stored.name,
    description: stored.description,
    criteria: stored.criteria,
    tags: stored.tags,
    ...(stored.alignment?.length ? { alignment: stored.alignment } : {}),
    updatedAt: stored.updatedAt,
    urls: {
      achievement: layout.achievement(stored.slug),
      badgeClass: layout.badgeClass(stored.slug),
      image: layout.achievementImage(stored.slug),
      ...(stored.svgImage ? { svgImage: `${layout.baseUrl}/achievements/${stored.slug}.svg` } : {}),
    },
  };
}

export function ruleView(rule: Rule): Rule {
  return { ...rule };
}

/** The spreadsheet columns of an award export. */
export const AWARD_EXPORT_COLUMNS = [
  'awardId',
  'badge',
  'status',
  'email',
  'name',
  'awardedAt',
  'publishedAt',
  'revokedAt',
  'revocationReason',
  'replaces',
  'replacedBy',
  'credentialUrl',
] as const;

export function awardExportRow(view: z.infer<typeof awardViewSchema>): Array<string | undefined> {
  return [
    view.awardId,
    view.badge,
    view.status,
    view.recipient.email,
    view.recipient.name,
    view.awardedAt,
    view.publishedAt,
    view.revokedAt,
    view.revocationReason,
    view.replaces,
    view.replacedBy,
    view.urls.credential,
  ];
}
