/**
 * A local SQS endpoint speaking the AWS JSON 1.0 protocol the SDK uses for SQS: `POST /` with
 * `X-Amz-Target: AmazonSQS.<Operation>`, so `@aws-sdk/client-sqs` works unchanged once
 * AWS_ENDPOINT_URL_SQS points here. It serves the event plane's durable queues (the same ones the rules
 * fill and the pollers drain): GetQueueUrl, ListQueues, GetQueueAttributes, PurgeQueue, SendMessage(Batch),
 * ReceiveMessage with long polling, DeleteMessage(Batch) and ChangeMessageVisibility(Batch). Signatures are
 * not verified. Errors carry `__type` and the `x-amzn-query-error` header the SDK maps to its exceptions.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isBadgeError } from '../../shared/errors.js';
import { operationOf, readBodyText, sendJson, startJsonEndpoint } from './json-endpoint.js';
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
  const server = await startJsonEndpoint(options, (request, response) => {
    const clientGone = new AbortController();
    response.once('close', () => {
      if (!response.writableFinished) clientGone.abort();
    });
    const context: SqsContext = {
      queues,
      maximumMessageSizeBytes,
      signal: AbortSignal.any([closing.signal, clientGone.signal]),
    };
    return handle(request, response, maxBodyBytes, context);
  });
  endpoint = server.endpoint;
  return {
    endpoint,
    port: server.port,
    queueUrl: (name) => queues.urlOf(queues.named(name).queue),
    close: async () => {
      // Long polls waiting for messages end at once, empty.
      closing.abort();
      await server.close();
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
    const { target, operation } = operationOf(request, TARGET_PREFIX, operations);
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
  sendJson(
    response,
    status,
    JSON_CONTENT_TYPE,
    requestId,
    body,
    queryError === undefined ? {} : { 'x-amzn-query-error': queryError },
  );
}

function readBody(request: IncomingMessage, maxBodyBytes: number): Promise<string> {
  return readBodyText(
    request,
    maxBodyBytes,
    () => new SqsRequestRejected('RequestEntityTooLarge', 'Request size exceeded the limit.'),
  );
}
