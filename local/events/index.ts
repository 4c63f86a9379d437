/**
 * The local cloud's event path: EventBridge PutEvents endpoint → rules → durable SQS-like queues (with
 * dead-letter queues) → Lambda-style SQS event source mappings, with production semantics and no AWS.
 *
 * ```ts
 * const plane = await createEventPlane({
 *   dataDir: '.data/events',            // or inMemory: true (nothing survives a restart)
 *   region: 'eu-west-1',
 *   port: 0,                            // 0 = a free port; see plane.endpoint
 *   sqsPort: 0,                         // the SQS endpoint's port; see plane.sqsEndpoint
 *   buses: [{ name: 'badges', rules: [{
 *     name: 'participation-to-awards',
 *     eventPattern: { source: ['badges.registration'] },   // object or JSON text, validated at startup
 *     targets: [{ queueName: 'awards' }],
 *   }] }],
 *   queues: [
 *     { name: 'awards', visibilityTimeoutSeconds: 60,
 *       deadLetter: { queueName: 'awards-dlq', maxReceiveCount: 5 } },
 *     { name: 'awards-dlq' },
 *   ],
 * });
 * process.env.AWS_ENDPOINT_URL_EVENTBRIDGE = plane.endpoint;   // the real SDK now talks to the plane
 * process.env.AWS_ENDPOINT_URL_SQS = plane.sqsEndpoint;         // ...and @aws-sdk/client-sqs to its queues
 * const poller = plane.startPoller({
 *   queueName: 'awards',
 *   handler,            // (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>
 *   batchSize: 10, maximumBatchingWindowSeconds: 0, maximumConcurrency: 5, reportBatchItemFailures: true,
 * });
 * await plane.putEvents([{ Source, DetailType, Detail, EventBusName }]);   // in-process PutEvents, same rules
 * plane.queue('awards-dlq').counts();
 * await plane.stop();                             // pollers finish their batches, then server and queues close
 * ```
 *
 * Mapping from the CloudFormation template: AWS::Events::EventBus → `buses[].name`; AWS::Events::Rule
 * (EventBusName, EventPattern, State, Targets[].Arn of a queue) → `buses[].rules[]`; AWS::SQS::Queue
 * (QueueName, VisibilityTimeout, RedrivePolicy) → `queues[]`; AWS::Lambda::EventSourceMapping (BatchSize,
 * MaximumBatchingWindowInSeconds, ScalingConfig.MaximumConcurrency, FunctionResponseTypes) → `startPoller`.
 * The `default` bus always exists. Configuration errors throw `BadgeError` `EVENT_PLANE_CONFIG_INVALID`;
 * a bad event pattern throws `INVALID_EVENT_PATTERN`.
 *
 * The SQS endpoint serves the same queues the rules fill and the pollers drain (a message sent to a DLQ
 * with SendMessage is what `plane.queue('awards-dlq')` holds); queue URLs are
 * `<sqsEndpoint>/000000000000/<name>`, and any URL with that path, or the queue's ARN, is accepted.
 *
 * Durability: an acknowledged PutEvents entry is already fsynced into every target queue (a crash after the
 * response loses nothing); queue messages survive SIGKILL and come back visible. Delivery is at least once.
 */
import { join } from 'node:path';
import { DurableQueue, LOCAL_ACCOUNT_ID } from './durable-queue.js';
import { type BusConfig, configError, EventRouter } from './event-router.js';
import { type EventBridgeServer, startEventBridgeServer } from './eventbridge-server.js';
import { type EventSourcePoller, type PollerLogger, type SqsEventHandler, startPoller } from './poller.js';
import type { PutEventsRequestEntry, PutEventsResult } from './put-events.js';
import { type SqsQueueBinding, type SqsServer, startSqsServer } from './sqs-server.js';

export type { QueueCounts, ReceivedMessage } from './durable-queue.js';
export type { BusConfig, RuleConfig, RuleTargetConfig } from './event-router.js';
export { compileEventPattern, INVALID_EVENT_PATTERN, matchesEventPattern } from './pattern.js';
export type { EventSourcePoller, PollerStats, SqsEventHandler } from './poller.js';
export type { EventEnvelope, PutEventsRequestEntry, PutEventsResult } from './put-events.js';
export { RequestRejected } from './put-events.js';
export { SQS_REQUEST_REJECTED, SqsRequestRejected } from './sqs-errors.js';
export { DurableQueue, LOCAL_ACCOUNT_ID };

export interface QueueConfig {
  readonly name: string;
  /** SQS VisibilityTimeout; default 30 s. Fractions are allowed locally. */
  readonly visibilityTimeoutSeconds?: number;
  /** SQS RedrivePolicy. */
  readonly deadLetter?: { readonly queueName: string; readonly maxReceiveCount: number };
}

export interface EventPlaneConfig {
  /** Where queues persist (`<dataDir>/queues/<name>.log`). Required unless `inMemory`. */
  readonly dataDir?: string;
  readonly inMemory?: boolean;
  readonly region?: string;
  readonly host?: string;
  readonly port?: number;
  /** The SQS endpoint's port; 0 (the default) picks a free one. */
  readonly sqsPort?: number;
  readonly buses: readonly BusConfig[];
  readonly queues: readonly QueueConfig[];
  readonly logger?: PollerLogger;
}

