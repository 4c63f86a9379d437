/**
 * The shared shape of SQS batch calls: request-level checks on `Entries` (any failure rejects the whole
 * call), then per-entry checks whose failures land in `Failed` while the other entries go ahead.
 */
import { SqsRequestRejected } from './sqs-errors.js';
import { type Input, isObject, requiredList } from './sqs-input.js';

export const MAX_BATCH_ENTRIES = 10;
const ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;

export interface BatchEntry {
  readonly id: string;
  readonly input: Input;
}

export interface BatchFailure {
  readonly Id: string;
  readonly SenderFault: boolean;
  readonly Code: string;
  readonly Message: string;
}

/** The entries of a batch request, checked the way SQS checks them before looking at any one entry. */
export function readBatchEntries(input: Input, entryShape: string): BatchEntry[] {
  const entries = requiredList(input, 'Entries');
  if (entries.length === 0) {
    throw new SqsRequestRejected(
      'EmptyBatchRequest',
      `There should be at least one ${entryShape} in the request.`,
    );
  }
  if (entries.length > MAX_BATCH_ENTRIES) {
    throw new SqsRequestRejected(
      'TooManyEntriesInBatchRequest',
      `Maximum number of entries per request are ${MAX_BATCH_ENTRIES}. You have sent ${entries.length}.`,
    );
  }
  const seen = new Set<string>();
  return entries.map((entry) => {
    if (!isObject(entry)) throw new SqsRequestRejected('SerializationException', 'Entries must be objects');
    const id = entry.Id;
    if (typeof id !== 'string' || !ENTRY_ID.test(id)) {
      throw new SqsRequestRejected(
        'InvalidBatchEntryId',
        'A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.',
      );
    }
    if (seen.has(id)) throw new SqsRequestRejected('BatchEntryIdsNotDistinct', `Id ${id} repeated.`);
    seen.add(id);
    return { id, input: entry };
  });
}

/** Runs `check` on each entry; an entry SQS would reject becomes a failure instead of failing the call. */
export function partitionEntries<Checked>(
  entries: readonly BatchEntry[],
  check: (entry: BatchEntry) => Checked,
): { accepted: { entry: BatchEntry; checked: Checked }[]; failed: BatchFailure[] } {
  const accepted: { entry: BatchEntry; checked: Checked }[] = [];
  const failed: BatchFailure[] = [];
  for (const entry of entries) {
    try {
      accepted.push({ entry, checked: check(entry) });
    } catch (error) {
      if (!(error instanceof SqsRequestRejected)) throw error;
      failed.push(entryFailure(entry.id, error));
    }
  }
  return { accepted, failed };
}

function entryFailure(id: string, error: SqsRequestRejected): BatchFailure {
  return { Id: id, SenderFault: error.senderFault, Code: error.queryCode, Message: error.message };
}
