import { createHash } from 'node:crypto';
import { IngestError } from './ingest-error.js';
import type { NonceStore } from './ports.js';
import type { VerifiedRequest } from './verify-request.js';

/**
 * A nonce outlives the timestamp window (±5 minutes): by the time it expires, the same request is refused for
 * its timestamp anyway, so lazy TTL deletion never reopens a replay.
 */
export const NONCE_LIFETIME_SECONDS = 10 * 60;

/**
 * The fingerprint is key id, timestamp and body hash rather than the presented signature, whose hex digits a
 * replayer could re-case into a "new" value that still verifies.
 */
export function replayKeyOf(request: VerifiedRequest, body: string): string {
  const bodyHash = createHash('sha256').update(body, 'utf8').digest('hex');
  return createHash('sha256')
    .update(`${request.keyId}\n${request.timestamp}\n${bodyHash}`, 'utf8')
    .digest('hex');
}

/** Accepts a verified request once; the same signed request again is `REPLAYED`. */
export async function acceptOnce(request: VerifiedRequest, body: string, nonces: NonceStore): Promise<void> {
  const first = await nonces.recordOnce({
    key: replayKeyOf(request, body),
    expiresAt: request.timestamp + NONCE_LIFETIME_SECONDS,
  });
  if (!first) throw new IngestError('REPLAYED');
}
