import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalCloud, startLocalCloud } from '../../../local/start.js';
import { fixtureTemplates } from '../../fixtures/local/templates.js';

const dataDir = mkdtempSync(join(tmpdir(), 'local-cloud-test-'));
let cloud: LocalCloud;
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

beforeAll(async () => {
  cloud = await startLocalCloud({
    templates: fixtureTemplates(),
    dataDir,
    inMemory: true,
    onFunctionLog: () => undefined,
  });
});

afterAll(async () => {
  await cloud?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the local cloud built from the templates', () => {
  it('writes its endpoints to <dataDir>/endpoints.json', () => {
    const written = JSON.parse(readFileSync(join(dataDir, 'endpoints.json'), 'utf8'));
    expect(written).toEqual(cloud.endpoints);
    expect(written).toMatchObject({ region: 'eu-west-1', eventBusName: 'badges' });
    for (const key of [
      'eventbridge',
      'sqs',
      'api',
      'cdn',
      'dynamodb',
      's3',
      'secretsManager',
      'tokenIssuer',
    ]) {
      expect(written[key]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    }
  });

  it('serves an object written with the S3 SDK from the CDN, with the headers of its behavior', async () => {
    const s3 = new S3Client({
      endpoint: cloud.endpoints.s3,
      region: cloud.endpoints.region,
      credentials,
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    try {
      await s3.send(
        new PutObjectCommand({
          Bucket: cloud.config.buckets[0]?.name,
          Key: 'credentials/abc.json',
          Body: '{"type":["VerifiableCredential"]}',
          ContentType: 'application/vc+ld+json',
        }),
      );
    } finally {
      s3.destroy();
    }
    const response = await fetch(`${cloud.endpoints.cdn}/credentials/abc.json`, {
      headers: { origin: 'https://wallet.example' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ type: ['VerifiableCredential'] });
    expect(response.headers.get('content-type')).toBe('application/vc+ld+json');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('strict-transport-security')).toContain('max-age=');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('refuses the organiser API without a token and serves it with one', async () => {
    const anonymous = await fetch(`${cloud.endpoints.api}/v1/awards`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ message: 'Unauthorized' });

    const token = await cloud.issueToken({ role: 'organizer', subject: 'organizer-7' });
    const response = await fetch(`${cloud.endpoints.api}/v1/awards`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    const echoed = (await response.json()) as { claims: unknown; publicBaseUrl: string; jwtIssuer: string };
    expect(echoed.claims).toMatchObject({ sub: 'organizer-7', iss: cloud.endpoints.tokenIssuer });
    // The function sees the local CDN and issuer where the template names the deployed ones.
    expect(echoed.publicBaseUrl).toBe(cloud.endpoints.cdn);
    expect(echoed.jwtIssuer).toBe(cloud.endpoints.tokenIssuer);
  });

  it('serves open routes without a token', async () => {
    const response = await fetch(`${cloud.endpoints.api}/openapi.json`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { routeKey: string }).routeKey).toBe('GET /openapi.json');
  });

  it('carries a PutEvents event through the rule, queue and poller into the award function', async () => {
    const client = new EventBridgeClient({
      endpoint: cloud.endpoints.eventbridge,
      region: cloud.endpoints.region,
      credentials,
    });
    try {
      const put = await client.send(
        new PutEventsCommand({
          Entries: [
            {
              EventBusName: cloud.endpoints.eventBusName,
              Source: 'registration.test',
              DetailType: 'Participation Recorded',
              Detail: JSON.stringify({ itemId: 'p-1' }),
            },
          ],
        }),
      );
      expect(put.FailedEntryCount).toBe(0);
      const token = await cloud.issueToken({ role: 'organizer' });
      const item = await eventually(async () => {
        const response = await fetch(`${cloud.endpoints.api}/v1/items/p-1`, {
          headers: { authorization: `Bearer ${token}` },
        });
        return response.status === 200
          ? ((await response.json()) as Record<string, { S: string }>)
          : undefined;
      });
      expect(item.eventId?.S).toBe(put.Entries?.[0]?.EventId);
      expect(item.service?.S).toBe('award');
    } finally {
      client.destroy();
    }
  });

  it('serves the template queues over the SQS API at the queue URLs the functions see', async () => {
    const dlq = cloud.config.queues.find((queue) => queue.logicalId.startsWith('AwardDlq'));
    const api = cloud.config.functions.find((fn) => fn.logicalId.startsWith('Api'));
    expect(dlq?.url.startsWith(`${cloud.endpoints.sqs}/`)).toBe(true);
    expect(api?.environment.API_QUEUE_URL?.startsWith(`${cloud.endpoints.sqs}/`)).toBe(true);
    const sqs = new SQSClient({ endpoint: cloud.endpoints.sqs, region: cloud.endpoints.region, credentials });
    try {
      await sqs.send(new SendMessageCommand({ QueueUrl: dlq?.url, MessageBody: 'parked' }));
      const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq?.url, WaitTimeSeconds: 1 }));
      expect(received.Messages?.map((message) => message.Body)).toEqual(['parked']);
    } finally {
      sqs.destroy();
    }
  });

  it('lets a function publish to the bucket through the SDK endpoint variables', async () => {
    const token = await cloud.issueToken({ role: 'organizer' });
    const put = await fetch(`${cloud.endpoints.api}/v1/files/from-function.json`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"published":true}',
    });
    expect(put.status).toBe(201);
    const served = await fetch(`${cloud.endpoints.cdn}/credentials/from-function.json`);
    expect(served.status).toBe(200);
    expect(await served.json()).toEqual({ published: true });
  });
});

describe('a local cloud on disk', () => {
  it('keeps tables, objects and secrets across a restart', async () => {
    const diskDir = mkdtempSync(join(tmpdir(), 'local-cloud-disk-'));
    try {
      const first = await startLocalCloud({
        templates: fixtureTemplates(),
        dataDir: diskDir,
        onFunctionLog: () => undefined,
      });
      const token = await first.issueToken({ role: 'organizer' });
      const put = await fetch(`${first.endpoints.api}/v1/files/kept.json`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '{"kept":true}',
      });
      expect(put.status).toBe(201);
      const secretId = first.config.secrets[0]?.arn;
      const secrets = new SecretsManagerClient({
        endpoint: first.endpoints.secretsManager,
        region: 'eu-west-1',
        credentials,
      });
      await secrets.send(new PutSecretValueCommand({ SecretId: secretId, SecretString: '{"keys":["k1"]}' }));
      secrets.destroy();
      await first.stop();
      expect(existsSync(join(diskDir, 'endpoints.json'))).toBe(false);

      const second = await startLocalCloud({
        templates: fixtureTemplates(),
        dataDir: diskDir,
        onFunctionLog: () => undefined,
      });
      try {
        const served = await fetch(`${second.endpoints.cdn}/credentials/kept.json`);
        expect(await served.json()).toEqual({ kept: true });
        const again = await second.issueToken({ role: 'organizer' });
        const missing = await fetch(`${second.endpoints.api}/v1/items/none`, {
          headers: { authorization: `Bearer ${again}` },
        });
        // The table exists again (created idempotently); the item simply is not there.
        expect(missing.status).toBe(404);
        const secretsAgain = new SecretsManagerClient({
          endpoint: second.endpoints.secretsManager,
          region: 'eu-west-1',
          credentials,
        });
        const secret = await secretsAgain.send(
          new GetSecretValueCommand({ SecretId: second.config.secrets[0]?.arn }),
        );
        secretsAgain.destroy();
        expect(secret.SecretString).toBe('{"keys":["k1"]}');
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(diskDir, { recursive: true, force: true });
    }
  });
});
