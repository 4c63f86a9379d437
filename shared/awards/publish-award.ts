import { BADGE_AWARDED, ISSUER_SOURCE } from '../events/participation-recorded.js';
import { issueAward } from '../issuance/issue-award.js';
import type { AwardRecord } from './award-record.js';
import type { IssuingCache } from './issuing-cache.js';
import type { AwardDependencies } from './ports.js';

/**
 * Completes an award: issues its credential from the parameters fixed in its record, writes the files, marks the
 * announces it, then marks the record published. Each step is safe to repeat, so a crash anywhere is completed by
 * the retry: the files are rewritten with the same bytes, and a published record is not published again.
 */
export async function completeAward(
  record: AwardRecord,
  deps: AwardDependencies,
  cache: IssuingCache,
): Promise<AwardRecord> {
  let current = record;
  if (current.status === 'issuing') {
    const [context, badge] = await Promise.all([cache.context(), cache.badge(current.badge)]);
    const issued = await issueAward(
      {
        awardId: current.awardId,
        badge,
        recipient: { email: current.email, ...(current.name ? { name: current.name } : {}) },
        issuedAt: new Date(current.awardedAt),
        status: { listId: current.statusListId, index: current.statusIndex },
        salt: current.salt,
        ...(current.narrative ? { narrative: current.narrative } : {}),
        ...(current.evidence?.length ? { evidence: current.evidence } : {}),
      },
      context,
    );
    // Files first, then the announcement, then the record: a record never claims files that are missing, and an
    // award whose record says published has been announced. Every write settles before a failure is reported, so
    // a retry never races this attempt's writes; a retry announces again (consumers key on the award id).
    const writes = await Promise.allSettled(issued.files.map((file) => deps.files.put(file)));
    const failed = writes.find((write): write is PromiseRejectedResult => write.status === 'rejected');
    if (failed) throw failed.reason;
    await deps.events.publish([
      {
        detailType: BADGE_AWARDED,
        detail: {
          awardId: current.awardId,
          badge: current.badge,
          ruleId: current.ruleId,
          email: current.email,
          ...(current.name ? { name: current.name } : {}),
          awardedAt: current.awardedAt,
          urls: issued.urls,
          source: ISSUER_SOURCE,
        },
      },
    ]);
    const publishedAt = deps.clock.now().toISOString();
    await deps.awards.markPublished(current, publishedAt, issued.urls);
    current = { ...current, status: 'published', publishedAt, notifiedAt: publishedAt, urls: issued.urls };
  }
  return current;
}
