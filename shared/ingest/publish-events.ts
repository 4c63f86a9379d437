import { isBadgeError } from '../errors.js';
import {
  PARTICIPATION_RECORDED,
  type ParticipationRecorded,
  parseParticipationRecorded,
} from '../events/participation-recorded.js';
import { type IngestBusOutcome, type IngestDependencies, MAX_ENTRIES_PER_PUT } from './ports.js';

export interface InvalidField {
  field: string;
  message: string;
}

/**
 * One result per event of the request, at its index. `failed` means the bus did not take the event: the sender
 * sends it again (in a newly signed request); its eventId makes the retry idempotent downstream.
 */
export type IngestResult =
  | { index: number; eventId: string; status: 'accepted' }
  | { index: number; eventId: string | null; status: 'invalid'; fields: InvalidField[] }
  | {
      index: number;
      eventId: string;
      status: 'failed';
      error: { code: 'EVENT_PUBLISH_FAILED'; message: string };
    };

/** Events from a sender are namespaced by its key id, so two senders' eventIds never collide downstream. */
export function sourceOf(keyId: string): string {
  return `https.${keyId}`;
}

/** Validates each detail and puts the valid ones on the bus, ten per call; one call failing fails only its ten. */
export async function publishDetails(
  details: readonly unknown[],
  keyId: string,
  deps: Pick<IngestDependencies, 'bus' | 'logger'>,
): Promise<IngestResult[]> {
  const results: IngestResult[] = [];
  const valid: { index: number; event: ParticipationRecorded }[] = [];
  details.forEach((detail, index) => {
    const checked = validate(detail);
    if ('event' in checked) valid.push({ index, event: checked.event });
    else results[index] = { index, eventId: eventIdOf(detail), status: 'invalid', fields: checked.fields };
  });
  for (let offset = 0; offset < valid.length; offset += MAX_ENTRIES_PER_PUT) {
    const batch = valid.slice(offset, offset + MAX_ENTRIES_PER_PUT);
    const outcomes = await putBatch(batch, keyId, deps);
    batch.forEach(({ index, event }, position) => {
      const outcome = outcomes[position];
      results[index] = outcome?.accepted
        ? { index, eventId: event.eventId, status: 'accepted' }
        : {
            index,
            eventId: event.eventId,
            status: 'failed',
            error: {
              code: 'EVENT_PUBLISH_FAILED',
              message: 'the event bus did not accept the event; send it again',
            },
          };
    });
  }
  return results;
}

function validate(detail: unknown): { event: ParticipationRecorded } | { fields: InvalidField[] } {
  try {
    return { event: parseParticipationRecorded(detail) };
  } catch (error) {
    if (!isBadgeError(error) || error.code !== 'EVENT_INVALID') throw error;
    return { fields: (error.details?.fields as InvalidField[] | undefined) ?? [] };
  }
}

async function putBatch(
  batch: readonly { event: ParticipationRecorded }[],
  keyId: string,
  deps: Pick<IngestDependencies, 'bus' | 'logger'>,
): Promise<readonly IngestBusOutcome[]> {
  try {
    const outcomes = await deps.bus.putEvents(
      batch.map(({ event }) => ({
        source: sourceOf(keyId),
        detailType: PARTICIPATION_RECORDED,
        detail: JSON.stringify(event),
      })),
    );
    const rejected = outcomes.filter((outcome) => !outcome.accepted);
    if (rejected.length > 0) {
      deps.logger?.warn('event bus rejected ingested events', {
        rejected: rejected.length,
        errorCodes: [...new Set(rejected.map((outcome) => (outcome.accepted ? '' : outcome.errorCode)))],
      });
    }
    return outcomes;
  } catch (error) {
    deps.logger?.warn('event bus call failed for ingested events', {
      events: batch.length,
      errorName: (error as { name?: unknown })?.name,
    });
    return [];
  }
}

function eventIdOf(detail: unknown): string | null {
  const eventId = (detail as { eventId?: unknown } | null)?.eventId;
  return typeof eventId === 'string' ? eventId : null;
}
