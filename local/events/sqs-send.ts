/** SendMessage and SendMessageBatch: a message is acknowledged only once the queue has it on disk. */
import { partitionEntries, readBatchEntries } from './sqs-batch.js';
import type { SqsContext } from './sqs-context.js';
import { SqsRequestRejected } from './sqs-errors.js';
import { type Input, optionalInteger, requiredString } from './sqs-input.js';
import { md5OfMessageAttributes } from './sqs-md5.js';
import {
  attributesSize,
  hasOnlyValidCharacters,
  type MessageAttributes,
  parseMessageAttributes,
} from './sqs-message-attributes.js';

interface CheckedMessage {
  readonly body: string;
  readonly messageAttributes: MessageAttributes;
  readonly size: number;
}

export async function sendMessage(context: SqsContext, input: Input): Promise<unknown> {
  const { queue } = context.queues.resolve(requiredString(input, 'QueueUrl'));
  const message = checkMessage(input, context.maximumMessageSizeBytes);
  const sent = await queue.send(message.body, { messageAttributes: message.messageAttributes });
  return { MessageId: sent.messageId, MD5OfMessageBody: sent.md5OfBody, ...attributesDigest(message) };
}

export async function sendMessageBatch(context: SqsContext, input: Input): Promise<unknown> {
  const { queue } = context.queues.resolve(requiredString(input, 'QueueUrl'));
  const entries = readBatchEntries(input, 'SendMessageBatchRequestEntry');
  const { accepted, failed } = partitionEntries(entries, (entry) =>
    checkMessage(entry.input, context.maximumMessageSizeBytes),
  );
  const total = accepted.reduce((sum, { checked }) => sum + checked.size, 0);
  if (total > context.maximumMessageSizeBytes) {
    throw new SqsRequestRejected(
      'BatchRequestTooLong',
      `Batch requests cannot be longer than ${context.maximumMessageSizeBytes} bytes. You have sent ${total} bytes.`,
    );
  }
  // One durable write for the whole batch, as the queue's group commit expects.
  const sent = await queue.sendBatch(
    accepted.map(({ checked }) => ({ body: checked.body, messageAttributes: checked.messageAttributes })),
  );
  return {
    Successful: accepted.map(({ entry, checked }, index) => {
      const result = sent[index] as { messageId: string; md5OfBody: string };
      return {
        Id: entry.id,
        MessageId: result.messageId,
        MD5OfMessageBody: result.md5OfBody,
        ...attributesDigest(checked),
      };
    }),
    Failed: failed,
  };
}

function checkMessage(input: Input, maximumSize: number): CheckedMessage {
  const body = requiredString(input, 'MessageBody');
  const delay = optionalInteger(input, 'DelaySeconds', {
    min: 0,
    max: 900,
    reason: 'Must be between 0 and 900, if provided.',
  });
  if (delay !== undefined && delay > 0) {
    throw new SqsRequestRejected(
      'UnsupportedOperation',
      'DelaySeconds above 0 is not supported by the local queues; the message was not sent.',
    );
  }
  for (const member of ['MessageGroupId', 'MessageDeduplicationId']) {
    if (input[member] !== undefined && input[member] !== null) {
      throw new SqsRequestRejected(
        'InvalidParameterValue',
        `The request include parameter ${member} that is not valid for this queue type`,
      );
    }
  }
  if (!hasOnlyValidCharacters(body)) {
    throw new SqsRequestRejected(
      'InvalidMessageContents',
      'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF',
    );
  }
  const messageAttributes = parseMessageAttributes(input.MessageAttributes);
  const size = Buffer.byteLength(body, 'utf8') + attributesSize(messageAttributes);
  if (size > maximumSize) {
    throw new SqsRequestRejected(
      'InvalidParameterValue',
      `One or more parameters are invalid. Reason: Message must be shorter than ${maximumSize} bytes.`,
    );
  }
  return { body, messageAttributes, size };
}

function attributesDigest(message: CheckedMessage): { MD5OfMessageAttributes?: string } {
  return Object.keys(message.messageAttributes).length === 0
    ? {}
    : { MD5OfMessageAttributes: md5OfMessageAttributes(message.messageAttributes) };
}
