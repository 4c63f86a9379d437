import { Duration } from 'aws-cdk-lib';
import { type EventPattern, type IEventBus, Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { BadgeFunction } from './badge-function.js';

export interface BusConsumerProps {
  bus: IEventBus;
  /** Which events this consumer receives (EventBridge event pattern). */
  eventPattern: EventPattern;
  consumer: BadgeFunction;
  batchSize: number;
  maxBatchingWindow: Duration;
  maxConcurrency: number;
  /** The function sends messages that can never succeed to this consumer's dead-letter queue itself. */
  handlerSendsToDeadLetters?: boolean;
  /** Deliveries of one message before it moves to the dead-letter queue. */
  maxReceiveCount?: number;
  description: string;
}

/**
 * One consumer of the bus: a rule routes matching events into its own queue, which the function drains with
 * partial batch failures; messages that keep failing, and events the rule cannot deliver, land in a
 * dead-letter queue from which they can be redriven. Each consumer gets its own queue, so a slow or failing
 * consumer never holds up another.
 */
export class BusConsumer extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: BusConsumerProps) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const functionTimeout = props.consumer.function.timeout ?? Duration.seconds(3);
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Lambda's guidance: at least six times the function timeout, so retries of a batch do not overlap.
      visibilityTimeout: Duration.seconds(functionTimeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 5 },
    });
    this.rule = new Rule(this, 'Rule', {
      eventBus: props.bus,
      eventPattern: props.eventPattern,
      description: props.description,
      targets: [
        new SqsQueue(this.queue, {
          deadLetterQueue: this.deadLetterQueue,
          retryAttempts: 185,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });
    if (props.handlerSendsToDeadLetters) props.consumer.bindDeadLetterQueue(this.deadLetterQueue);
    props.consumer.bindQueue(this.queue, {
      batchSize: props.batchSize,
      maxBatchingWindow: props.maxBatchingWindow,
      maxConcurrency: props.maxConcurrency,
    });
  }
}
