/**
 * Benchmark of the local event path: the real EventBridge SDK client → local PutEvents endpoint → rule →
 * durable queue (fsync) → poller → a no-op handler. Latency is from just before the PutEvents call to the
 * handler seeing the event; throughput is events per second from the first call to the last handler call.
 *
 *   import { runEventsBenchmark } from './local/events/bench.js';
 *   const result = await runEventsBenchmark({ events: 10_000 });
 *
 * Run directly (`npx tsx local/events/bench.ts [events]`) it prints the result as JSON.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { createEventPlane } from './index.js';

export interface EventsBenchmarkOptions {
  /** Events to publish; default 2,000. */
  readonly events?: number;
  /** PutEvents calls in flight at once; default 8. */
  readonly concurrency?: number;
  /** Entries per PutEvents call (1 to 10); default 10. */
  readonly entriesPerCall?: number;
  /** Pollers' batch size and concurrency; defaults 10 and 5, as the stack configures them. */
  readonly batchSize?: number;
  readonly maximumConcurrency?: number;
  /** Keep queues in memory instead of on disk (no fsync); default false. */
  readonly inMemory?: boolean;
}

export interface EventsBenchmarkResult {
  readonly events: number;
  readonly durable: boolean;
  readonly durationMs: number;
  readonly throughputPerSecond: number;
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number };
}

export async function runEventsBenchmark(
  options: EventsBenchmarkOptions = {},
): Promise<EventsBenchmarkResult> {
  const total = options.events ?? 2_000;
  const entriesPerCall = options.entriesPerCall ?? 10;
  const dataDir = await mkdtemp(join(tmpdir(), 'events-bench-'));
  const plane = await createEventPlane({
    ...(options.inMemory === true ? { inMemory: true } : { dataDir }),
    region: 'eu-west-1',
    buses: [
      {
        name: 'bench',
        rules: [{ name: 'all', eventPattern: { source: ['bench'] }, targets: [{ queueName: 'q' }] }],
      },
    ],
    queues: [{ name: 'q', visibilityTimeoutSeconds: 60 }],
  });
  const latencies: number[] = [];
  let lastHandledAt = 0;
  let finish: () => void = () => undefined;
  const allHandled = new Promise<void>((resolve) => {
    finish = resolve;
  });
  plane.startPoller({
    queueName: 'q',
    batchSize: options.batchSize ?? 10,
    maximumConcurrency: options.maximumConcurrency ?? 5,
    handler: (event) => {
      const now = performance.now();
      for (const record of event.Records) {
        const { detail } = JSON.parse(record.body) as { detail: { sentAt: number } };
        latencies.push(now - detail.sentAt);
      }
      lastHandledAt = now;
      if (latencies.length >= total) finish();
    },
  });
  const client = new EventBridgeClient({
    endpoint: plane.endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  try {
    const calls = Math.ceil(total / entriesPerCall);
    let nextCall = 0;
    const startedAt = performance.now();
    await Promise.all(
      Array.from({ length: options.concurrency ?? 8 }, async () => {
        while (nextCall < calls) {
          const call = nextCall++;
          const count = Math.min(entriesPerCall, total - call * entriesPerCall);
          const sentAt = performance.now();
          const entries = Array.from({ length: count }, (_, index) => ({
            EventBusName: 'bench',
            Source: 'bench',
            DetailType: 'measured',
            Detail: JSON.stringify({ call, index, sentAt }),
          }));
          const output = await client.send(new PutEventsCommand({ Entries: entries }));
          if (output.FailedEntryCount !== 0)
            throw new Error(`PutEvents failed: ${JSON.stringify(output.Entries)}`);
        }
      }),
    );
    await allHandled;
    const durationMs = lastHandledAt - startedAt;
    latencies.sort((a, b) => a - b);
    return {
      events: total,
      durable: options.inMemory !== true,
      durationMs: round(durationMs),
      throughputPerSecond: round((total / durationMs) * 1000),
      latencyMs: {
        p50: round(percentile(latencies, 0.5)),
        p99: round(percentile(latencies, 0.99)),
        max: round(latencies.at(-1) ?? 0),
      },
    };
  } finally {
    client.destroy();
    await plane.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] as number;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const events = Number(process.argv[2] ?? 2_000);
  console.log(JSON.stringify(await runEventsBenchmark({ events }), null, 2));
}
