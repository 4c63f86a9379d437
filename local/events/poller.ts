/**
 * The local Lambda event source mapping for an SQS queue: long-polls the queue, gathers batches of up to
 * `batchSize` messages within `maximumBatchingWindowSeconds`, runs at most `maximumConcurrency` handler
 * invocations at once, deletes the messages of a successful invocation and leaves the others to reappear
 * after the visibility timeout. With `reportBatchItemFailures`, only the records the handler names in
 * `batchItemFailures` are retried (an invalid entry fails the whole batch, as Lambda does); a thrown error
 * or a timeout always fails the whole batch. `stop()` ends polling and waits for the running invocations.
 */
import type { Context, SQSEvent } from 'aws-lambda';
import { BadgeError, isBadgeError } from '../../shared/errors.js';
import { messagesToRetry, WHOLE_BATCH } from './batch-response.js';
import {
  type DurableQueue,
  MAX_MESSAGES_PER_RECEIVE,
  queueArn,
  type ReceivedMessage,
} from './durable-queue.js';
import { createLambdaContext } from './lambda-context.js';
import { toSqsEvent } from './sqs-event.js';

export type SqsEventHandler = (event: SQSEvent, context: Context) => Promise<unknown> | unknown;

export interface PollerLogger {
  warn(message: string, details?: Record<string, unknown>): void;
}

export interface PollerOptions {
  readonly queue: DurableQueue;
  readonly handler: SqsEventHandler;
  readonly functionName?: string;
  readonly region?: string;
  /** Lambda's BatchSize: 1 to 10,000, default 10. */
  readonly batchSize?: number;
  /** Lambda's MaximumBatchingWindowInSeconds: 0 to 300, default 0. */
  readonly maximumBatchingWindowSeconds?: number;
  /** Lambda's ScalingConfig.MaximumConcurrency; default 5, the pollers Lambda starts with. */
  readonly maximumConcurrency?: number;
  /** Lambda's FunctionResponseTypes: ["ReportBatchItemFailures"]. */
  readonly reportBatchItemFailures?: boolean;
  /** The function's timeout; an invocation running longer fails its batch. Default 30 s. */
  readonly functionTimeoutSeconds?: number;
  readonly logger?: PollerLogger;
}

export type InvocationOutcome = 'success' | 'partial-failure' | 'failure';

export interface PollerStats {
  readonly invocations: number;
  readonly recordsDeleted: number;
  readonly recordsRetried: number;
  readonly outcomes: Readonly<Record<InvocationOutcome, number>>;
}

export interface EventSourcePoller {
  readonly stats: () => PollerStats;
  readonly stop: () => Promise<void>;
}

const LONG_POLL_SECONDS = 20;
const ERROR_BACKOFF_MS = 200;

