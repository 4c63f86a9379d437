import { createHash } from 'node:crypto';
import { BadgeError } from '../errors.js';
import { MINIMUM_STATUS_LIST_ENTRIES } from '../ob3/status-list.js';
import type { AwardRepository } from './ports.js';

export const FIRST_STATUS_LIST = 'revocation-1';
export const STATUS_LIST_ENTRIES = MINIMUM_STATUS_LIST_ENTRIES;

/**
 * An index in the status list for an award: drawn from a hash of the award id, so it is uniformly spread and says
 * nothing about when or to whom the credential was issued, and a retry of the same award draws the same index.
 * Claims are conditional writes, so two awards never share one; a taken index moves on to the next draw.
 */
export async function claimStatusIndex(
  awards: Pick<AwardRepository, 'claimStatusIndex'>,
  awardId: string,
  listId = FIRST_STATUS_LIST,
): Promise<{ listId: string; index: number }> {
  for (let attempt = 0; attempt < 32; attempt++) {
    const index =
      createHash('sha256').update(`${awardId}:${attempt}`).digest().readUInt32BE(0) % STATUS_LIST_ENTRIES;
    if (await awards.claimStatusIndex(listId, index, awardId)) return { listId, index };
  }
  throw new BadgeError('STATUS_LIST_FULL', `no free index found in status list ${listId}`, { status: 503 });
}
