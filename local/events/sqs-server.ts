/**
 * A local SQS endpoint speaking the AWS JSON 1.0 protocol the SDK uses for SQS: `POST /` with
 * `X-Amz-Target: AmazonSQS.<Operation>`, so `@aws-sdk/client-sqs` works unchanged once
 * AWS_ENDPOINT_URL_SQS points here. It serves the event plane's durable queues (the same ones the rules
 * fill and the pollers drain): GetQueueUrl, ListQueues, GetQueueAttributes, PurgeQueue, SendMessage(Batch),
 * ReceiveMessage with long polling, DeleteMessage(Batch) and ChangeMessageVisibility(Batch). Signatures are
 * not verified. Errors carry `__type` and the `x-amzn-query-error` header the SDK maps to its exceptions.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isBadgeError } from '../../shared/errors.js';
import type { SqsContext, SqsOperation } from './sqs-context.js';
import { SqsRequestRejected } from './sqs-errors.js';
import { isObject } from './sqs-input.js';
import { getQueueAttributes, getQueueUrl, listQueues, purgeQueue } from './sqs-queue-operations.js';
import { type SqsQueueBinding, SqsQueueDirectory } from './sqs-queues.js';
import {
  changeMessageVisibility,
  changeMessageVisibilityBatch,
  deleteMessage,
  deleteMessageBatch,
} from './sqs-receipts.js';
import { receiveMessage } from './sqs-receive.js';
import { sendMessage, sendMessageBatch } from './sqs-send.js';

export type { SqsQueueBinding } from './sqs-queues.js';

export interface SqsServerOptions {
  readonly queues: readonly SqsQueueBinding[];
  readonly host?: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** The queues' MaximumMessageSize; 262,144 bytes (256 KiB) unless set. */
  readonly maximumMessageSizeBytes?: number;
}

export interface SqsServer {
  /** The value for the SDK's `endpoint` option or AWS_ENDPOINT_URL_SQS. */
  readonly endpoint: string;
  readonly port: number;
  /** The URL of a queue, as GetQueueUrl returns it. */
  queueUrl(name: string): string;
  /** Ends long polls (they answer empty), stops accepting requests, and resolves once all are answered. */
  close(): Promise<void>;
}

export const DEFAULT_MAXIMUM_MESSAGE_SIZE_BYTES = 256 * 1024;
const JSON_CONTENT_TYPE = 'application/x-amz-json-1.0';
const TARGET_PREFIX = 'AmazonSQS.';
// JSON escaping can triple a message's bytes; a request beyond that cannot hold a valid message.
const BODY_BYTES_PER_MESSAGE_BYTE = 4;
const MIN_BODY_BYTES = 1024 * 1024;

const operations: Readonly<Record<string, SqsOperation>> = {
  GetQueueUrl: getQueueUrl,
  ListQueues: listQueues,
  GetQueueAttributes: getQueueAttributes,
  PurgeQueue: purgeQueue,
  SendMessage: sendMessage,
  SendMessageBatch: sendMessageBatch,
  ReceiveMessage: receiveMessage,
  DeleteMessage: deleteMessage,
  DeleteMessageBatch: deleteMessageBatch,
  ChangeMessageVisibility: changeMessageVisibility,
  ChangeMessageVisibilityBatch: changeMessageVisibilityBatch,
};

export async function startSqsServer(options: SqsServerOptions): Promise<SqsServer> {
  const maximumMessageSizeBytes = options.maximumMessageSizeBytes ?? DEFAULT_MAXIMUM_MESSAGE_SIZE_BYTES;
  const maxBodyBytes = Math.max(MIN_BODY_BYTES, BODY_BYTES_PER_MESSAGE_BYTE * maximumMessageSizeBytes);
  const closing = new AbortController();
  let endpoint = '';
  const queues = new SqsQueueDirectory(options.queues, () => endpoint);
  let inProgress = 0;
  let idle: (() => void) | undefined;
  const server = createServer((request, response) => {
    inProgress += 1;
    const clientGone = new AbortController();
    response.once('close', () => {
      if (!response.writableFinished) clientGone.abort();
    });
    const context: SqsContext = {
      queues,
      maximumMessageSizeBytes,
      signal: AbortSignal.any([closing.signal, clientGone.signal]),
    };
    handle(request, response, maxBodyBytes, context)
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
  endpoint = `http://${host}:${address.port}`;
  return {
    endpoint,
    port: address.port,
    queueUrl: (name) => queues.urlOf(queues.named(name).queue),
    close: async () => {
      closing.abort();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      if (inProgress > 0) await new Promise<void>((resolve) => (idle = resolve));
      // The SDK keeps connections alive; closing them lets close() finish now rather than at their timeout.
      server.closeAllConnections();
      await closed;
    },
  };
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  maxBodyBytes: number,
  context: SqsContext,
): Promise<void> {
  const requestId = randomUUID();
  try {
    const target = request.headers['x-amz-target'];
    const operation =
      request.method === 'POST' && typeof target === 'string' && target.startsWith(TARGET_PREFIX)
        ? operations[target.slice(TARGET_PREFIX.length)]
        : undefined;
    const body = await readBody(request, maxBodyBytes);
    if (operation === undefined) {
      throw new SqsRequestRejected('UnknownOperationException', `Unsupported operation ${String(target)}`);
    }
    const output = await operation(context, parseInput(body));
    send(response, 200, requestId, output);
  } catch (error) {
    const rejection = toRejection(error);
    send(response, rejection.status, requestId, rejection.toBody(), rejection.queryErrorHeader());
  }
}

function toRejection(error: unknown): SqsRequestRejected {
  if (error instanceof SqsRequestRejected) return error;
  if (isBadgeError(error) && error.code === 'QUEUE_CLOSED') {
    return new SqsRequestRejected('ServiceUnavailable', 'The queue is shutting down');
  }
  // Internal details stay in the local log; the client gets a generic error.
  console.error('[sqs] request failed', error);
  return new SqsRequestRejected('InternalFailure', 'Internal error');
}

function parseInput(body: string): Record<string, unknown> {
  let input: unknown;
  try {
    input = JSON.parse(body === '' ? '{}' : body);
  } catch {
    throw new SqsRequestRejected('SerializationException', 'The request body is not valid JSON');
  }
  if (!isObject(input)) {
    throw new SqsRequestRejected('SerializationException', 'The request body must be a JSON object');
  }
  return input;
}

function send(
  response: ServerResponse,
  status: number,
  requestId: string,
  body: unknown,
  queryError?: string,
): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': JSON_CONTENT_TYPE,
    'content-length': Buffer.byteLength(payload),
    'x-amzn-requestid': requestId,
    ...(queryError === undefined ? {} : { 'x-amzn-query-error': queryError }),
  });
  response.end(payload);
}

async function readBody(request: IncomingMessage, maxBodyBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request) {
    length += (chunk as Buffer).length;
    if (length > maxBodyBytes) {
      throw new SqsRequestRejected('RequestEntityTooLarge', 'Request size exceeded the limit.');
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
