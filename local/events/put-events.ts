import { randomUUID } from 'node:crypto';
import { BadgeError } from '../../shared/errors.js';
import { LOCAL_ACCOUNT_ID } from './durable-queue.js';

/** A PutEvents entry as it arrives on the wire (`Time` is epoch seconds from the SDK, or ISO text). */
export interface PutEventsRequestEntry {
  readonly Source?: unknown;
  readonly DetailType?: unknown;
  readonly Detail?: unknown;
  readonly EventBusName?: unknown;
  readonly Resources?: unknown;
  readonly Time?: unknown;
  readonly TraceHeader?: unknown;
}

export type PutEventsResultEntry =
  | { readonly EventId: string }
  | { readonly ErrorCode: string; readonly ErrorMessage: string };

export interface PutEventsResult {
  readonly FailedEntryCount: number;
  readonly Entries: PutEventsResultEntry[];
}

/** The event EventBridge hands to targets; an SQS target receives it as the message body. */
export interface EventEnvelope {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: string[];
  readonly detail: Record<string, unknown>;
}

export const EVENTBRIDGE_REQUEST_REJECTED = 'EVENTBRIDGE_REQUEST_REJECTED';

/** A request EventBridge rejects as a whole; `type` is the AWS error code the endpoint sends as `__type`. */
export class RequestRejected extends BadgeError {
  readonly type: string;

  constructor(type: string, message: string) {
    super(EVENTBRIDGE_REQUEST_REJECTED, message, {
      status: type === 'RequestEntityTooLarge' ? 413 : 400,
      details: { type },
    });
    this.type = type;
  }
}

export const MAX_ENTRIES = 10;
export const MAX_REQUEST_ENTRY_BYTES = 256 * 1024;
// The size EventBridge counts for an entry's Time, whatever its form.
const TIME_FIELD_BYTES = 14;

/** Request-level checks, as EventBridge applies them before looking at individual entries. */
export function validatePutEventsRequest(body: unknown): PutEventsRequestEntry[] {
  const entries = (body as { Entries?: unknown } | null)?.Entries;
  if (!Array.isArray(entries)) {
    throw new RequestRejected(
      'ValidationException',
      "1 validation error detected: Value null at 'entries' failed to satisfy constraint: Member must not be null",
    );
  }
  if (entries.length < 1 || entries.length > MAX_ENTRIES) {
    const bound = entries.length < 1 ? 'greater than or equal to 1' : `less than or equal to ${MAX_ENTRIES}`;
    throw new RequestRejected(
      'ValidationException',
      `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length ${bound}`,
    );
  }
  if (!entries.every((entry) => typeof entry === 'object' && entry !== null && !Array.isArray(entry))) {
    throw new RequestRejected('SerializationException', 'Entries must be objects');
  }
  const typed = entries as PutEventsRequestEntry[];
  if (typed.reduce((total, entry) => total + entrySize(entry), 0) > MAX_REQUEST_ENTRY_BYTES) {
    throw new RequestRejected(
      'ValidationException',
      'Total size of the entries in the request is over the limit.',
    );
  }
  return typed;
}

/** The size EventBridge counts against the 256 KB limit: Time, Source, DetailType, Detail and Resources. */
export function entrySize(entry: PutEventsRequestEntry): number {
  const bytes = (value: unknown): number =>
    typeof value === 'string' ? Buffer.byteLength(value, 'utf8') : 0;
  const resources = Array.isArray(entry.Resources) ? entry.Resources : [];
  return (
    (entry.Time === undefined || entry.Time === null ? 0 : TIME_FIELD_BYTES) +
    bytes(entry.Source) +
    bytes(entry.DetailType) +
    bytes(entry.Detail) +
    resources.reduce((total: number, resource: unknown) => total + bytes(resource), 0)
  );
}

export type EntryCheck =
  | { readonly ok: true; readonly envelope: EventEnvelope; readonly busName: string }
  | { readonly ok: false; readonly ErrorCode: string; readonly ErrorMessage: string };

export interface EnvelopeContext {
  readonly region: string;
  readonly now: () => number;
  /** Resolves a bus name or ARN to the bus's name, or undefined when no such bus exists. */
  readonly resolveBus: (nameOrArn: string) => string | undefined;
}

/** Validates one entry as EventBridge does and builds the event envelope targets receive. */
export function toEnvelope(entry: PutEventsRequestEntry, context: EnvelopeContext): EntryCheck {
  const required = (field: 'Source' | 'DetailType' | 'Detail'): EntryCheck | undefined => {
    const value = entry[field];
    if (typeof value === 'string' && value !== '') return undefined;
    return invalidArgument(field, `${field} is a required argument.`);
  };
  const missing = required('Source') ?? required('DetailType') ?? required('Detail');
  if (missing !== undefined) return missing;
  const source = entry.Source as string;
  const detail = parseDetail(entry.Detail as string);
  if (detail === undefined)
    return { ok: false, ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
  // Only AWS services may publish events whose source starts with "aws.".
  if (source.startsWith('aws.')) {
    return {
      ok: false,
      ErrorCode: 'NotAuthorizedForSourceException',
      ErrorMessage: 'Not authorized for the source.',
    };
  }
  const requestedBus =
    entry.EventBusName === undefined || entry.EventBusName === null ? 'default' : entry.EventBusName;
  if (typeof requestedBus !== 'string')
    return invalidArgument('EventBusName', 'EventBusName must be a string.');
  const busName = context.resolveBus(requestedBus);
  if (busName === undefined) {
    return {
      ok: false,
      ErrorCode: 'ResourceNotFoundException',
      ErrorMessage: `Event bus ${requestedBus} does not exist.`,
    };
  }
  const resources = entry.Resources ?? [];
  if (!Array.isArray(resources) || !resources.every((resource) => typeof resource === 'string')) {
    return invalidArgument('Resources', 'Resources must be a list of strings.');
  }
  const time = eventTime(entry.Time, context.now);
  if (time === undefined) return invalidArgument('Time', 'Time must be a timestamp.');
  return {
    ok: true,
    busName,
    envelope: {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.DetailType as string,
      source,
      account: LOCAL_ACCOUNT_ID,
      time,
      region: context.region,
      resources: resources as string[],
      detail,
    },
  };
}

function invalidArgument(field: string, reason: string): EntryCheck {
  return {
    ok: false,
    ErrorCode: 'InvalidArgument',
    ErrorMessage: `Parameter ${field} is not valid. Reason: ${reason}`,
  };
}

function parseDetail(text: string): Record<string, unknown> | undefined {
  try {
    const detail: unknown = JSON.parse(text);
    return typeof detail === 'object' && detail !== null && !Array.isArray(detail)
      ? (detail as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** EventBridge times are UTC with second precision, e.g. 2017-10-02T16:24:49Z. */
function eventTime(time: unknown, now: () => number): string | undefined {
  let milliseconds: number;
  if (time === undefined || time === null) milliseconds = now();
  else if (typeof time === 'number') milliseconds = time * 1000;
  else if (typeof time === 'string') milliseconds = Date.parse(time);
  else return undefined;
  if (!Number.isFinite(milliseconds)) return undefined;
  return `${new Date(milliseconds).toISOString().slice(0, 19)}Z`;
}
