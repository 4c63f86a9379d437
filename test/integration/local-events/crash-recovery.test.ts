import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../unit/local/events/wait-for.js';

const fixture = 'test/fixtures/local-events/crash-consumer.ts';
const children: ChildProcess[] = [];
let dataDir: string | undefined;

/** Starts the fixture in its own process group, so that a signal reaches tsx's node process too. */
async function startConsumer(directory: string): Promise<{ child: ChildProcess; endpoint: string }> {
  const child = spawn('npx', ['tsx', fixture, directory], {
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`consumer exited early with ${code}`)));
    lines.once('line', (line) => resolve((JSON.parse(line) as { endpoint: string }).endpoint));
  });
  return { child, endpoint };
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.exitCode === null && child.signalCode === null) process.kill(-(child.pid as number), signal);
  return exited;
}

function idsIn(file: string): string[] {
  return existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((id) => id !== '')
    : [];
}

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) await signalGroup(child, 'SIGKILL');
  }
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
});

describe('local event plane crash recovery', () => {
  it('processes every acknowledged event exactly once (after dedup) when killed mid-burst and restarted', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'event-plane-crash-'));
    const first = await startConsumer(dataDir);
    const events = new EventBridgeClient({
      endpoint: first.endpoint,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });

    const plannedCalls = 300;
    const killAfterAcknowledgedCalls = 60;
    const acknowledged: string[] = [];
    let acknowledgedCalls = 0;
    let sentCalls = 0;
    let killed: Promise<void> | undefined;
    const sendCall = async (call: number): Promise<void> => {
      const entries = Array.from({ length: 10 }, (_, index) => ({
        EventBusName: 'badges',
        Source: 'test.registration',
        DetailType: 'attended',
        Detail: JSON.stringify({ call, index }),
      }));
      sentCalls += 1;
      try {
        const output = await events.send(new PutEventsCommand({ Entries: entries }));
        expect(output.FailedEntryCount).toBe(0);
        for (const entry of output.Entries ?? []) acknowledged.push(entry.EventId as string);
        acknowledgedCalls += 1;
        if (acknowledgedCalls === killAfterAcknowledgedCalls) killed = signalGroup(first.child, 'SIGKILL');
      } catch {
        // No response: the crash took this call; its events may or may not have been stored.
      }
    };
    // Eight callers in parallel, so that the kill lands while requests are in flight.
    let nextCall = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (nextCall < plannedCalls && killed === undefined) await sendCall(nextCall++);
      }),
    );
    await killed;
    events.destroy();

    expect(acknowledgedCalls).toBeGreaterThanOrEqual(killAfterAcknowledgedCalls);
    expect(sentCalls).toBeLessThan(plannedCalls);

    const second = await startConsumer(dataDir);
    const processedLog = join(dataDir, 'processed.log');
    await waitFor(
      () => {
        const processed = new Set(idsIn(processedLog));
        return acknowledged.every((id) => processed.has(id));
      },
      { timeoutMs: 30_000, description: 'every acknowledged event to be processed after the restart' },
    );
    await signalGroup(second.child, 'SIGTERM');

    const processed = idsIn(processedLog);
    const deliveries = idsIn(join(dataDir, 'deliveries.log'));
    expect(new Set(processed).size).toBe(processed.length);
    expect(new Set(deliveries)).toEqual(new Set(processed));
    // Events whose call got no answer may or may not be there; nothing else may appear.
    expect(processed.length).toBeGreaterThanOrEqual(acknowledged.length);
    expect(processed.length).toBeLessThanOrEqual(sentCalls * 10);
  });
});
