import { createHash } from 'node:crypto';
import { apiError } from './api-error.js';

/**
 * Opaque pagination cursors: the store's position (DynamoDB's LastEvaluatedKey) and a fingerprint of the query it
 * belongs to, base64url-encoded JSON. Nothing in a cursor is trusted: the fingerprint must match the query the
 * cursor is presented with, and the position must have exactly the shape that query produces (the store checks
 * that), so an edited, forged or borrowed cursor is a 400 `CURSOR_INVALID`, never a read elsewhere in the table.
 */
export type StorePosition = Record<string, string>;

const MAX_CURSOR_LENGTH = 2048;

export function queryFingerprint(query: Record<string, string | undefined>): string {
  const canonical = Object.keys(query)
    .sort()
    .map((key) => `${key}=${query[key] ?? ''}`)
    .join('&');
  return createHash('sha256').update(canonical, 'utf8').digest('base64url').slice(0, 22);
}

export function encodeCursor(position: StorePosition, fingerprint: string): string {
  return Buffer.from(JSON.stringify({ v: 1, q: fingerprint, p: position }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, fingerprint: string): StorePosition {
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalidCursor();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const { v, q, p } = (decoded ?? {}) as { v?: unknown; q?: unknown; p?: unknown };
  if (v !== 1 || q !== fingerprint || p === null || typeof p !== 'object' || Array.isArray(p))
    throw invalidCursor();
  const entries = Object.entries(p as Record<string, unknown>);
  if (
    entries.length === 0 ||
    entries.length > 4 ||
    entries.some(([, value]) => typeof value !== 'string' || value.length > 512)
  ) {
    throw invalidCursor();
  }
  return Object.fromEntries(entries) as StorePosition;
}

export function invalidCursor() {
  return apiError('CURSOR_INVALID', 400, 'the cursor is not one this query returned', [
    { field: 'cursor', message: 'is not a cursor returned for this query' },
  ]);
}
