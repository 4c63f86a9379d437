import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { listAwards } from '../../cli/awards-command.js';

/**
 * `npm start` killed with SIGKILL in the middle of a burst of events, then started again on the same data: every
 * event whose PutEvents was acknowledged is processed, exactly once (one award per participant).
 */
const repo = new URL('../../', import.meta.url).pathname;

describe('the local cloud killed mid-burst', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'badges-crash-'));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(): Promise<{
    child: ChildProcess;
    endpoints: { eventbridge: string; region: string; eventBusName: string };
  }> {
    const endpointsFile = join(dataDir, 'endpoints.json');
    rmSync(endpointsFile, { force: true });
    const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
      cwd: repo,
      env: { ...process.env, BADGES_DATA_DIR: dataDir },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += String(chunk);
    });
    await vi.waitFor(
      () => {
        if (child.exitCode !== null) throw new Error(`local cloud exited: ${stderr.slice(-2000)}`);
        expect(existsSync(endpointsFile)).toBe(true);
      },
      { timeout: 90_000, interval: 100 },
    );
    return { child, endpoints: JSON.parse(readFileSync(endpointsFile, 'utf8')) };
  }

  it('processes every acknowledged event exactly once after a restart', async () => {
    const first = await start();
    const client = new EventBridgeClient({
      endpoint: first.endpoints.eventbridge,
      region: first.endpoints.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    const acknowledged: string[] = [];
    const total = 150;
    const sends = Array.from({ length: total }, async (_, i) => {
      const email = `crash-${i}@example.org`;
      try {
        const result = await client.send(
          new PutEventsCommand({
            Entries: [
              {
                EventBusName: first.endpoints.eventBusName,
                Source: 'registration.crash-test',
                DetailType: 'Participation Recorded',
                Detail: JSON.stringify({
                  specVersion: '1.0',
                  eventId: `crash-${i}`,
                  occurredAt: '2026-03-12T09:30:00Z',
                  activity: { id: 'course-1', name: 'Course' },
                  participant: { email },
                  role: 'attended',
                }),
              },
            ],
          }),
        );
        if (!result.FailedEntryCount) acknowledged.push(email);
      } catch {
        // Sent while the cloud was being killed: never acknowledged, so it may or may not have been taken.
      }
      if (i === Math.floor(total / 3)) first.child.kill('SIGKILL');
    });
    await Promise.all(sends);
    client.destroy();
    // A process killed by a signal has a signalCode and no exitCode; its 'exit' may have fired already.
    await new Promise<void>((resolve) =>
      first.child.exitCode !== null || first.child.signalCode !== null
        ? resolve()
        : first.child.once('exit', () => resolve()),
    );
    expect(acknowledged.length).toBeGreaterThan(10);

    const second = await start();
    const endpoints = join(dataDir, 'endpoints.json');
    await vi.waitFor(
      async () => {
        for (const email of acknowledged) {
          const awards = (await listAwards({ email, endpoints })) as Array<{ status: string }>;
          expect(
            awards.map((award) => award.status),
            email,
          ).toEqual(['published']);
        }
      },
      { timeout: 120_000, interval: 250 },
    );
    second.child.kill('SIGTERM');
    await new Promise<void>((resolve) => second.child.once('exit', () => resolve()));
    expect(second.child.exitCode).toBe(0);
  }, 240_000);
});
