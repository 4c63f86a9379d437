import { BadgeError } from '../errors.js';
import { AWARD_REQUESTED, ISSUER_SOURCE } from '../events/participation-recorded.js';
import { newSalt } from '../ob2/identity.js';
import { type AwardRecord, awardIdFor, participantKeyOf } from './award-record.js';
import type { AwardDependencies } from './ports.js';
import { claimStatusIndex } from './status-index.js';

export interface AwardRequest {
  badge: string;
  email: string;
  name?: string;
  narrative?: string;
  evidence?: Array<{ id?: string; name?: string; description?: string }>;
}

export type AwardRequestOutcome =
  | { outcome: 'created'; award: AwardRecord }
  | { outcome: 'exists'; award: AwardRecord }
  | { outcome: 'already-holds'; award: AwardRecord };

/** The id of an organiser's award: one per person and badge, so repeating the request finds the same award. */
export function manualAwardId(badge: string, participantKey: string): string {
  return awardIdFor(`manual:${badge}`, participantKey, 'manual');
}

/**
 * An organiser awards a badge to a person. The record is created at once (conditional: one per person and badge)
 * and an `Award Requested` command goes to the award function, which issues and publishes it. A person who
 * already holds the badge (from a rule, or earlier), and has not had it revoked, is not awarded it again.
 */
export async function requestAward(
  request: AwardRequest,
  deps: Pick<AwardDependencies, 'awards' | 'badgeClasses' | 'events' | 'clock'>,
): Promise<AwardRequestOutcome> {
  if (!(await deps.badgeClasses.get(request.badge))) {
    throw new BadgeError('BADGE_NOT_FOUND', `badge class ${request.badge} does not exist`, {
      status: 404,
      details: { field: 'badge' },
    });
  }
  const participantKey = participantKeyOf(request.email);
  const held = (await deps.awards.listByParticipant(participantKey)).find(
    (award) => award.badge === request.badge && award.status !== 'revoked',
  );
  const awardId = manualAwardId(request.badge, participantKey);
  if (held && held.awardId !== awardId) return { outcome: 'already-holds', award: held };

  let existing = held ?? (await deps.awards.get(awardId));
  let created = false;
  if (!existing) {
    const status = await claimStatusIndex(deps.awards, awardId);
    const record: AwardRecord = {
      awardId,
      ruleId: 'manual',
      ruleVersion: 0,
      scope: 'manual',
      badge: request.badge,
      mode: 'auto',
      status: 'issuing',
      participantKey,
      email: request.email.trim(),
      ...(request.name ? { name: request.name } : {}),
      salt: newSalt(),
      statusListId: status.listId,
      statusIndex: status.index,
      awardedAt: deps.clock
        .now()
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z'),
      sourceEventKey: 'manual',
      ...(request.narrative ? { narrative: request.narrative } : {}),
      ...(request.evidence?.length ? { evidence: request.evidence } : {}),
    };
    ({ created, record: existing } = await deps.awards.create(record));
  }
  // Sent again for an existing award that is still issuing: the command is idempotent, and this heals a crash
  // between the record and the command.
  if (existing.status === 'issuing') {
    await deps.events.publish([
      { detailType: AWARD_REQUESTED, detail: { awardId: existing.awardId, source: ISSUER_SOURCE } },
    ]);
  }
  return created ? { outcome: 'created', award: existing } : { outcome: 'exists', award: existing };
}
