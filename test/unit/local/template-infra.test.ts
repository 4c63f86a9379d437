import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { IMMUTABLE_PATHS, MUTABLE_PATHS } from '../../../infra/constructs/public-cdn.js';
import type { CloudConfig } from '../../../local/cloud-config.js';
import { synthesizeTemplates } from '../../../local/local-cloud.js';
import { readCloudConfig } from '../../../local/template.js';

// The product's own templates, synthesized from infra/ in-process (bundling skipped), as `npm start` does.
const root = fileURLToPath(new URL('../../..', import.meta.url));
let config: CloudConfig;

beforeAll(async () => {
  config = readCloudConfig(await synthesizeTemplates('dev'), { region: 'eu-west-1' });
}, 120_000);

describe('reading the product templates', () => {
  it('finds every function entry file in the repository', () => {
    expect(config.functions.length).toBeGreaterThanOrEqual(2);
    for (const fn of config.functions) {
      expect(existsSync(join(root, fn.entry)), fn.entry).toBe(true);
      expect(fn.handler).toBe('handler');
    }
  });

  it('resolves every environment value to plain text, table and bucket names included', () => {
    const tableNames = config.tables.map((table) => table.name);
    const bucketNames = config.buckets.map((bucket) => bucket.name);
    for (const fn of config.functions) {
      for (const [name, value] of Object.entries(fn.environment)) {
        expect(typeof value, name).toBe('string');
        expect(value, name).not.toMatch(/\[object Object\]|undefined|Fn::|"Ref"/);
      }
      if (fn.environment.TABLE_NAME !== undefined) expect(tableNames).toContain(fn.environment.TABLE_NAME);
      if (fn.environment.PUBLIC_BUCKET !== undefined)
        expect(bucketNames).toContain(fn.environment.PUBLIC_BUCKET);
    }
  });

  it('has the single table with its pk/sk keys, gsi1 and gsi2, and the expiresAt TTL', () => {
    const table = config.tables.find((candidate) =>
      candidate.keySchema.some((key) => key.AttributeName === 'pk'),
    );
    expect(table?.keySchema.map((key) => key.AttributeName)).toEqual(['pk', 'sk']);
    expect(table?.globalSecondaryIndexes.map((index) => index.IndexName).sort()).toEqual(['gsi1', 'gsi2']);
    expect(table?.timeToLiveAttribute).toBe('expiresAt');
  });

  it('routes the bus rule into a queue with a dead-letter queue consumed by a function', () => {
    const bus = config.eventBuses.find((candidate) => candidate.name !== 'default');
    const rule = config.rules.find((candidate) => candidate.eventBusName === bus?.name);
    const queueName = rule?.targets[0]?.queueName;
    const queue = config.queues.find((candidate) => candidate.name === queueName);
    expect(queue?.deadLetter?.maxReceiveCount).toBeGreaterThan(0);
    const mapping = config.eventSourceMappings.find((candidate) => candidate.queueName === queueName);
    expect(mapping?.reportBatchItemFailures).toBe(true);
    expect(config.functions.map((fn) => fn.name)).toContain(mapping?.functionName);
  });

  it('has the organiser API routes, JWT-protected where the issue says', () => {
    const routes = new Map(
      config.httpApis.flatMap((api) => api.routes.map((route) => [route.routeKey, route])),
    );
    expect(routes.get('GET /openapi.json')?.authorizer).toBeUndefined();
    expect(routes.get('POST /events')?.authorizer).toBeUndefined();
    const protectedRoute = routes.get('ANY /v1/{proxy+}');
    expect(protectedRoute?.authorizer?.type).toBe('JWT');
    expect(protectedRoute?.authorizer?.issuer).toMatch(/^https:\/\//);
    expect(protectedRoute?.authorizer?.audience.length).toBeGreaterThan(0);
  });

  it('gives the CDN long cache lifetimes for the immutable paths and short ones for the mutable paths', () => {
    const behaviors = config.distributions[0]?.behaviors ?? [];
    const ttl = (pattern: string) =>
      behaviors.find((behavior) => behavior.pathPattern === pattern)?.ttl.defaultSeconds;
    for (const pattern of IMMUTABLE_PATHS) expect(ttl(pattern), pattern).toBe(31_536_000);
    for (const pattern of MUTABLE_PATHS) expect(ttl(pattern), pattern).toBe(60);
    for (const behavior of behaviors) expect(behavior.origin.bucketName).toBeDefined();
  });
});
