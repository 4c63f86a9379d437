import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalCloud, startLocalCloud } from '../../../local/start.js';

// `npm start`'s path: the local cloud synthesizes the product's CDK app itself and runs its real handlers.
const dataDir = mkdtempSync(join(tmpdir(), 'local-cloud-infra-'));
let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startLocalCloud({ dataDir, inMemory: true, onFunctionLog: () => undefined });
}, 120_000);

afterAll(async () => {
  await cloud?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the local cloud of the product templates', () => {
  it('puts the organiser API behind the local token issuer', async () => {
    const anonymous = await fetch(`${cloud.endpoints.api}/v1/awards`);
    expect(anonymous.status).toBe(401);
    const token = await cloud.issueToken({ role: 'organizer' });
    const authorized = await fetch(`${cloud.endpoints.api}/v1/awards`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(authorized.status).not.toBe(401);
    expect(authorized.status).not.toBe(403);
  });

  it('serves published credentials from the CDN with the immutable cache lifetime', async () => {
    const s3 = new S3Client({
      endpoint: cloud.endpoints.s3,
      region: cloud.endpoints.region,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    const distributionBucket = cloud.config.distributions[0]?.behaviors[0]?.origin.bucketName;
    try {
      await s3.send(
        new PutObjectCommand({
          Bucket: distributionBucket,
          Key: 'credentials/x.json',
          Body: '{}',
          ContentType: 'application/ld+json',
        }),
      );
    } finally {
      s3.destroy();
    }
    const response = await fetch(`${cloud.endpoints.cdn}/credentials/x.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/ld+json');
    expect(response.headers.get('cache-control')).toMatch(/max-age=31536000/);
  });

  it('tells the functions where the local CDN and issuer are', () => {
    for (const fn of cloud.config.functions) {
      if (fn.environment.PUBLIC_BASE_URL !== undefined)
        expect(fn.environment.PUBLIC_BASE_URL).toBe(cloud.endpoints.cdn);
      if (fn.environment.JWT_ISSUER !== undefined)
        expect(fn.environment.JWT_ISSUER).toBe(cloud.endpoints.tokenIssuer);
    }
  });
});
