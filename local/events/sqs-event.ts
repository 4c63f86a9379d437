import type { SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import type { ReceivedMessage } from './durable-queue.js';

/** Builds the event a Lambda SQS event source mapping passes to the function, field for field. */
export function toSqsEvent(messages: readonly ReceivedMessage[], queueArn: string, region: string): SQSEvent {
  return { Records: messages.map((message) => toSqsRecord(message, queueArn, region)) };
}

function toSqsRecord(message: ReceivedMessage, queueArn: string, region: string): SQSRecord {
  const messageAttributes: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(message.messageAttributes)) {
    messageAttributes[name] = { ...value, stringListValues: [], binaryListValues: [] };
  }
  return {
    messageId: message.messageId,
    receiptHandle: message.receiptHandle,
    body: message.body,
    attributes: { ...message.attributes },
    messageAttributes,
    md5OfBody: message.md5OfBody,
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}
