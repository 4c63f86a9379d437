import { readFile } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import type { DocumentFetcher } from '../ports/fetcher.js';

const TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.jwt': 'application/vc+jwt',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.html': 'text/html',
};

/**
 * Answers URLs under `baseUrl` from the files of a site folder (as `badges issue --out` writes it), and passes
 * every other URL to `fallback`. Lets a freshly written site be verified before it is served anywhere.
 */
export function directoryDocumentFetcher(
  baseUrl: string,
  directory: string,
  fallback?: DocumentFetcher,
): DocumentFetcher {
  const base = baseUrl.replace(/\/+$/, '');
  return async (url, init) => {
    if (url.startsWith(`${base}/`)) {
      const path = new URL(url).pathname.slice(new URL(base).pathname.replace(/\/+$/, '').length);
      const relative = normalize(decodeURIComponent(path)).replace(/^(\.\.(\/|\\|$))+/, '');
      try {
        const body = await readFile(join(directory, relative));
        const extension = relative.slice(relative.lastIndexOf('.'));
        return { status: 200, contentType: TYPES[extension] ?? 'application/octet-stream', url, body };
      } catch {
        return { status: 404, contentType: undefined, url, body: new Uint8Array() };
      }
    }
    if (fallback) return fallback(url, init);
    return { status: 404, contentType: undefined, url, body: new Uint8Array() };
  };
}
