import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import type { BucketConfig, SecretConfig, TableConfig } from './cloud-config.js';
import { LOCAL_HOST } from './http-server.js';
import { startSecretsManager } from './secrets-manager.js';

/** s3rver checks SigV4 signatures against these fixed credentials; every local client signs with them. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface ServicePorts {
  dynamodb?: number;
  s3?: number;
  secretsManager?: number;
}

export interface StartServicesOptions {
  /** Where DynamoDB (`dynamodb/`), S3 (`s3/`) and Secrets Manager (`secrets-manager/`) keep their data. */
  dataDir: string;
  /** DynamoDB and Secrets Manager in memory, S3 in a temporary directory removed on stop (for tests). */
  inMemory?: boolean;
  region: string;
  tables: TableConfig[];
  buckets: BucketConfig[];
  secrets: SecretConfig[];
  /** Builds a secret ARN from a name, as the template resolver does. */
  secretArnOf: (name: string) => string;
  ports?: ServicePorts;
}

export interface RunningServices {
  dynamodb: string;
  s3: string;
  secretsManager: string;
  stop(): Promise<void>;
}

/**
 * Starts the embedded AWS services (dynalite for DynamoDB, s3rver for S3, the local Secrets Manager) on
 * 127.0.0.1 and creates the templates' tables, buckets and secrets; all of it is idempotent, so a restart on
 * the same data directory keeps what is there.
 */
export async function startServices(options: StartServicesOptions): Promise<RunningServices> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step();
  };
  try {
    const dynamodb = await startDynamoDb(options, stops);
    await createTables(dynamodb, options.region, options.tables);
    const s3 = await startS3(options, stops);
    const secretsManager = await startSecretsManager({
      file: options.inMemory ? undefined : join(options.dataDir, 'secrets-manager', 'secrets.json'),
      arnOf: options.secretArnOf,
      secrets: options.secrets,
      port: options.ports?.secretsManager,
    });
    stops.push(() => secretsManager.stop());
    return { dynamodb, s3, secretsManager: secretsManager.endpoint, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function startDynamoDb(options: StartServicesOptions, stops: (() => Promise<void>)[]): Promise<string> {
  let path: string | undefined;
  if (!options.inMemory) {
    path = join(options.dataDir, 'dynamodb');
    mkdirSync(path, { recursive: true });
  }
  // Tables are ACTIVE at once: nothing local gains from DynamoDB's CREATING delay.
  const port = await startServiceThread(
    'dynalite',
    {
      path,
      createTableMs: 0,
      deleteTableMs: 0,
      updateTableMs: 0,
      host: LOCAL_HOST,
      port: options.ports?.dynamodb,
    },
    stops,
  );
  return `http://${LOCAL_HOST}:${port}`;
}

/** Starts dynalite or s3rver in a worker thread of its own (see service-thread.mjs); resolves with its port. */
async function startServiceThread(
  kind: 'dynalite' | 's3rver',
  options: Record<string, unknown>,
  stops: (() => Promise<void>)[],
): Promise<number> {
  const worker = new Worker(new URL('./service-thread.mjs', import.meta.url), {
    workerData: { kind, options },
  });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`${kind} stopped at start (exit ${code})`)));
    worker.once('message', (message: { port: number }) => resolve(message.port));
  });
  worker.removeAllListeners('exit');
  stops.push(async () => {
    const stopped = new Promise<void>((resolve) => {
      worker.once('message', () => resolve());
      worker.once('exit', () => resolve());
    });
    worker.postMessage('stop');
    await stopped;
    await worker.terminate();
  });
  return port;
}

async function startS3(options: StartServicesOptions, stops: (() => Promise<void>)[]): Promise<string> {
  const directory = options.inMemory
    ? mkdtempSync(join(tmpdir(), 'badges-s3-'))
    : join(options.dataDir, 's3');
  mkdirSync(directory, { recursive: true });
  if (options.inMemory) stops.push(async () => rmSync(directory, { recursive: true, force: true }));
  const port = await startServiceThread(
    's3rver',
    {
      address: LOCAL_HOST,
      port: options.ports?.s3 ?? 0,
      silent: true,
      directory,
      // Path-style only: the endpoint is an IP address, so there is no bucket host name to route on.
      vhostBuckets: false,
      configureBuckets: options.buckets.map((bucket) => ({ name: bucket.name })),
    },
    stops,
  );
  return `http://${LOCAL_HOST}:${port}`;
}

async function createTables(endpoint: string, region: string, tables: TableConfig[]): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region, credentials: LOCAL_CREDENTIALS });
  try {
    for (const table of tables) {
      try {
        await client.send(new CreateTableCommand(createTableInput(table)));
      } catch (error) {
        if (!(error instanceof ResourceInUseException)) throw error;
      }
      await waitUntilActive(client, table.name);
    }
  } finally {
    client.destroy();
  }
}

/**
 * The template's table as a CreateTable request. Billing is on-demand; TTL, point-in-time recovery, streams
 * and deletion protection have no local meaning (dynalite lacks UpdateTimeToLive), so they are left out.
 */
export function createTableInput(table: TableConfig): CreateTableCommandInput {
  const usedAttributes = new Set(
    [
      table.keySchema,
      ...table.globalSecondaryIndexes.map((index) => index.KeySchema),
      ...table.localSecondaryIndexes.map((index) => index.KeySchema),
    ]
      .flat()
      .map((key) => key.AttributeName),
  );
  return {
    TableName: table.name,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: table.keySchema,
    AttributeDefinitions: table.attributeDefinitions.filter((attribute) =>
      usedAttributes.has(attribute.AttributeName),
    ),
    ...(table.globalSecondaryIndexes.length > 0
      ? { GlobalSecondaryIndexes: table.globalSecondaryIndexes }
      : {}),
    ...(table.localSecondaryIndexes.length > 0 ? { LocalSecondaryIndexes: table.localSecondaryIndexes } : {}),
  };
}

async function waitUntilActive(client: DynamoDBClient, tableName: string): Promise<void> {
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every(
      (index) => index.IndexStatus === 'ACTIVE',
    );
    if (Table?.TableStatus === 'ACTIVE' && indexesActive) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
