import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { BadgeError } from '../errors.js';
import { BADGE_REVOKED, ISSUER_SOURCE } from '../events/participation-recorded.js';
import { OB_V2_CONTEXT } from '../formats/contexts.js';
import { buildRevocationListFile, buildStatusListFile } from '../issuance/issuer-site.js';
import { CONTENT_TYPES, type PublishedFile, publishedFile } from '../issuance/published-file.js';
import { newStatusListBitstring, writeStatusBit } from '../ob3/status-list.js';
import { objectKeyOf } from '../site/layout.js';
import type { AwardRecord } from './award-record.js';
import type { IssuingCache } from './issuing-cache.js';
import type { AwardDependencies, PublishedList } from './ports.js';

/**
 * Records a revocation: the award is marked revoked, its status list index and its OB 2.0 assertion are added to
 * the revocation sets. Needs only the table, so the API can do it at once; `publishRevocation` then makes it
 * public. Repeating it is harmless: the first reason stays.
 */
export async function recordRevocation(
  request: { awardId: string; reason: string },
  deps: Pick<AwardDependencies, 'awards' | 'revocations' | 'clock'>,
): Promise<AwardRecord> {
  const reason = typeof request.reason === 'string' ? request.reason.trim() : '';
  if (reason === '' || reason.length > 1000) {
    throw new BadgeError('FIELD_REQUIRED', 'a revocation reason of 1 to 1000 characters is required', {
      details: { field: 'reason' },
    });
  }
  const record = await deps.awards.markRevoked(request.awardId, deps.clock.now().toISOString(), reason);
  if (!record)
    throw new BadgeError('AWARD_NOT_FOUND', `award ${request.awardId} does not exist`, { status: 404 });
  await deps.revocations.revokeStatusIndex(record.statusListId, record.statusIndex);
  await deps.revocations.revokeAssertion(record.awardId, record.revocationReason ?? reason);
  return record;
}

/**
 * Makes a recorded revocation public in every format: the BitstringStatusList (OB 3.0), the issuer's
 * RevocationList and the hosted assertion answering `revoked: true` (OB 2.0); then announces it.
 */
export async function publishRevocation(
  awardId: string,
  deps: AwardDependencies,
  cache: IssuingCache,
): Promise<AwardRecord> {
  const record = await deps.awards.get(awardId);
  if (!record) throw new BadgeError('AWARD_NOT_FOUND', `award ${awardId} does not exist`, { status: 404 });
  if (record.status !== 'revoked')
    throw new BadgeError('AWARD_NOT_REVOKED', `award ${awardId} is not revoked`, { status: 409 });
  const { layout } = await cache.context();
  const reason = record.revocationReason ?? 'revoked';
  await deps.files.put(
    publishedFile(
      objectKeyOf(layout, layout.assertion(record.awardId)),
      {
        '@context': OB_V2_CONTEXT,
        id: layout.assertion(record.awardId),
        type: 'Assertion',
        revoked: true,
        revocationReason: reason,
      },
      CONTENT_TYPES.jsonLd,
    ),
  );
  await Promise.all([
    publishStatusList(record.statusListId, deps, cache),
    publishRevocationList(deps, cache),
  ]);
  await deps.events.publish([
    {
      detailType: BADGE_REVOKED,
      detail: {
        awardId: record.awardId,
        badge: record.badge,
        reason,
        revokedAt: record.revokedAt,
        source: ISSUER_SOURCE,
      },
    },
  ]);
  return record;
}

/** Both steps in one process (the award function, operators' tools, tests). */
export async function revokeAward(
  request: { awardId: string; reason: string },
  deps: AwardDependencies,
  cache: IssuingCache,
): Promise<AwardRecord> {
  await recordRevocation(request, deps);
  return publishRevocation(request.awardId, deps, cache);
}

const LEASE_MS = 30_000;
const MAX_WAIT_ROUNDS = 400;

/**
 * Makes sure the public copy of a list carries every change recorded before this call. One writer at a time
 * publishes (a lease), and it keeps publishing until no change is left, so uploads never overtake one another and
 * an older copy never replaces a newer one. Everyone else waits for the copy to catch up, and takes the lease
 * over if its holder stops (crash) or finished before their change was recorded.
 */
async function publishUntilCurrent(
  list: PublishedList,
  deps: AwardDependencies,
  read: () => Promise<{ version: number; publishedVersion: number }>,
  render: () => Promise<{ version: number; publishedVersion: number; file: PublishedFile }>,
): Promise<number> {
  const target = (await read()).version;
  const owner = randomUUID();
  for (let round = 0; round < MAX_WAIT_ROUNDS; round++) {
    const state = await read();
    if (state.publishedVersion >= target) return state.publishedVersion;
    const now = deps.clock.now().getTime();
    if (await deps.revocations.acquirePublishLease(list, owner, now + LEASE_MS, now)) {
      try {
        for (;;) {
          const next = await render();
          if (next.publishedVersion >= next.version) break;
          await deps.files.put(next.file);
          await deps.revocations.markListPublished(list, next.version, owner);
        }
      } finally {
        await deps.revocations.releasePublishLease(list, owner);
      }
      continue;
    }
    await delay(Math.min(25 * 2 ** Math.min(round, 4), 400) + Math.floor(Math.random() * 25));
  }
  throw new BadgeError('LIST_PUBLISH_CONTENDED', `${list} could not be published in time`, { status: 503 });
}

export async function publishStatusList(
  listId: string,
  deps: AwardDependencies,
  cache: IssuingCache,
): Promise<number> {
  const context = await cache.context();
  return publishUntilCurrent(
    `status:${listId}`,
    deps,
    () => deps.revocations.statusList(listId),
    async () => {
      const list = await deps.revocations.statusList(listId);
      const bits = newStatusListBitstring();
      for (const index of list.revokedIndexes) writeStatusBit(bits, index, true);
      const { file } = await buildStatusListFile({
        layout: context.layout,
        listId,
        bits,
        key: context.keys.ed25519,
        now: deps.clock.now(),
      });
      return { version: list.version, publishedVersion: list.publishedVersion, file };
    },
  );
}

export async function publishRevocationList(deps: AwardDependencies, cache: IssuingCache): Promise<number> {
  const { layout } = await cache.context();
  return publishUntilCurrent(
    'ob2-revocations',
    deps,
    () => deps.revocations.revocationList(),
    async () => {
      const list = await deps.revocations.revocationList();
      return {
        version: list.version,
        publishedVersion: list.publishedVersion,
        file: buildRevocationListFile(layout, list.revoked),
      };
    },
  );
}
