import { BadgeError } from '../errors.js';
import { BADGE_REVOKED, ISSUER_SOURCE } from '../events/participation-recorded.js';
import { OB_V2_CONTEXT } from '../formats/contexts.js';
import { buildRevocationListFile, buildStatusListFile } from '../issuance/issuer-site.js';
import { CONTENT_TYPES, publishedFile } from '../issuance/published-file.js';
import { newStatusListBitstring, writeStatusBit } from '../ob3/status-list.js';
import { objectKeyOf } from '../site/layout.js';
import type { AwardRecord } from './award-record.js';
import type { IssuingCache } from './issuing-cache.js';
import type { AwardDependencies } from './ports.js';

const MAX_PUBLISH_ROUNDS = 50;

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

/**
 * Publishes the status list until the published copy is of the latest version: whichever concurrent writer
 * uploads last has just checked that nothing changed after what it uploaded, so no revocation is ever left out.
 */
export async function publishStatusList(
  listId: string,
  deps: AwardDependencies,
  cache: IssuingCache,
): Promise<number> {
  const context = await cache.context();
  for (let round = 0; round < MAX_PUBLISH_ROUNDS; round++) {
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
    await deps.files.put(file);
    if ((await deps.revocations.statusList(listId)).version === list.version) return list.version;
  }
  throw new BadgeError(
    'STATUS_LIST_CONTENDED',
    `status list ${listId} kept changing while it was published`,
    { status: 503 },
  );
}

export async function publishRevocationList(deps: AwardDependencies, cache: IssuingCache): Promise<number> {
  const { layout } = await cache.context();
  for (let round = 0; round < MAX_PUBLISH_ROUNDS; round++) {
    const list = await deps.revocations.revocationList();
    await deps.files.put(buildRevocationListFile(layout, list.revoked));
    if ((await deps.revocations.revocationList()).version === list.version) return list.version;
  }
  throw new BadgeError(
    'REVOCATION_LIST_CONTENDED',
    'the revocation list kept changing while it was published',
    { status: 503 },
  );
}
