/**
 * ReceiveMessage, long polling included: the call returns as soon as a message is visible, or empty after
 * WaitTimeSeconds. System attributes and message attributes come back only when asked for, and
 * `MD5OfMessageAttributes` covers the attributes returned, as SQS computes it.
 */
import { MAX_MESSAGES_PER_RECEIVE, type ReceivedMessage } from './durable-queue.js';
import type { SqsContext } from './sqs-context.js';
import { type Input, optionalInteger, optionalStringList, requiredString } from './sqs-input.js';
import { md5OfMessageAttributes } from './sqs-md5.js';
import { selectMessageAttributes, toWireAttributes } from './sqs-message-attributes.js';

export const MAX_VISIBILITY_TIMEOUT_SECONDS = 43_200;
const MAX_WAIT_TIME_SECONDS = 20;

export async function receiveMessage(context: SqsContext, input: Input): Promise<unknown> {
  const { queue } = context.queues.resolve(requiredString(input, 'QueueUrl'));
  const maxMessages = optionalInteger(input, 'MaxNumberOfMessages', {
    min: 1,
    max: MAX_MESSAGES_PER_RECEIVE,
    reason: `Must be between 1 and ${MAX_MESSAGES_PER_RECEIVE}, if provided.`,
  });
  const visibilityTimeoutSeconds = optionalInteger(input, 'VisibilityTimeout', {
    min: 0,
    max: MAX_VISIBILITY_TIMEOUT_SECONDS,
    reason: `Must be between 0 and ${MAX_VISIBILITY_TIMEOUT_SECONDS}, if provided.`,
  });
  const waitTimeSeconds = optionalInteger(input, 'WaitTimeSeconds', {
    min: 0,
    max: MAX_WAIT_TIME_SECONDS,
    reason: `Must be >= 0 and <= ${MAX_WAIT_TIME_SECONDS}, if provided.`,
  });
  // AttributeNames is the deprecated spelling of MessageSystemAttributeNames; SDKs may send either.
  const systemAttributeNames = [
    ...(optionalStringList(input, 'AttributeNames') ?? []),
    ...(optionalStringList(input, 'MessageSystemAttributeNames') ?? []),
  ];
  const messageAttributeNames = optionalStringList(input, 'MessageAttributeNames');
  const messages = await queue.receive({
    maxMessages: maxMessages ?? 1,
    waitTimeSeconds: waitTimeSeconds ?? 0,
    signal: context.signal,
    ...(visibilityTimeoutSeconds === undefined ? {} : { visibilityTimeoutSeconds }),
  });
  // SQS leaves Messages out of an empty answer.
  if (messages.length === 0) return {};
  return {
    Messages: messages.map((message) => toWireMessage(message, systemAttributeNames, messageAttributeNames)),
  };
}

function toWireMessage(
  message: ReceivedMessage,
  systemAttributeNames: readonly string[],
  messageAttributeNames: readonly string[] | undefined,
): Record<string, unknown> {
  const attributes = selectSystemAttributes(message.attributes, systemAttributeNames);
  const messageAttributes = selectMessageAttributes(message.messageAttributes, messageAttributeNames);
  const hasMessageAttributes = Object.keys(messageAttributes).length > 0;
  return {
    MessageId: message.messageId,
    ReceiptHandle: message.receiptHandle,
    MD5OfBody: message.md5OfBody,
    Body: message.body,
    ...(Object.keys(attributes).length === 0 ? {} : { Attributes: attributes }),
    ...(hasMessageAttributes
      ? {
          MessageAttributes: toWireAttributes(messageAttributes),
          MD5OfMessageAttributes: md5OfMessageAttributes(messageAttributes),
        }
      : {}),
  };
}

function selectSystemAttributes(
  attributes: ReceivedMessage['attributes'],
  requested: readonly string[],
): Record<string, string> {
  const all = requested.includes('All');
  const selected: Record<string, string> = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (all || requested.includes(name)) selected[name] = value;
  }
  return selected;
}
