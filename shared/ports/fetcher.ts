/**
 * How verification reaches documents it does not hold (DID documents, keys, hosted assertions, status
 * lists). It is always injected: tests answer from fixtures, the CLI uses the network.
 */
export interface FetchedDocument {
  status: number;
  /** The Content-Type header as received, if any. */
  contentType: string | undefined;
  /** The final URL after redirects (equal to the requested URL when there were none). */
  url: string;
  body: Uint8Array;
}

export type DocumentFetcher = (url: string, init?: { accept?: string }) => Promise<FetchedDocument>;

/** A fetcher backed by the platform's fetch, for the CLI and deployed verification. Bounded in size and time. */
export function httpDocumentFetcher(
  options: { timeoutMs?: number; maxBytes?: number; loopbackHttpFallback?: boolean } = {},
): DocumentFetcher {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const fetchOnce = fetchBounded(timeoutMs, maxBytes);
  if (!options.loopbackHttpFallback) return fetchOnce;
  // The local cloud serves its CDN over plain HTTP unless given a certificate, while did:web and credential URLs
  // name https. For loopback hosts only (this machine), an https URL that cannot be reached is tried over http.
  return async (url, init) => {
    try {
      return await fetchOnce(url, init);
    } catch (error) {
      const parsed = new URL(url);
      if (parsed.protocol !== 'https:' || !LOOPBACK.test(parsed.hostname)) throw error;
      parsed.protocol = 'http:';
      return fetchOnce(parsed.href, init);
    }
  };
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

function fetchBounded(timeoutMs: number, maxBytes: number): DocumentFetcher {
  return async (url, init) => {
    const response = await fetch(url, {
      headers: init?.accept ? { accept: init.accept } : {},
      redirect: 'follow',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const reader = response.body?.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    while (reader) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw new Error(`response from ${url} exceeds ${maxBytes} bytes`);
      }
      chunks.push(value);
    }
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? undefined,
      url: response.url || url,
      body: Buffer.concat(chunks),
    };
  };
}

/** A fetcher that answers from a map of URL to file content; anything else is a 404. For tests and offline use. */
export function staticDocumentFetcher(
  documents: Map<string, { body: Uint8Array | string; contentType?: string; status?: number }>,
): DocumentFetcher {
  return async (url) => {
    const hit = documents.get(url);
    if (!hit) return { status: 404, contentType: undefined, url, body: new Uint8Array() };
    const body = typeof hit.body === 'string' ? Buffer.from(hit.body) : hit.body;
    return { status: hit.status ?? 200, contentType: hit.contentType ?? 'application/json', url, body };
  };
}
