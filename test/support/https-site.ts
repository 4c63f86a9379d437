import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { loadTestTls } from './tls.js';

const TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.jwt': 'application/vc+jwt',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/**
 * Serves a folder over HTTPS on 127.0.0.1, as a static host or the CDN would. `listen()` first (to learn the
 * port, which is part of the did:web), then fill the folder, then fetch.
 */
export async function startHttpsSite(
  root: string,
): Promise<{ baseUrl: string; server: Server; close(): Promise<void> }> {
  const tls = loadTestTls();
  const server = createServer({ cert: tls.cert, key: tls.key }, async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'https://x').pathname)).replace(
      /^(\.\.[/\\])+/,
      '',
    );
    try {
      const body = await readFile(join(root, path));
      response.writeHead(200, {
        'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
        'access-control-allow-origin': '*',
      });
      response.end(body);
    } catch {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end('{"message":"Not Found"}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `https://127.0.0.1:${port}`,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
