/**
 * The calls that act on a received message through its receipt handle: DeleteMessage(Batch) and
 * ChangeMessageVisibility(Batch). As in SQS, deleting with a stale handle (the message is gone, or was
 * received again since) succeeds without effect, while a handle that was never issued is rejected.
 */
import type { DurableQueue } from './durable-queue.js';
import { partitionEntries, readBatchEntries } from './sqs-batch.js';
import type { SqsContext } from './sqs-context.js';
import { invalidParameter, invalidReceiptHandle, missingParameter } from './sqs-errors.js';
import { type Input, optionalInteger, requiredString } from './sqs-input.js';
import { MAX_VISIBILITY_TIMEOUT_SECONDS } from './sqs-receive.js';

// The queue issues `<message id>#<token>`, both UUIDs; anything else was never a receipt handle.
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const RECEIPT_HANDLE = new RegExp(`^${UUID}#${UUID}$`);

export async function deleteMessage(context: SqsContext, input: Input): Promise<unknown> {
  const { queue } = context.queues.resolve(requiredString(input, 'QueueUrl'));
  await queue.delete(receiptHandle(input));
  return {};
}

export async function deleteMessageBatch(context: SqsContext, input: Input): Promise<unknown> {
  const { queue } = context.queues.resolve(requiredString(input, 'QueueUrl'));
  const entries = readBatchEntries(input, 'DeleteMessageBatchRequestEntry');
  const { accepted, failed } = partitionEntries(entries, (entry) => receiptHandle(entry.input));
  await queue.deleteBatch(accepted.map(({ checked }) => checked));
  return { Successful: accepted.map(({ entry }) => ({ Id: entry.id })), Failed: failed };
}

export function changeMessageVisibility(context: SqsContext, input: Input): unknown {
  const { queue } = context.queues.resolve(requiredString(input, 'QueueUrl'));
  changeVisibility(queue, input);
  return {};
}

export function changeMessageVisibilityBatch(context: SqsContext, input: Input): unknown {
  const { queue } = context.queues.resolve(requiredString(input, 'QueueUrl'));
  const entries = readBatchEntries(input, 'ChangeMessageVisibilityBatchRequestEntry');
  // Each entry takes effect on its own; the ones SQS would refuse are reported, the others applied.
  const { accepted, failed } = partitionEntries(entries, (entry) => changeVisibility(queue, entry.input));
  return { Successful: accepted.map(({ entry }) => ({ Id: entry.id })), Failed: failed };
}

function changeVisibility(queue: DurableQueue, input: Input): void {
  const handle = receiptHandle(input);
  const timeout = optionalInteger(input, 'VisibilityTimeout', {
    min: 0,
    max: MAX_VISIBILITY_TIMEOUT_SECONDS,
    reason: `Must be between 0 and ${MAX_VISIBILITY_TIMEOUT_SECONDS}, if provided.`,
  });
  if (timeout === undefined) throw missingParameter('VisibilityTimeout');
  if (!queue.changeVisibility(handle, timeout)) {
    throw invalidParameter(
      'ReceiptHandle',
      handle,
      'Message does not exist or is not available for visibility timeout change.',
    );
  }
}

function receiptHandle(input: Input): string {
  const handle = requiredString(input, 'ReceiptHandle');
  if (!RECEIPT_HANDLE.test(handle)) throw invalidReceiptHandle(handle);
  return handle;
}
