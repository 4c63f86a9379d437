import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { composeAwardRuntime } from '../../functions/shared/composition.js';
import { type LocalCloud, startLocalCloud } from '../../local/local-cloud.js';
import { participantKeyOf } from '../../shared/awards/award-record.js';
import { IssuingCache } from '../../shared/awards/issuing-cache.js';
import type {
  AwardDependencies,
  AwardRepository,
  EventPublisher,
  PublicFileStore,
} from '../../shared/awards/ports.js';
import { recordParticipation } from '../../shared/awards/record-participation.js';
import { BadgeError } from '../../shared/errors.js';

/**
 * Crash safety of an award, on the real local DynamoDB and S3: a failure injected at an adapter, at every step
 * of issuing, then a healthy retry. The award completes exactly once, with the same bytes, and nothing is left
 * half-published: every credential file belongs to a published award, and every published award has its files.
 */
class InjectedFault extends BadgeError {
  constructor(step: string) {
    super('INJECTED_FAULT', `injected failure at ${step}`, { status: 503 });
  }
}

/** Fails the n-th call of one method of an adapter (once), then behaves. */
function failOnce<T extends object>(target: T, method: keyof T, nth = 1): T {
  let calls = 0;
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (property !== method || typeof value !== 'function')
        return typeof value === 'function' ? value.bind(object) : value;
      return async (...args: unknown[]) => {
        calls++;
        if (calls === nth) throw new InjectedFault(String(method));
        return value.apply(object, args);
      };
    },
  });
}

describe('an award interrupted by a failing store', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'badges-faults-'));
  let cloud: LocalCloud;
  let healthy: AwardDependencies;
  let s3: S3Client;
  let bucket: string;
  const savedEnv = { ...process.env };
  let counter = 0;

  beforeAll(async () => {
    cloud = await startLocalCloud({ inMemory: true, dataDir, onFunctionLog: () => {} });
    // The test runs the award use case itself, in this process, against the local cloud's services.
    const env = cloud.environmentOf('functions/award/handler.ts');
    Object.assign(process.env, env);
    healthy = composeAwardRuntime(env).deps;
    bucket = env.PUBLIC_BUCKET as string;
    s3 = new S3Client({ forcePathStyle: true });
  });
  afterAll(async () => {
    process.env = savedEnv;
    s3?.destroy();
    await cloud?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  let email: string;
  let detail: Record<string, unknown>;
  beforeEach(() => {
    counter++;
    email = `fault-${counter}@example.org`;
    detail = {
      specVersion: '1.0',
      eventId: `fault-event-${counter}`,
      occurredAt: '2026-03-12T09:30:00Z',
      activity: { id: 'course-1', name: 'Course' },
      participant: { email },
      role: 'presented_practice',
    };
  });

  async function credentialFiles(): Promise<string[]> {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'credentials/' }));
    return (listed.Contents ?? []).map((object) => object.Key as string);
  }

  async function fileText(key: string): Promise<string | undefined> {
    const bytes = await healthy.files.get(key);
    return bytes ? Buffer.from(bytes).toString('utf8') : undefined;
  }

  async function expectCompletedOnce(firstCredential?: string): Promise<void> {
    const awards = await healthy.awards.listByParticipant(participantKeyOf(email));
    expect(awards).toHaveLength(1);
    const [award] = awards;
    expect(award?.status).toBe('published');
    expect(award?.notifiedAt).toBeDefined();
    const id = award?.awardId as string;
    const files = await credentialFiles();
    const suffixes = ['.json', '.ob2.json', '.png', ...(healthy.issuer.formats.vcJwt ? ['.jwt'] : [])];
    for (const suffix of suffixes) expect(files).toContain(`credentials/${id}${suffix}`);
    if (firstCredential !== undefined) expect(await fileText(`credentials/${id}.json`)).toBe(firstCredential);
  }

  async function expectNothingHalfPublished(): Promise<void> {
    for (const key of await credentialFiles()) {
      const id = key.slice('credentials/'.length).split('.')[0] as string;
      const award = await healthy.awards.get(id);
      expect(award, `${key} has no award record`).toBeDefined();
    }
  }

  const steps: Array<[string, (deps: AwardDependencies) => AwardDependencies]> = [
    [
      'S3 fails on the first file',
      (deps) => ({ ...deps, files: failOnce<PublicFileStore>(deps.files, 'put', 1) }),
    ],
    [
      'S3 fails on the last file, after the others',
      (deps) => ({ ...deps, files: failOnce<PublicFileStore>(deps.files, 'put', 3) }),
    ],
    [
      'DynamoDB fails creating the award',
      (deps) => ({ ...deps, awards: failOnce<AwardRepository>(deps.awards, 'create') }),
    ],
    [
      'DynamoDB fails marking it published, after every file and the announcement',
      (deps) => ({ ...deps, awards: failOnce<AwardRepository>(deps.awards, 'markPublished') }),
    ],
    [
      'the bus fails announcing it',
      (deps) => ({ ...deps, events: failOnce<EventPublisher>(deps.events, 'publish') }),
    ],
    [
      'DynamoDB fails claiming the status list index',
      (deps) => ({ ...deps, awards: failOnce<AwardRepository>(deps.awards, 'claimStatusIndex') }),
    ],
  ];

  it.each(steps)('%s: the retry completes it once, with the same credential', async (_step, inject) => {
    const faulty = inject(healthy);
    await expect(
      recordParticipation({ source: 'faults', detail }, faulty, new IssuingCache(faulty)),
    ).rejects.toMatchObject({ code: 'INJECTED_FAULT' });

    const interrupted = (await healthy.awards.listByParticipant(participantKeyOf(email)))[0];
    const firstCredential = interrupted
      ? await fileText(`credentials/${interrupted.awardId}.json`)
      : undefined;
    if (interrupted?.status === 'published') expect(firstCredential).toBeDefined();
    await expectNothingHalfPublished();

    // The same event, delivered again, to a process with fresh caches (as after a crash).
    const outcome = await recordParticipation(
      { source: 'faults', detail },
      healthy,
      new IssuingCache(healthy),
    );
    expect(outcome.duplicate).toBe(true);
    await expectCompletedOnce(firstCredential);
    await expectNothingHalfPublished();
  });
});
