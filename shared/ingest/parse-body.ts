import { IngestError } from './ingest-error.js';

export const MAX_EVENTS_PER_REQUEST = 100;

/**
 * The body's event details, not yet validated: one detail, or `{"events": [...]}` with 1 to 100 of them. A detail
 * never has an `events` member (its schema is strict), so that key alone tells the two shapes apart.
 */
export function parseIngestBody(body: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new IngestError('BODY_INVALID');
  }
  if (!isPlainObject(parsed)) throw new IngestError('BODY_INVALID');
  if (!Object.hasOwn(parsed, 'events')) return [parsed];
  const { events } = parsed;
  if (
    Object.keys(parsed).length !== 1 ||
    !Array.isArray(events) ||
    events.length < 1 ||
    events.length > MAX_EVENTS_PER_REQUEST
  ) {
    throw new IngestError('BODY_INVALID');
  }
  return events;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
