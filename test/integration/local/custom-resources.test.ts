import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { type LocalCloud, startLocalCloud } from '../../../local/start.js';
import type { CfnTemplate } from '../../../local/template.js';
import { cloneTemplates } from '../../fixtures/local/templates.js';

function withSeedProperties(properties: Record<string, unknown>) {
  const templates = cloneTemplates();
  for (const { template } of templates) {
    for (const resource of Object.values((template as CfnTemplate).Resources ?? {})) {
      if (resource.Type === 'Custom::FixtureSeed') Object.assign(resource.Properties ?? {}, properties);
    }
  }
  return templates;
}

async function issuerProfile(cloud: LocalCloud): Promise<unknown> {
  return (await fetch(`${cloud.endpoints.cdn}/issuer`)).json();
}

async function overwriteIssuer(cloud: LocalCloud, body: string): Promise<void> {
  const s3 = new S3Client({
    endpoint: cloud.endpoints.s3,
    region: cloud.endpoints.region,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    forcePathStyle: true,
  });
  try {
    await s3.send(new PutObjectCommand({ Bucket: cloud.config.buckets[0]?.name, Key: 'issuer', Body: body }));
  } finally {
    s3.destroy();
  }
}

describe('custom resources of the templates', () => {
  it('run on the first start, again with Update when their properties change, and not otherwise', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'custom-resources-'));
    const start = (version: number) =>
      startLocalCloud({
        templates: withSeedProperties({ version }),
        dataDir,
        onFunctionLog: () => undefined,
      });
    try {
      const first = await start(1);
      expect(await issuerProfile(first)).toEqual({ requestType: 'Create', version: '1' });
      await overwriteIssuer(first, '"untouched"');
      await first.stop();

      const unchanged = await start(1);
      expect(await issuerProfile(unchanged)).toBe('untouched');
      await unchanged.stop();

      const changed = await start(2);
      expect(await issuerProfile(changed)).toEqual({ requestType: 'Update', version: '2' });
      await changed.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('fail the start when the provider answers FAILED, as they fail a deployment', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'custom-resources-failed-'));
    try {
      await expect(
        startLocalCloud({
          templates: withSeedProperties({ fail: true }),
          dataDir,
          inMemory: true,
          onFunctionLog: () => undefined,
        }),
      ).rejects.toMatchObject({
        code: 'LOCAL_CUSTOM_RESOURCE_FAILED',
        message: expect.stringContaining('told to fail'),
      });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
