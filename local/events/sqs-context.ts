/** What every SQS operation works with. */
import type { Input } from './sqs-input.js';
import type { SqsQueueDirectory } from './sqs-queues.js';

export interface SqsContext {
  readonly queues: SqsQueueDirectory;
  /** The queues' MaximumMessageSize: a message's body plus its attributes, and a whole batch. */
  readonly maximumMessageSizeBytes: number;
  /** Aborts when the client goes away or the endpoint closes, ending a long poll early. */
  readonly signal: AbortSignal;
}

export type SqsOperation = (context: SqsContext, input: Input) => Promise<unknown> | unknown;
