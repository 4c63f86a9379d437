import { BadgeError } from '../errors.js';

/**
 * Why a signed `POST /events` request was refused. Each code has one fixed message, so a refusal never tells a
 * caller more about a signature than its code does (which byte, which key, what the server computed).
 */
export const INGEST_ERROR_CODES = [
  'SIGNATURE_MISSING',
  'SIGNATURE_INVALID',
  'KEY_UNKNOWN',
  'TIMESTAMP_OUT_OF_RANGE',
  'REPLAYED',
  'BODY_TOO_LARGE',
  'BODY_INVALID',
] as const;

export type IngestErrorCode = (typeof INGEST_ERROR_CODES)[number];

const refusals: Record<IngestErrorCode, { status: number; message: string }> = {
  SIGNATURE_MISSING: {
    status: 401,
    message: 'X-Badges-Key-Id, X-Badges-Timestamp and X-Badges-Signature are required',
  },
  SIGNATURE_INVALID: { status: 401, message: 'the request signature does not match' },
  KEY_UNKNOWN: { status: 401, message: 'the key id is not known' },
  TIMESTAMP_OUT_OF_RANGE: {
    status: 401,
    message: 'X-Badges-Timestamp must be Unix seconds within 5 minutes of the server clock',
  },
  REPLAYED: {
    status: 409,
    message: 'this signed request was already received; sign each attempt with a fresh timestamp',
  },
  BODY_TOO_LARGE: { status: 413, message: 'the body is larger than 256 KB' },
  BODY_INVALID: {
    status: 400,
    message: 'the body must be one event detail or {"events": [...]} with 1 to 100 event details',
  },
};

export class IngestError extends BadgeError {
  declare readonly code: IngestErrorCode;

  constructor(code: IngestErrorCode) {
    const refusal = refusals[code];
    super(code, refusal.message, { status: refusal.status });
    this.name = 'IngestError';
  }
}

export function isIngestError(value: unknown): value is IngestError {
  return value instanceof IngestError;
}