export interface PollerConfig {
  readonly queueName: string;
  readonly handler: SqsEventHandler;
  readonly functionName?: string;
  readonly batchSize?: number;
  readonly maximumBatchingWindowSeconds?: number;
  readonly maximumConcurrency?: number;
  readonly reportBatchItemFailures?: boolean;
  readonly functionTimeoutSeconds?: number;
}

export interface EventPlane {
  /** `http://127.0.0.1:<port>`: the value for AWS_ENDPOINT_URL_EVENTBRIDGE. */
  readonly endpoint: string;
  /** `http://127.0.0.1:<port>`: the value for AWS_ENDPOINT_URL_SQS. */
  readonly sqsEndpoint: string;
  readonly region: string;
  readonly accountId: string;
  /** PutEvents without HTTP; a request the endpoint would answer with 400 throws `RequestRejected`. */
  putEvents(entries: readonly PutEventsRequestEntry[]): Promise<PutEventsResult>;
  queue(name: string): DurableQueue;
  startPoller(config: PollerConfig): EventSourcePoller;
  stop(): Promise<void>;
}

export async function createEventPlane(config: EventPlaneConfig): Promise<EventPlane> {
  const region = config.region ?? 'us-east-1';
  if (config.inMemory !== true && config.dataDir === undefined) {
    throw configError('The event plane needs a dataDir, or inMemory: true');
  }
  const directory = config.inMemory === true ? undefined : join(config.dataDir as string, 'queues');
  const queues = await openQueues(config.queues, directory, region);
  const pollers: EventSourcePoller[] = [];
  let server: EventBridgeServer | undefined;
  let sqsServer: SqsServer | undefined;
  try {
    const router = new EventRouter({ buses: config.buses, queues, region });
    server = await startEventBridgeServer({
      router,
      ...(config.host === undefined ? {} : { host: config.host }),
      ...(config.port === undefined ? {} : { port: config.port }),
    });
    sqsServer = await startSqsServer({
      queues: queueBindings(config.queues, queues),
      ...(config.host === undefined ? {} : { host: config.host }),
      ...(config.sqsPort === undefined ? {} : { port: config.sqsPort }),
    });
    const endpoint = server.endpoint;
    const runningServers = [server, sqsServer];
    return {
      endpoint,
      sqsEndpoint: sqsServer.endpoint,
      region,
      accountId: LOCAL_ACCOUNT_ID,
      putEvents: (entries) => router.putEvents({ Entries: entries }),
      queue: (name) => requireQueue(queues, name),
      startPoller: (poller) => {
        const started = startPoller({
          queue: requireQueue(queues, poller.queueName),
          region,
          ...poller,
          ...(config.logger === undefined ? {} : { logger: config.logger }),
        });
        pollers.push(started);
        return started;
      },
      stop: async () => {
        await Promise.all(pollers.map((poller) => poller.stop()));
        await Promise.all(runningServers.map((running) => running.close()));
        await Promise.all([...queues.values()].map((queue) => queue.close()));
      },
    };
  } catch (error) {
    await server?.close();
    await sqsServer?.close();
    await Promise.all([...queues.values()].map((queue) => queue.close()));
    throw error;
  }
}

async function openQueues(
  configs: readonly QueueConfig[],
  directory: string | undefined,
  region: string,
): Promise<Map<string, DurableQueue>> {
  const queues = new Map<string, DurableQueue>();
  try {
    for (const config of configs) {
      if (queues.has(config.name)) throw configError(`Queue ${config.name} is configured twice`);
      queues.set(
        config.name,
        await DurableQueue.open({
          name: config.name,
          region,
          ...(directory === undefined ? {} : { directory }),
          ...(config.visibilityTimeoutSeconds === undefined
            ? {}
            : { visibilityTimeoutSeconds: config.visibilityTimeoutSeconds }),
        }),
      );
    }
    for (const config of configs) wireDeadLetter(queues, config);
  } catch (error) {
    await Promise.all([...queues.values()].map((queue) => queue.close()));
    throw error;
  }
  return queues;
}

function wireDeadLetter(queues: ReadonlyMap<string, DurableQueue>, config: QueueConfig): void {
  if (config.deadLetter === undefined) return;
  const deadLetter = queues.get(config.deadLetter.queueName);
  if (deadLetter === undefined || deadLetter.name === config.name) {
    throw configError(`Queue ${config.name} has an unknown dead-letter queue ${config.deadLetter.queueName}`);
  }
  const { maxReceiveCount } = config.deadLetter;
  if (!Number.isInteger(maxReceiveCount) || maxReceiveCount < 1 || maxReceiveCount > 1000) {
    throw configError(`Queue ${config.name} needs a maxReceiveCount from 1 to 1000`);
  }
  requireQueue(queues, config.name).setDeadLetter({ queue: deadLetter, maxReceiveCount });
}

function queueBindings(
  configs: readonly QueueConfig[],
  queues: ReadonlyMap<string, DurableQueue>,
): SqsQueueBinding[] {
  return configs.map((config) => ({
    queue: requireQueue(queues, config.name),
    ...(config.deadLetter === undefined
      ? {}
      : {
          deadLetter: {
            queue: requireQueue(queues, config.deadLetter.queueName),
            maxReceiveCount: config.deadLetter.maxReceiveCount,
          },
        }),
  }));
}

function requireQueue(queues: ReadonlyMap<string, DurableQueue>, name: string): DurableQueue {
  const queue = queues.get(name);
  if (queue === undefined) throw configError(`Queue ${name} is not configured`);
  return queue;
}
