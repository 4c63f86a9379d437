import { IngestError } from './ingest-error.js';
import type { Clock, IngestKeys } from './ports.js';
import {
  KEY_ID_HEADER,
  SIGNATURE_HEADER,
  signatureBytes,
  signatureMatches,
  TIMESTAMP_HEADER,
} from './signature.js';

export interface IngestRequest {
  /** The raw body exactly as received: the signature covers these bytes. */
  body: string;
  headers: Record<string, string | undefined>;
}

export interface VerifiedRequest {
  keyId: string;
  /** Unix seconds, as signed. */
  timestamp: number;
}

export const MAX_BODY_BYTES = 256 * 1024;
export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

const UNIX_SECONDS = /^\d{1,12}$/;

/**
 * Checks, in this order: body size, presence of the three headers, key id, signature, timestamp. The signature
 * is checked before the timestamp so that only a holder of the key learns that its clock is off.
 */
export async function verifyIngestRequest(
  request: IngestRequest,
  deps: { keys: IngestKeys; clock: Clock },
): Promise<VerifiedRequest> {
  if (Buffer.byteLength(request.body, 'utf8') > MAX_BODY_BYTES) throw new IngestError('BODY_TOO_LARGE');
  const keyId = headerValue(request.headers, KEY_ID_HEADER);
  const timestampText = headerValue(request.headers, TIMESTAMP_HEADER);
  const signature = headerValue(request.headers, SIGNATURE_HEADER);
  if (keyId === undefined || timestampText === undefined || signature === undefined) {
    throw new IngestError('SIGNATURE_MISSING');
  }
  const secret = (await deps.keys()).get(keyId);
  if (secret === undefined) throw new IngestError('KEY_UNKNOWN');
  if (!signatureMatches(signatureBytes(secret, timestampText, request.body), signature)) {
    throw new IngestError('SIGNATURE_INVALID');
  }
  const timestamp = UNIX_SECONDS.test(timestampText) ? Number(timestampText) : Number.NaN;
  const nowSeconds = Math.floor(deps.clock.now().getTime() / 1000);
  if (!(Math.abs(nowSeconds - timestamp) <= TIMESTAMP_TOLERANCE_SECONDS)) {
    throw new IngestError('TIMESTAMP_OUT_OF_RANGE');
  }
  return { keyId, timestamp };
}

/** HTTP header names are case-insensitive (API Gateway passes them in lower case); blank counts as absent. */
function headerValue(headers: Record<string, string | undefined>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted && value !== undefined && value.trim() !== '') return value.trim();
  }
  return undefined;
}
