import { isBadgeError } from '../errors.js';
import { type AwardRecord, participantKeyOf } from './award-record.js';
import type { AwardDependencies, DomainEvent, EventPublisher } from './ports.js';
import { type AwardRequest, type AwardRequestOutcome, manualAwardId, requestAward } from './request-award.js';

/**
 * Many organiser awards at once (an import). Each row is one `requestAward`, so a row means exactly what a single
 * award means: `created` only once its record is written and its command is on the bus, `skipped` when the person
 * already has the award (`exists`) or holds the badge from elsewhere (`already-holds`). Rows are independent: an
 * unknown badge makes its row invalid and a failure its row failed, never the others. Rows for the same person
 * and badge run one after the other, so duplicates in one import give one award and `exists` for the repeats.
 */
export type BulkRowResult =
  | { row: number; status: 'created'; awardId: string }
  | { row: number; status: 'skipped'; reason: 'exists' | 'already-holds'; awardId: string }
  | { row: number; status: 'invalid'; fields: Array<{ field: string; message: string }> }
  | { row: number; status: 'failed'; code: string; message: string };

export interface BulkAwardOptions {
  /** Rows in flight at once (default 32). */
  concurrency?: number;
  /** Asked before each row: once it answers true, the rows not yet started are reported `NOT_PROCESSED`. */
  shouldStop?: () => boolean;
}

type BulkDependencies = Pick<AwardDependencies, 'awards' | 'badgeClasses' | 'events' | 'clock'>;

export async function bulkAward(
  rows: ReadonlyArray<{ row: number; request: AwardRequest }>,
  deps: BulkDependencies,
  options: BulkAwardOptions = {},
): Promise<BulkRowResult[]> {
  const events = new BatchingEventPublisher(deps.events);
  const badgeClasses = memoizedBadgeClasses(deps.badgeClasses);
  const rowDeps: BulkDependencies = { ...deps, events, badgeClasses };
  const results = new Array<BulkRowResult>(rows.length);
  const chains = new Map<string, Promise<void>>();

  const runRow = async (index: number): Promise<void> => {
    const { row, request } = rows[index] as { row: number; request: AwardRequest };
    if (options.shouldStop?.()) {
      results[index] = {
        row,
        status: 'failed',
        code: 'NOT_PROCESSED',
        message: 'not processed in this request: send the row again',
      };
      return;
    }
    try {
      results[index] = resultOf(
        row,
        await requestAward(request, { ...rowDeps, awards: listedAwards(deps.awards) }),
      );
    } catch (error) {
      results[index] = failureOf(row, error);
    }
  };

  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const index = next++;
      const { request } = rows[index] as { request: AwardRequest };
      const key = manualAwardId(request.badge, participantKeyOf(request.email));
      const previous = chains.get(key) ?? Promise.resolve();
      const current = previous.then(() => runRow(index));
      chains.set(key, current);
      await current;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 32) }, worker));
  return results;
}

function resultOf(row: number, outcome: AwardRequestOutcome): BulkRowResult {
  if (outcome.outcome === 'created') return { row, status: 'created', awardId: outcome.award.awardId };
  return { row, status: 'skipped', reason: outcome.outcome, awardId: outcome.award.awardId };
}

function failureOf(row: number, error: unknown): BulkRowResult {
  if (isBadgeError(error) && error.status < 500) {
    const field = typeof error.details?.field === 'string' ? error.details.field : '(row)';
    return { row, status: 'invalid', fields: [{ field, message: error.message }] };
  }
  // Whatever failed (the table, the bus), the row was not accepted: it is reported so, and a retry completes it.
  return {
    row,
    status: 'failed',
    code: isBadgeError(error) ? error.code : 'UNEXPECTED',
    message: 'the row could not be completed: send it again',
  };
}

/** Badge classes read once per import, not once per row. */
function memoizedBadgeClasses(
  badgeClasses: BulkDependencies['badgeClasses'],
): BulkDependencies['badgeClasses'] {
  const known = new Map<string, ReturnType<typeof badgeClasses.get>>();
  const get = (slug: string) => {
    let found = known.get(slug);
    if (!found) {
      found = badgeClasses.get(slug);
      found.catch(() => known.delete(slug));
      known.set(slug, found);
    }
    return found;
  };
  return withOverrides(badgeClasses, { get });
}

/**
 * One row's view of the awards: the person's awards are listed first anyway (is the badge held already?), so a
 * lookup of an award that list just showed, or did not show, needs no second read. Should the index lag behind
 * the table, the conditional create still finds the existing award: nothing is created twice.
 */
function listedAwards(awards: BulkDependencies['awards']): BulkDependencies['awards'] {
  let listed: Map<string, AwardRecord> | undefined;
  const listByParticipant = async (participantKey: string) => {
    const found = await awards.listByParticipant(participantKey);
    listed = new Map(found.map((award) => [award.awardId, award]));
    return found;
  };
  const get = async (awardId: string) => (listed ? listed.get(awardId) : awards.get(awardId));
  return withOverrides(awards, { listByParticipant, get });
}

/** The object with some methods replaced; every other method runs on the original (its own `this`). */
function withOverrides<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy(target, {
    get(original, property) {
      if (Object.hasOwn(overrides, property)) return overrides[property as keyof T];
      const value = Reflect.get(original, property, original);
      return typeof value === 'function' ? value.bind(original) : value;
    },
  });
}

/**
 * Gathers the commands of rows in flight into PutEvents calls of up to ten entries (the most one call takes).
 * Each caller's promise settles when its own batch was accepted or refused, so a row is never reported created
 * before its command is on the bus.
 */
export class BatchingEventPublisher implements EventPublisher {
  private pending: Array<{ event: DomainEvent; resolve: () => void; reject: (error: unknown) => void }> = [];
  private scheduled = false;

  constructor(
    private readonly target: EventPublisher,
    private readonly batchSize = 10,
  ) {}

  publish(events: DomainEvent[]): Promise<void> {
    return Promise.all(
      events.map(
        (event) =>
          new Promise<void>((resolve, reject) => {
            this.pending.push({ event, resolve, reject });
            if (this.pending.length >= this.batchSize) this.flush();
            else if (!this.scheduled) {
              this.scheduled = true;
              setImmediate(() => this.flush());
            }
          }),
      ),
    ).then(() => undefined);
  }

  private flush(): void {
    this.scheduled = false;
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, this.batchSize);
      this.target.publish(batch.map((entry) => entry.event)).then(
        () => {
          for (const entry of batch) entry.resolve();
        },
        (error: unknown) => {
          for (const entry of batch) entry.reject(error);
        },
      );
    }
  }
}
