import type { DocumentFetcher } from '../ports/fetcher.js';
import { isObject, type JsonObject } from './values.js';

/** What fetching a linked OB 2.0 document gave: the JSON object, a 410 Gone, or why there is none. */
export type FetchedNode =
  | { kind: 'found'; node: JsonObject; url: string; text: string; contentType: string | undefined }
  | { kind: 'gone'; url: string; body: unknown }
  | { kind: 'unavailable'; url: string; message: string };

const ACCEPT = 'application/ld+json, application/json;q=0.9, */*;q=0.1';
const MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;

/** Fetches a document through the injected fetcher; never throws. */
export async function fetchText(
  fetcher: DocumentFetcher,
  url: string,
): Promise<
  | { kind: 'ok'; status: number; text: string; url: string; contentType: string | undefined }
  | { kind: 'unavailable'; url: string; message: string }
> {
  try {
    const response = await fetcher(url, { accept: ACCEPT });
    if (response.body.byteLength > MAX_DOCUMENT_BYTES) {
      return { kind: 'unavailable', url, message: `${url} is larger than ${MAX_DOCUMENT_BYTES} bytes` };
    }
    const text = new TextDecoder('utf-8', { fatal: false }).decode(response.body);
    return {
      kind: 'ok',
      status: response.status,
      text,
      url: response.url || url,
      contentType: response.contentType,
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'unknown error';
    return { kind: 'unavailable', url, message: `fetching ${url} failed: ${reason}` };
  }
}

export async function fetchNode(fetcher: DocumentFetcher, url: string): Promise<FetchedNode> {
  const response = await fetchText(fetcher, url);
  if (response.kind === 'unavailable') return response;
  if (response.status === 410) return { kind: 'gone', url, body: parseJson(response.text) };
  if (response.status < 200 || response.status > 299) {
    return { kind: 'unavailable', url, message: `${url} answered HTTP ${response.status}` };
  }
  const node = parseJson(response.text);
  if (!isObject(node)) return { kind: 'unavailable', url, message: `${url} is not a JSON object` };
  return { kind: 'found', node, url: response.url, text: response.text, contentType: response.contentType };
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Structural equality of two JSON values, bounded in depth so hostile input cannot exhaust the stack. */
export function sameJson(a: unknown, b: unknown, depth = 0): boolean {
  if (depth > 64) return false;
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => sameJson(item, b[index], depth + 1));
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && sameJson(a[key], b[key], depth + 1));
}
