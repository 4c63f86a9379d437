import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the local AWS JSON-protocol endpoints (EventBridge, SQS) share: an HTTP server that counts requests in
 * flight so `close()` lets them finish, then drops the SDK's keep-alive connections at once; bounded body reading;
 * and JSON responses with the request id header the SDK reads.
 */
export interface JsonEndpoint {
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

export async function startJsonEndpoint(
  options: { host?: string; port?: number },
  handle: (request: IncomingMessage, response: ServerResponse) => Promise<void>,
): Promise<JsonEndpoint> {
  let inProgress = 0;
  let idle: (() => void) | undefined;
  const server = createServer((request, response) => {
    inProgress += 1;
    handle(request, response)
      // Only a connection the client already dropped can fail here; there is nobody left to answer.
      .catch(() => undefined)
      .finally(() => {
        inProgress -= 1;
        if (inProgress === 0) idle?.();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    endpoint: `http://${host}:${address.port}`,
    port: address.port,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      if (inProgress > 0) await new Promise<void>((resolve) => (idle = resolve));
      // The SDK keeps connections alive; closing them lets close() finish now rather than at their timeout.
      server.closeAllConnections();
      await closed;
    },
  };
}

export function sendJson(
  response: ServerResponse,
  status: number,
  contentType: string,
  requestId: string,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(payload),
    'x-amzn-requestid': requestId,
    ...headers,
  });
  response.end(payload);
}

/** The request body as text, refused with `tooLarge()` once it passes `maxBytes`. */
export async function readBodyText(
  request: IncomingMessage,
  maxBytes: number,
  tooLarge: () => Error,
): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request) {
    length += (chunk as Buffer).length;
    if (length > maxBytes) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The operation an AWS JSON-protocol request names (`POST /` with `X-Amz-Target: <prefix><Operation>`), if known. */
export function operationOf<T>(
  request: IncomingMessage,
  targetPrefix: string,
  operations: Record<string, T>,
): { target: unknown; operation: T | undefined } {
  const target = request.headers['x-amz-target'];
  const name =
    request.method === 'POST' && typeof target === 'string' && target.startsWith(targetPrefix)
      ? target.slice(targetPrefix.length)
      : undefined;
  return {
    target,
    operation: name !== undefined && Object.hasOwn(operations, name) ? operations[name] : undefined,
  };
}
