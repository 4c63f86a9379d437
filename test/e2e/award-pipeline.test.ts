import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { ListQueuesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { verifyCredential } from '@digitalcredentials/verifier-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { listAwards } from '../../cli/awards-command.js';
import { type LocalCloud, startLocalCloud } from '../../local/local-cloud.js';
import { unbakePng } from '../../shared/baking/index.js';
import { httpDocumentFetcher } from '../../shared/ports/fetcher.js';
import { verify } from '../../shared/verify/index.js';
import { answerSchemaUrlsOffline } from '../support/offline-schemas.js';
import { loadTestTls } from '../support/tls.js';

/**
 * The award pipeline end to end on the local cloud, through the same wire protocols a registration system uses:
 * PutEvents → rule → queue → award function → DynamoDB + S3 → fetched over HTTPS from the CDN, then judged by the
 * DCC verifier (did:web and status list resolved over HTTPS) and by our own `verify` by URL.
 */
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const participants = {
  ada: { email: 'ada@example.org', name: 'Ada', roles: ['attended', 'spoke'] },
  grace: { email: 'grace@example.org', name: 'Grace', roles: ['presented_practice', 'organized'] },
  linus: { email: 'linus@example.org', roles: ['attended', 'attended', 'organized'] },
} as const;
const badgeOf = {
  attended: 'witness',
  spoke: 'knowledgeable-witness',
  presented_practice: 'innovative-pioneer',
  organized: 'innovative-project-builder',
} as const;

type Award = { awardId: string; badge: string; status: string; urls: { credential?: string; png?: string } };

describe('the award pipeline on the local cloud', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'badges-e2e-'));
  let cloud: LocalCloud;
  let eventBridge: EventBridgeClient;
  const endpointsFile = () => join(dataDir, 'endpoints.json');
  const awardsOf = async (email: string) =>
    (await listAwards({ email, endpoints: endpointsFile() })) as Award[];

  let restoreFetch: () => void;

  beforeAll(async () => {
    restoreFetch = answerSchemaUrlsOffline();
    const tls = loadTestTls();
    cloud = await startLocalCloud({
      inMemory: true,
      dataDir,
      cdnTls: { cert: tls.cert, key: tls.key },
      warm: true,
      onFunctionLog: () => {},
    });
    eventBridge = new EventBridgeClient({
      endpoint: cloud.endpoints.eventbridge,
      region: cloud.endpoints.region,
      credentials,
    });
  });
  afterAll(async () => {
    restoreFetch?.();
    eventBridge?.destroy();
    await cloud?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const entry = (eventId: string, detail: Record<string, unknown>) => ({
    EventBusName: cloud.endpoints.eventBusName,
    Source: 'registration.citizen21',
    DetailType: 'Participation Recorded',
    Detail: JSON.stringify({ specVersion: '1.0', eventId, occurredAt: '2026-03-12T09:30:00Z', ...detail }),
  });

  it('turns each kind of participation into its badge, once, however often and concurrently it is delivered', async () => {
    const sends: Promise<unknown>[] = [];
    let n = 0;
    for (const [key, person] of Object.entries(participants)) {
      for (const role of person.roles) {
        const detail = {
          activity: { id: `course-${n % 2}`, name: 'Digital tools in vocational training' },
          participant: { email: person.email, ...('name' in person ? { name: person.name } : {}) },
          role,
        };
        const event = entry(`${key}-${n++}`, detail);
        // Each event three times, at once.
        for (let copy = 0; copy < 3; copy++)
          sends.push(eventBridge.send(new PutEventsCommand({ Entries: [event] })));
      }
    }
    const results = (await Promise.all(sends)) as Array<{ FailedEntryCount?: number }>;
    expect(results.every((result) => !result.FailedEntryCount)).toBe(true);

    for (const person of Object.values(participants)) {
      const expected = [...new Set(person.roles.map((role) => badgeOf[role]))].sort();
      await vi.waitFor(
        async () => {
          const awards = await awardsOf(person.email);
          expect(
            awards
              .filter((award) => award.status === 'published')
              .map((award) => award.badge)
              .sort(),
          ).toEqual(expected);
        },
        { timeout: 60_000, interval: 100 },
      );
      // Exactly one award per badge, whatever the duplicates.
      expect((await awardsOf(person.email)).map((award) => award.badge).sort()).toEqual(expected);
    }
  });

  it('publishes credentials that pass the DCC verifier and our verify by URL, and baked PNGs that unbake to them', async () => {
    const fetcher = httpDocumentFetcher();
    const awards = await awardsOf(participants.ada.email);
    expect(awards).toHaveLength(2);
    for (const award of awards) {
      const credentialUrl = award.urls.credential as string;
      expect(credentialUrl.startsWith(cloud.endpoints.cdn)).toBe(true);
      const response = await fetch(credentialUrl);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toContain('immutable');
      const credential = (await response.json()) as Record<string, unknown>;

      const png = new Uint8Array(await (await fetch(award.urls.png as string)).arrayBuffer());
      expect(JSON.parse(unbakePng(png).ob3 as string)).toEqual(credential);

      const dcc = await verifyCredential({ credential, knownDIDRegistries: [] });
      expect(dcc.errors, JSON.stringify(dcc.errors)).toBeUndefined();
      const log = Object.fromEntries((dcc.log ?? []).map((step) => [step.id, step.valid]));
      expect(log).toMatchObject({ valid_signature: true, expiration: true, revocation_status: true });
      const schemaCheck = (
        dcc.additionalInformation as Array<{ id: string; results: Array<{ result: { valid: boolean } }> }>
      ).find((information) => information.id === 'schema_check');
      expect(schemaCheck?.results[0]?.result).toEqual({ valid: true });

      const ours = await verify(new URL(credentialUrl), { fetcher, recipientEmail: participants.ada.email });
      expect(ours.checks.filter((check) => check.status === 'failed')).toEqual([]);
      expect(ours.verified).toBe(true);
    }
  });

  it('sends an invalid event to the dead-letter queue with its reason, and still processes the rest of its batch', async () => {
    const invalid = entry('bad-1', {
      activity: { id: 'c', name: 'C' },
      participant: { email: 'not-an-email' },
      role: 'attended',
    });
    const valid = entry('ok-1', {
      activity: { id: 'c', name: 'C' },
      participant: { email: 'margaret@example.org' },
      role: 'spoke',
    });
    const result = await eventBridge.send(new PutEventsCommand({ Entries: [invalid, valid] }));
    expect(result.FailedEntryCount).toBe(0);

    await vi.waitFor(
      async () =>
        expect((await awardsOf('margaret@example.org')).map((a) => a.status)).toEqual(['published']),
      {
        timeout: 30_000,
        interval: 100,
      },
    );

    const sqs = new SQSClient({
      endpoint: cloud.endpoints.sqs,
      region: cloud.endpoints.region,
      credentials,
      useQueueUrlAsEndpoint: false,
    });
    const queues = await sqs.send(new ListQueuesCommand({}));
    const deadLetters = (queues.QueueUrls ?? []).find((url) =>
      /AwardConsumerDeadLetters/.test(url),
    ) as string;
    expect(deadLetters).toBeDefined();
    const received = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: deadLetters,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 10,
        MessageAttributeNames: ['All'],
      }),
    );
    sqs.destroy();
    expect(received.Messages).toHaveLength(1);
    const [message] = received.Messages ?? [];
    expect(JSON.parse(message?.Body as string).detail.eventId).toBe('bad-1');
    expect(message?.MessageAttributes?.errorCode?.StringValue).toBe('EVENT_INVALID');
    expect(message?.MessageAttributes?.errorMessage?.StringValue).toContain('participant.email');
  });
});
