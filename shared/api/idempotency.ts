import { createHash } from 'node:crypto';
import { apiError } from './api-error.js';
import type { ApiRequest, ApiResponse } from './http.js';

/**
 * `Idempotency-Key`: the first response to a key is kept (24 hours), and a retry with the same key and the same
 * request gets it again, marked `Idempotent-Replayed: true`, without running anything. The same key with another
 * request (method, path or body) is a 422 `IDEMPOTENCY_KEY_REUSED`. Keys belong to the caller (the token's
 * subject), so two organisers never see each other's responses. Server errors are not kept: a retry runs again.
 */
export interface StoredResponse {
  requestHash: string;
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export interface IdempotencyStore {
  get(keyHash: string, now: Date): Promise<StoredResponse | undefined>;
  /** Stores the response unless one is stored (and not expired) for the key; false when another was first. */
  putFirst(keyHash: string, stored: StoredResponse, now: Date, expiresAt: Date): Promise<boolean>;
}

export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;
/** A DynamoDB item holds 400 KB; larger responses are not kept (the operations behind them are idempotent anyway). */
const MAX_STORED_BODY = 300 * 1024;

export function idempotencyKeyOf(request: ApiRequest): string | undefined {
  const key = request.headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw apiError('VALIDATION_FAILED', 400, 'the Idempotency-Key header is not valid', [
      { field: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' },
    ]);
  }
  return key;
}

export async function idempotent(
  store: IdempotencyStore,
  call: { key: string; subject: string; request: ApiRequest; now: () => Date },
  run: () => Promise<{ response: ApiResponse; body: string }>,
): Promise<{ response: ApiResponse; body: string }> {
  const keyHash = sha256(`${call.subject}\n${call.key}`);
  const requestHash = sha256(`${call.request.method}\n${call.request.path}\n`, call.request.body);
  const stored = await store.get(keyHash, call.now());
  if (stored) return replay(stored, requestHash);

  const result = await run();
  const headers = result.response.headers ?? {};
  if (result.response.statusCode >= 500 || Buffer.byteLength(result.body) > MAX_STORED_BODY) return result;
  const now = call.now();
  const first = await store.putFirst(
    keyHash,
    { requestHash, statusCode: result.response.statusCode, headers, body: result.body },
    now,
    new Date(now.getTime() + IDEMPOTENCY_RETENTION_MS),
  );
  if (first) return result;
  // A concurrent request with the same key was stored first: its response is the answer.
  const winner = await store.get(keyHash, call.now());
  return winner ? replay(winner, requestHash) : result;
}

function replay(stored: StoredResponse, requestHash: string): { response: ApiResponse; body: string } {
  if (stored.requestHash !== requestHash) {
    throw apiError('IDEMPOTENCY_KEY_REUSED', 422, 'this Idempotency-Key was used for a different request', [
      { field: 'Idempotency-Key', message: 'was used with another request: use a new key' },
    ]);
  }
  return {
    response: {
      statusCode: stored.statusCode,
      headers: { ...stored.headers, 'idempotent-replayed': 'true' },
    },
    body: stored.body,
  };
}

function sha256(text: string, bytes?: Buffer): string {
  const hash = createHash('sha256').update(text, 'utf8');
  if (bytes) hash.update(bytes);
  return hash.digest('hex');
}
