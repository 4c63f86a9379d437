/**
 * The calls about queues rather than messages: GetQueueUrl, ListQueues, GetQueueAttributes and PurgeQueue.
 * Queues come from the template, so there is no CreateQueue or DeleteQueue.
 */
import { MAX_MESSAGES_PER_RECEIVE } from './durable-queue.js';
import type { SqsContext } from './sqs-context.js';
import { SqsRequestRejected } from './sqs-errors.js';
import {
  type Input,
  optionalInteger,
  optionalString,
  optionalStringList,
  requiredString,
} from './sqs-input.js';
import type { SqsQueueBinding } from './sqs-queues.js';

const MAX_LIST_RESULTS = 1000;

/** Every name SQS knows for GetQueueAttributes; the ones a local queue has no value for are left out. */
const QUEUE_ATTRIBUTE_NAMES = new Set([
  'All',
  'Policy',
  'VisibilityTimeout',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
  'QueueArn',
  'ApproximateNumberOfMessagesDelayed',
  'DelaySeconds',
  'ReceiveMessageWaitTimeSeconds',
  'RedrivePolicy',
  'FifoQueue',
  'ContentBasedDeduplication',
  'KmsMasterKeyId',
  'KmsDataKeyReusePeriodSeconds',
  'DeduplicationScope',
  'FifoThroughputLimit',
  'RedriveAllowPolicy',
  'SqsManagedSseEnabled',
]);

export function getQueueUrl(context: SqsContext, input: Input): unknown {
  const binding = context.queues.named(
    requiredString(input, 'QueueName'),
    optionalString(input, 'QueueOwnerAWSAccountId'),
  );
  return { QueueUrl: context.queues.urlOf(binding.queue) };
}

export function listQueues(context: SqsContext, input: Input): unknown {
  const prefix = optionalString(input, 'QueueNamePrefix') ?? '';
  const maxResults = optionalInteger(input, 'MaxResults', {
    min: 1,
    max: MAX_LIST_RESULTS,
    reason: `Must be between 1 and ${MAX_LIST_RESULTS}, if provided.`,
  });
  const after = decodeNextToken(optionalString(input, 'NextToken'));
  const matching = context.queues
    .list()
    .map((binding) => binding.queue)
    .filter((queue) => queue.name.startsWith(prefix) && (after === undefined || queue.name > after));
  const page = matching.slice(0, maxResults ?? MAX_LIST_RESULTS);
  // As in SQS, only a caller that set MaxResults pages through the list.
  const last = maxResults !== undefined && matching.length > page.length ? page.at(-1) : undefined;
  return {
    ...(page.length === 0 ? {} : { QueueUrls: page.map((queue) => context.queues.urlOf(queue)) }),
    ...(last === undefined ? {} : { NextToken: Buffer.from(last.name, 'utf8').toString('base64url') }),
  };
}

export function getQueueAttributes(context: SqsContext, input: Input): unknown {
  const binding = context.queues.resolve(requiredString(input, 'QueueUrl'));
  const requested = optionalStringList(input, 'AttributeNames') ?? [];
  for (const name of requested) {
    if (!QUEUE_ATTRIBUTE_NAMES.has(name)) {
      throw new SqsRequestRejected('InvalidAttributeName', `Unknown Attribute ${name}.`);
    }
  }
  const all = requested.includes('All');
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(queueAttributes(binding, context))) {
    if (all || requested.includes(name)) attributes[name] = value;
  }
  return Object.keys(attributes).length === 0 ? {} : { Attributes: attributes };
}

/**
 * Deletes the messages that are visible when the call starts. Messages in flight stay until they are
 * deleted or come back, which SQS would have purged too (the queue has no way to drop them locally).
 */
export async function purgeQueue(context: SqsContext, input: Input): Promise<unknown> {
  const { queue, deadLetter } = context.queues.resolve(requiredString(input, 'QueueUrl'));
  let remaining = queue.counts().visible;
  // Detached while draining, or messages at their maxReceiveCount would move to the DLQ instead.
  queue.setDeadLetter(undefined);
  try {
    while (remaining > 0) {
      const batch = await queue.receive({
        maxMessages: Math.min(MAX_MESSAGES_PER_RECEIVE, remaining),
        visibilityTimeoutSeconds: 60,
      });
      if (batch.length === 0) break;
      await queue.deleteBatch(batch.map((message) => message.receiptHandle));
      remaining -= batch.length;
    }
  } finally {
    queue.setDeadLetter(deadLetter);
  }
  return {};
}

function queueAttributes(binding: SqsQueueBinding, context: SqsContext): Record<string, string> {
  const { queue, deadLetter } = binding;
  const counts = queue.counts();
  return {
    QueueArn: queue.arn,
    ApproximateNumberOfMessages: String(counts.visible),
    ApproximateNumberOfMessagesNotVisible: String(counts.inFlight),
    ApproximateNumberOfMessagesDelayed: '0',
    VisibilityTimeout: String(queue.visibilityTimeoutSeconds),
    MaximumMessageSize: String(context.maximumMessageSizeBytes),
    DelaySeconds: '0',
    ReceiveMessageWaitTimeSeconds: '0',
    ...(deadLetter === undefined
      ? {}
      : {
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: deadLetter.queue.arn,
            maxReceiveCount: deadLetter.maxReceiveCount,
          }),
        }),
  };
}

function decodeNextToken(token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  const name = Buffer.from(token, 'base64url').toString('utf8');
  if (name === '' || Buffer.from(name, 'utf8').toString('base64url') !== token) {
    throw new SqsRequestRejected('InvalidParameterValue', 'Invalid NextToken value.');
  }
  return name;
}