export function startPoller(options: PollerOptions): EventSourcePoller {
  const settings = resolveSettings(options);
  const stopping = new AbortController();
  const stats = { invocations: 0, recordsDeleted: 0, recordsRetried: 0 };
  const outcomes: Record<InvocationOutcome, number> = { success: 0, 'partial-failure': 0, failure: 0 };
  const arn = queueArn(options.queue.name, settings.region);
  const logger = options.logger ?? consoleLogger;

  const gather = async (): Promise<ReceivedMessage[]> => {
    const batch = await options.queue.receive({
      maxMessages: Math.min(MAX_MESSAGES_PER_RECEIVE, settings.batchSize),
      waitTimeSeconds: LONG_POLL_SECONDS,
      signal: stopping.signal,
    });
    if (batch.length === 0) return batch;
    const windowEnds = Date.now() + settings.batchingWindowMs;
    while (batch.length < settings.batchSize && !stopping.signal.aborted) {
      const waitMs = windowEnds - Date.now();
      const more = await options.queue.receive({
        maxMessages: Math.min(MAX_MESSAGES_PER_RECEIVE, settings.batchSize - batch.length),
        waitTimeSeconds: Math.max(0, waitMs) / 1000,
        signal: stopping.signal,
      });
      batch.push(...more);
      if (more.length === 0 && waitMs <= 0) break;
    }
    return batch;
  };

  const invoke = async (batch: ReceivedMessage[]): Promise<void> => {
    const event = toSqsEvent(batch, arn, settings.region);
    const context = createLambdaContext({
      functionName: settings.functionName,
      region: settings.region,
      timeoutMs: settings.timeoutMs,
    });
    let retry: ReadonlySet<string> | typeof WHOLE_BATCH;
    try {
      const response = await withTimeout(
        Promise.resolve(options.handler(event, context)),
        settings.timeoutMs,
      );
      retry = settings.reportBatchItemFailures
        ? messagesToRetry(response, new Set(batch.map((message) => message.messageId)))
        : new Set();
      if (retry === WHOLE_BATCH) {
        logger.warn('invalid batchItemFailures response; the whole batch will be retried', {
          functionName: settings.functionName,
        });
      }
    } catch (error) {
      logger.warn('handler failed; the whole batch will be retried', {
        functionName: settings.functionName,
        error: error instanceof Error ? error.message : String(error),
      });
      retry = WHOLE_BATCH;
    }
    const done = retry === WHOLE_BATCH ? [] : batch.filter((message) => !retry.has(message.messageId));
    await options.queue.deleteBatch(done.map((message) => message.receiptHandle));
    stats.invocations += 1;
    stats.recordsDeleted += done.length;
    stats.recordsRetried += batch.length - done.length;
    outcomes[done.length === batch.length ? 'success' : done.length === 0 ? 'failure' : 'partial-failure'] +=
      1;
  };

  const worker = async (): Promise<void> => {
    while (!stopping.signal.aborted) {
      try {
        const batch = await gather();
        if (batch.length > 0) await invoke(batch);
      } catch (error) {
        if (isBadgeError(error) && error.code === 'QUEUE_CLOSED') return;
        logger.warn('polling failed', { queue: options.queue.name, error: String(error) });
        await new Promise((resolve) => setTimeout(resolve, ERROR_BACKOFF_MS));
      }
    }
  };

  const workers = Array.from({ length: settings.maximumConcurrency }, () => worker());

  return {
    stats: () => ({ ...stats, outcomes: { ...outcomes } }),
    stop: async () => {
      stopping.abort();
      await Promise.all(workers);
    },
  };
}

interface Settings {
  readonly functionName: string;
  readonly region: string;
  readonly batchSize: number;
  readonly batchingWindowMs: number;
  readonly maximumConcurrency: number;
  readonly reportBatchItemFailures: boolean;
  readonly timeoutMs: number;
}

function resolveSettings(options: PollerOptions): Settings {
  const settings: Settings = {
    functionName: options.functionName ?? `${options.queue.name}-consumer`,
    region: options.region ?? options.queue.region,
    batchSize: options.batchSize ?? 10,
    batchingWindowMs: (options.maximumBatchingWindowSeconds ?? 0) * 1000,
    maximumConcurrency: options.maximumConcurrency ?? 5,
    reportBatchItemFailures: options.reportBatchItemFailures ?? false,
    timeoutMs: (options.functionTimeoutSeconds ?? 30) * 1000,
  };
  const invalid = (field: string, rule: string): BadgeError =>
    new BadgeError('EVENT_SOURCE_MAPPING_INVALID', `${field} must be ${rule}`, { details: { field } });
  if (!Number.isInteger(settings.batchSize) || settings.batchSize < 1 || settings.batchSize > 10_000) {
    throw invalid('batchSize', 'an integer from 1 to 10000');
  }
  if (!(settings.batchingWindowMs >= 0 && settings.batchingWindowMs <= 300_000)) {
    throw invalid('maximumBatchingWindowSeconds', 'from 0 to 300');
  }
  if (!Number.isInteger(settings.maximumConcurrency) || settings.maximumConcurrency < 1) {
    throw invalid('maximumConcurrency', 'a positive integer');
  }
  if (!(settings.timeoutMs > 0)) throw invalid('functionTimeoutSeconds', 'positive');
  return settings;
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Task timed out after ${timeoutMs / 1000} seconds`)),
      timeoutMs,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const consoleLogger: PollerLogger = {
  warn: (message, details) => console.warn(`[event-source] ${message}`, details ?? ''),
};
