import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalCloud, startLocalCloud } from '../../../local/start.js';
import { eventKeyOf } from '../../../shared/awards/award-record.js';
import { ENV } from '../../../shared/config/index.js';
import {
  composeIngestDependencies,
  type IngestDependencies,
  type IngestResponse,
  ingestEvents,
  replayKeyOf,
  signIngestRequest,
} from '../../../shared/ingest/index.js';

/**
 * Ingestion against the local cloud of the product templates: the key the local Secrets Manager generated for
 * the stack's IngestHmacKeys secret, the real table, the real bus and its rule into the award function.
 *
 * `POST /events` is routed to the api function, whose handler does not call `ingestEvents` yet (it answers
 * 501), so the requests go to `ingestEvents` with the adapters `composeIngestDependencies` builds from the api
 * function's own environment, as its handler will.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'ingest-local-cloud-'));
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const savedEnv = { ...process.env };
let cloud: LocalCloud;
let apiEnvironment: Record<string, string>;
let deps: IngestDependencies;
let documents: DynamoDBDocumentClient;
let secret: string;

beforeAll(async () => {
  cloud = await startLocalCloud({ dataDir, inMemory: true, onFunctionLog: () => undefined });
  const api = cloud.config.functions.find((fn) => fn.environment[ENV.INGEST_HMAC_SECRET_ID] !== undefined);
  if (api === undefined) throw new Error('no function of the templates reads the ingest keys');
  apiEnvironment = api.environment;
  Object.assign(process.env, {
    AWS_REGION: cloud.endpoints.region,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: cloud.endpoints.dynamodb,
    AWS_ENDPOINT_URL_EVENTBRIDGE: cloud.endpoints.eventbridge,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: cloud.endpoints.secretsManager,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  const secretsManager = new SecretsManagerClient({
    endpoint: cloud.endpoints.secretsManager,
    region: cloud.endpoints.region,
    credentials,
  });
  try {
    const stored = await secretsManager.send(
      new GetSecretValueCommand({ SecretId: apiEnvironment[ENV.INGEST_HMAC_SECRET_ID] }),
    );
    secret = (JSON.parse(stored.SecretString ?? '{}') as { default: string }).default;
  } finally {
    secretsManager.destroy();
  }
  deps = composeIngestDependencies(apiEnvironment);
  documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: cloud.endpoints.dynamodb, region: cloud.endpoints.region, credentials }),
  );
}, 180_000);

afterAll(async () => {
  documents?.destroy();
  await cloud?.stop();
  process.env = savedEnv;
  rmSync(dataDir, { recursive: true, force: true });
});

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function getItem(pk: string, sk: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: apiEnvironment[ENV.TABLE_NAME], Key: { pk, sk }, ConsistentRead: true }),
  );
  return Item;
}

function participation(eventId: string): Record<string, unknown> {
  return {
    specVersion: '1.0',
    eventId,
    occurredAt: '2026-03-12T09:30:00+01:00',
    activity: { id: 'course-lyon-2026', name: 'Digital tools in vocational training' },
    participant: { email: 'grace@example.org', name: 'Grace' },
    role: 'attended',
  };
}

function errorCode(response: IngestResponse): string | undefined {
  return 'error' in response.body ? response.body.error.code : undefined;
}

describe('HTTPS ingestion on the local cloud', () => {
  it('routes POST /events to the ingestion without a JWT: an unsigned request is refused by the HMAC check', async () => {
    const response = await fetch(`${cloud.endpoints.api}/events`, { method: 'POST', body: '{}' });
    // The JWT authorizer would answer {"message":"Unauthorized"}; the ingestion names what is missing.
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error?: { code?: string } }).error?.code).toBe('SIGNATURE_MISSING');
  });

  it('accepts an event signed with the stack generated key and delivers it to the award function', async () => {
    expect(secret).toMatch(/^[A-Za-z0-9]{64}$/);
    const body = JSON.stringify({ events: [participation('lyon-2026-grace')] });
    const response = await ingestEvents(
      { body, headers: signIngestRequest(body, { keyId: 'default', secret }) },
      deps,
    );
    expect(response).toEqual({
      status: 202,
      body: { results: [{ index: 0, eventId: 'lyon-2026-grace', status: 'accepted' }] },
    });
    // The award function records the event under its sender-namespaced key: the source is https.<keyId>.
    const recorded = await eventually(() =>
      getItem(`EVENT#${eventKeyOf('https.default', 'lyon-2026-grace')}`, 'EVENT'),
    );
    expect(recorded).toMatchObject({ participation: { source: 'https.default' } });
  });

  it('answers the same signed request again with REPLAYED, remembered in the table', async () => {
    const now = new Date();
    const body = JSON.stringify(participation('lyon-2026-grace-replay'));
    const headers = signIngestRequest(body, { keyId: 'default', secret, now });
    expect((await ingestEvents({ body, headers }, deps)).status).toBe(202);
    const replay = await ingestEvents({ body, headers }, deps);
    expect(replay.status).toBe(409);
    expect(errorCode(replay)).toBe('REPLAYED');
    const timestamp = Math.floor(now.getTime() / 1000);
    const nonce = await getItem(`INGEST#${replayKeyOf({ keyId: 'default', timestamp }, body)}`, 'NONCE');
    expect(nonce).toMatchObject({ expiresAt: timestamp + 600 });
  });

  it('refuses a request signed with another secret', async () => {
    const body = JSON.stringify(participation('lyon-2026-forged'));
    const response = await ingestEvents(
      { body, headers: signIngestRequest(body, { keyId: 'default', secret: `${secret}x` }) },
      deps,
    );
    expect(response.status).toBe(401);
    expect(errorCode(response)).toBe('SIGNATURE_INVALID');
  });
});
