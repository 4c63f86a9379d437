import { isIngestError } from './ingest-error.js';
import { parseIngestBody } from './parse-body.js';
import type { IngestDependencies } from './ports.js';
import { type IngestResult, publishDetails } from './publish-events.js';
import { acceptOnce } from './replay-guard.js';
import { type IngestRequest, verifyIngestRequest } from './verify-request.js';

export interface IngestResponse {
  status: number;
  body: { results: IngestResult[] } | { error: { code: string; message: string } };
}

/**
 * `POST /events`: verifies the HMAC signature, accepts the signed request once, then validates each event and
 * puts the valid ones on the bus. 202 when at least one event was accepted; 503 when none was but the bus
 * failed some (retry them); 400 when every event was invalid. A refused request is a typed error body;
 * infrastructure failures (secret, table) are thrown for the API's error handler, which reveals nothing.
 */
export async function ingestEvents(
  request: IngestRequest,
  deps: IngestDependencies,
): Promise<IngestResponse> {
  try {
    const verified = await verifyIngestRequest(request, deps);
    await acceptOnce(verified, request.body, deps.nonces);
    const details = parseIngestBody(request.body);
    const results = await publishDetails(details, verified.keyId, deps);
    return { status: statusOf(results), body: { results } };
  } catch (error) {
    if (!isIngestError(error)) throw error;
    deps.logger?.warn('ingest request refused', { code: error.code });
    return { status: error.status, body: { error: { code: error.code, message: error.message } } };
  }
}

function statusOf(results: readonly IngestResult[]): number {
  if (results.some((result) => result.status === 'accepted')) return 202;
  if (results.some((result) => result.status === 'failed')) return 503;
  return 400;
}
