import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BadgeError } from '../shared/errors.js';

/** The local cloud listens on the loopback address only (s3rver's SigV4 checks also want 127.0.0.1, not localhost). */
export const LOCAL_HOST = '127.0.0.1';

/** Listens on 127.0.0.1 (port 0 = ephemeral) and resolves with the base URL, e.g. `http://127.0.0.1:4566`. */
export function listen(server: Server, port = 0): Promise<string> {
  // Node closes idle keep-alive sockets after 5 s, racing clients that reuse one at that moment ("other side
  // closed"); CloudFront and API Gateway keep them far longer, so the local servers do too.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, LOCAL_HOST, () => {
      server.off('error', onError);
      const address = server.address() as AddressInfo;
      resolve(`http://${LOCAL_HOST}:${address.port}`);
    });
  });
}

/**
 * Stops accepting connections, lets requests in flight finish, then drops idle keep-alive connections (which
 * would otherwise hold `close()` open until their clients hang up).
 */
export function closeServer(server: Server, graceMs = 5_000): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    force.unref();
    server.close((error) => {
      clearTimeout(force);
      if (error) reject(error);
      else resolve();
    });
    server.closeIdleConnections();
  });
}

/** Reads a request body up to `limitBytes`; beyond it, rejects with `PAYLOAD_TOO_LARGE` without buffering more. */
export async function readBody(request: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limitBytes) {
    request.resume();
    throw new BadgeError('PAYLOAD_TOO_LARGE', 'request body too large', { status: 413 });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) {
      request.resume();
      throw new BadgeError('PAYLOAD_TOO_LARGE', 'request body too large', { status: 413 });
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
