import { type ParticipationRecorded, parseParticipationRecorded } from '../events/participation-recorded.js';
import { newSalt } from '../ob2/identity.js';
import { type AwardRecord, awardIdFor, eventKeyOf, participantKeyOf } from './award-record.js';
import type { IssuingCache } from './issuing-cache.js';
import type { AwardDependencies } from './ports.js';
import { completeAward } from './publish-award.js';
import { satisfiedScopes } from './rules.js';
import { claimStatusIndex } from './status-index.js';

export interface ParticipationOutcome {
  eventKey: string;
  duplicate: boolean;
  awards: Array<Pick<AwardRecord, 'awardId' | 'badge' | 'status' | 'scope'> & { created: boolean }>;
}

/**
 * One participation event, delivered any number of times, concurrently or not: it is recorded once, every rule is
 * evaluated over all the participant's recorded events, and each satisfied rule and scope yields exactly one award
 * (its id derives from rule, participant and scope; creating it is a conditional write). Duplicates are evaluated
 * too, so a delivery that crashed half way is completed by the next one.
 */
export async function recordParticipation(
  input: { source: string; detail: unknown },
  deps: AwardDependencies,
  cache: IssuingCache,
): Promise<ParticipationOutcome> {
  const event = parseParticipationRecorded(input.detail);
  const participantKey = participantKeyOf(event.participant.email);
  const { stored, duplicate } = await deps.participations.record({
    eventKey: eventKeyOf(input.source, event.eventId),
    source: input.source,
    participantKey,
    receivedAt: deps.clock.now().toISOString(),
    event,
  });
  const [history, rules] = await Promise.all([
    deps.participations.forParticipant(participantKey),
    deps.rules.active(),
  ]);
  const outcome: ParticipationOutcome = { eventKey: stored.eventKey, duplicate, awards: [] };
  for (const rule of rules) {
    for (const scope of satisfiedScopes(rule, history)) {
      const awardId = awardIdFor(rule.ruleId, participantKey, scope);
      const status = await claimStatusIndex(deps.awards, awardId);
      const creation = await deps.awards.create(
        newAwardRecord(awardId, rule, scope, stored.event, stored.eventKey, participantKey, status, deps),
      );
      const created = creation.created;
      let record = creation.record;
      if (created && !rule.locked) await deps.rules.lock(rule.ruleId, rule.version);
      if (record.mode === 'auto') record = await completeAward(record, deps, cache);
      outcome.awards.push({ awardId, badge: record.badge, status: record.status, scope, created });
    }
  }
  return outcome;
}

function newAwardRecord(
  awardId: string,
  rule: { ruleId: string; version: number; badge: string; mode: AwardRecord['mode'] },
  scope: string,
  event: ParticipationRecorded,
  sourceEventKey: string,
  participantKey: string,
  status: { listId: string; index: number },
  deps: AwardDependencies,
): AwardRecord {
  const evidence =
    event.evidence === undefined ? [] : Array.isArray(event.evidence) ? event.evidence : [event.evidence];
  return {
    awardId,
    ruleId: rule.ruleId,
    ruleVersion: rule.version,
    scope,
    badge: rule.badge,
    mode: rule.mode,
    status: rule.mode === 'auto' ? 'issuing' : 'pending',
    participantKey,
    email: event.participant.email,
    ...(event.participant.name ? { name: event.participant.name } : {}),
    salt: newSalt(),
    statusListId: status.listId,
    statusIndex: status.index,
    awardedAt: deps.clock
      .now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z'),
    sourceEventKey,
    ...(event.narrative ? { narrative: event.narrative } : {}),
    ...(evidence.length
      ? {
          evidence: evidence.map((e) => ({
            ...(e.url ? { id: e.url } : {}),
            ...(e.name ? { name: e.name } : {}),
            ...(e.description ? { description: e.description } : {}),
          })),
        }
      : {}),
  };
}
