import { BadgeError } from '../errors.js';
import type { DocumentFetcher, FetchedDocument } from '../ports/fetcher.js';

/** Documents a verifier dereferences (keys, DID documents, status lists) are small; anything larger is refused. */
export const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;

/**
 * Fetches through the injected fetcher and never lets a transport error escape untyped: any failure is a
 * BadgeError `FETCH_FAILED` (unreachable, not 2xx, too large).
 */
export async function fetchDocument(
  fetcher: DocumentFetcher,
  url: string,
  accept = 'application/json',
  maxBytes = MAX_DOCUMENT_BYTES,
): Promise<FetchedDocument> {
  let response: FetchedDocument;
  try {
    response = await fetcher(url, { accept });
  } catch (cause) {
    throw new BadgeError('FETCH_FAILED', `could not fetch ${url}`, { cause });
  }
  if (response.status < 200 || response.status > 299) {
    throw new BadgeError('FETCH_FAILED', `${url} answered HTTP ${response.status}`, {
      details: { status: response.status },
    });
  }
  if (response.body.byteLength > maxBytes) {
    throw new BadgeError('FETCH_FAILED', `${url} is larger than ${maxBytes} bytes`);
  }
  return response;
}

/** Fetches a JSON object; `DOCUMENT_INVALID` when the body is not a JSON object. */
export async function fetchJsonObject(
  fetcher: DocumentFetcher,
  url: string,
  accept = 'application/json',
): Promise<Record<string, unknown>> {
  const response = await fetchDocument(fetcher, url, accept);
  return parseJsonObject(Buffer.from(response.body).toString('utf8'), url);
}

export function parseJsonObject(text: string, source: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new BadgeError('DOCUMENT_INVALID', `${source} is not JSON`, { cause });
  }
  if (!isJsonObject(value)) throw new BadgeError('DOCUMENT_INVALID', `${source} is not a JSON object`);
  return value;
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
