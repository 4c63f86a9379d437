/** Messages as the local queues store, log and hand them out, in SQS's shapes. */
import { createHash } from 'node:crypto';

export const LOCAL_ACCOUNT_ID = '000000000000';

export type MessageAttributeValue = {
  readonly stringValue?: string;
  readonly binaryValue?: string;
  readonly dataType: string;
};

export interface SendOptions {
  readonly messageAttributes?: Readonly<Record<string, MessageAttributeValue>>;
  readonly senderId?: string;
}

export interface SentMessage {
  readonly messageId: string;
  readonly md5OfBody: string;
}

export interface ReceivedMessage {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  readonly md5OfBody: string;
  readonly attributes: {
    readonly ApproximateReceiveCount: string;
    readonly SentTimestamp: string;
    readonly SenderId: string;
    readonly ApproximateFirstReceiveTimestamp: string;
  };
  readonly messageAttributes: Readonly<Record<string, MessageAttributeValue>>;
}

/** What the log holds: a message as sent (or as moved in from another queue), a receive, a delete. */
export type LogEntry =
  | {
      readonly t: 's';
      readonly id: string;
      readonly body: string;
      readonly sent: number;
      readonly sender: string;
      readonly attrs?: Record<string, MessageAttributeValue>;
      readonly rc?: number;
      readonly first?: number;
    }
  | { readonly t: 'r'; readonly id: string; readonly at: number }
  | { readonly t: 'd'; readonly id: string };

export interface StoredMessage {
  readonly id: string;
  readonly body: string;
  readonly md5OfBody: string;
  readonly sentTimestamp: number;
  readonly senderId: string;
  readonly messageAttributes: Readonly<Record<string, MessageAttributeValue>>;
  receiveCount: number;
  firstReceiveTimestamp: number | undefined;
  /** Undefined while visible. */
  invisibleUntil: number | undefined;
  receiptHandle: string | undefined;
}

export function queueArn(name: string, region: string): string {
  return `arn:aws:sqs:${region}:${LOCAL_ACCOUNT_ID}:${name}`;
}

export function md5(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

export function toReceived(message: StoredMessage): ReceivedMessage {
  return {
    messageId: message.id,
    receiptHandle: message.receiptHandle ?? '',
    body: message.body,
    md5OfBody: message.md5OfBody,
    attributes: {
      ApproximateReceiveCount: String(message.receiveCount),
      SentTimestamp: String(message.sentTimestamp),
      SenderId: message.senderId,
      ApproximateFirstReceiveTimestamp: String(message.firstReceiveTimestamp ?? message.sentTimestamp),
    },
    messageAttributes: message.messageAttributes,
  };
}

export function toSnapshotEntry(message: StoredMessage): LogEntry {
  return {
    t: 's',
    id: message.id,
    body: message.body,
    sent: message.sentTimestamp,
    sender: message.senderId,
    ...(Object.keys(message.messageAttributes).length === 0
      ? {}
      : { attrs: { ...message.messageAttributes } }),
    rc: message.receiveCount,
    ...(message.firstReceiveTimestamp === undefined ? {} : { first: message.firstReceiveTimestamp }),
  };
}
