import { randomInt } from 'node:crypto';
import { BadgeError } from '../errors.js';
import { MINIMUM_STATUS_LIST_ENTRIES } from '../ob3/status-list.js';
import type { AwardRepository } from './ports.js';

export const FIRST_STATUS_LIST = 'revocation-1';
export const STATUS_LIST_ENTRIES = MINIMUM_STATUS_LIST_ENTRIES;

/**
 * A random, unused index in a status list (random so that a credential's position says nothing about when it was
 * issued or by whom). Claims are conditional writes, so two awards never share an index.
 */
export async function claimRandomStatusIndex(
  awards: Pick<AwardRepository, 'claimStatusIndex'>,
  awardId: string,
  listId = FIRST_STATUS_LIST,
  random: (max: number) => number = randomInt,
): Promise<{ listId: string; index: number }> {
  for (let attempt = 0; attempt < 32; attempt++) {
    const index = random(STATUS_LIST_ENTRIES);
    if (await awards.claimStatusIndex(listId, index, awardId)) return { listId, index };
  }
  throw new BadgeError('STATUS_LIST_FULL', `no free index found in status list ${listId}`, { status: 503 });
}
