import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalCdn, startCdn } from '../../../local/cdn.js';
import { pathPatternMatches, selectBehavior } from '../../../local/cdn-behaviors.js';
import type { DistributionConfig } from '../../../local/cloud-config.js';
import { LOCAL_CREDENTIALS, type RunningServices, startServices } from '../../../local/services.js';
import { readCloudConfig } from '../../../local/template.js';
import { fixtureTemplates } from '../../fixtures/local/templates.js';

const region = 'eu-west-1';
const config = readCloudConfig(fixtureTemplates(), { region });
const distribution = config.distributions[0] as DistributionConfig;
const bucket = config.buckets[0]?.name as string;
let services: RunningServices;
let cdn: LocalCdn;
let mappedErrors: LocalCdn;
let s3: S3Client;

async function put(
  key: string,
  body: string,
  extra: { ContentType?: string; CacheControl?: string } = {},
): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ...extra }));
}

beforeAll(async () => {
  services = await startServices({
    dataDir: '.',
    inMemory: true,
    region,
    tables: [],
    buckets: config.buckets,
    secrets: [],
    secretArnOf: (name) => name,
  });
  s3 = new S3Client({
    endpoint: services.s3,
    region,
    credentials: LOCAL_CREDENTIALS,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  await put('credentials/c1.json', '{"id":"c1"}', { ContentType: 'application/vc+ld+json' });
  await put('status/list-1', '{"list":1}', { ContentType: 'application/vc+ld+json' });
  await put('issuer', '{"name":"Citizen 2.1"}', {
    ContentType: 'application/ld+json',
    CacheControl: 'no-cache',
  });
  await put('site/index.html', '<h1>Badges</h1>', { ContentType: 'text/html' });
  await put('index.html', '<h1>Home</h1>', { ContentType: 'text/html' });
  await put('errors/404.html', '<h1>Not here</h1>', { ContentType: 'text/html' });
  cdn = await startCdn({ distribution, s3Endpoint: services.s3, region });
  mappedErrors = await startCdn({
    distribution: {
      ...distribution,
      defaultRootObject: 'index.html',
      errorResponses: [{ errorCode: 403, responseCode: 404, responsePagePath: '/errors/404.html' }],
    },
    s3Endpoint: services.s3,
    region,
  });
});

afterAll(async () => {
  await cdn?.stop();
  await mappedErrors?.stop();
  s3?.destroy();
  await services?.stop();
});

describe('the local CDN', () => {
  it('serves an immutable file with its stored type, a long Cache-Control and the security headers', async () => {
    const response = await fetch(`${cdn.url}/credentials/c1.json`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: 'c1' });
    expect(response.headers.get('content-type')).toBe('application/vc+ld+json');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
  });

  it('gives mutable files a short Cache-Control', async () => {
    const response = await fetch(`${cdn.url}/status/list-1`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=60');
  });

  it('keeps the Cache-Control an object was published with, as the policy does not override it', async () => {
    const response = await fetch(`${cdn.url}/issuer`);
    expect(response.headers.get('cache-control')).toBe('no-cache');
  });

  it('adds CORS headers for a cross-origin request only', async () => {
    const crossOrigin = await fetch(`${cdn.url}/credentials/c1.json`, {
      headers: { origin: 'https://wallet.example' },
    });
    expect(crossOrigin.headers.get('access-control-allow-origin')).toBe('*');
    expect(crossOrigin.headers.get('access-control-expose-headers')).toBe('ETag');
    const sameOrigin = await fetch(`${cdn.url}/credentials/c1.json`);
    expect(sameOrigin.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers 304 without a body to If-None-Match with the current ETag, and 200 to a stale one', async () => {
    const first = await fetch(`${cdn.url}/credentials/c1.json`);
    const etag = first.headers.get('etag') as string;
    const revalidated = await fetch(`${cdn.url}/credentials/c1.json`, { headers: { 'if-none-match': etag } });
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe('');
    expect(revalidated.headers.get('etag')).toBe(etag);
    expect(revalidated.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const weak = await fetch(`${cdn.url}/credentials/c1.json`, {
      headers: { 'if-none-match': `"other", W/${etag}` },
    });
    expect(weak.status).toBe(304);
    const stale = await fetch(`${cdn.url}/credentials/c1.json`, { headers: { 'if-none-match': '"stale"' } });
    expect(stale.status).toBe(200);
  });

  it('answers HEAD with the headers and no body', async () => {
    const response = await fetch(`${cdn.url}/credentials/c1.json`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String('{"id":"c1"}'.length));
    expect(response.headers.get('content-type')).toBe('application/vc+ld+json');
    expect(await response.text()).toBe('');
  });

  it('serves a byte range', async () => {
    const response = await fetch(`${cdn.url}/credentials/c1.json`, { headers: { range: 'bytes=0-3' } });
    expect(response.status).toBe(206);
    expect(await response.text()).toBe('{"id');
  });

  it('answers 403 AccessDenied for a missing object, as S3 does to CloudFront without ListBucket', async () => {
    const response = await fetch(`${cdn.url}/credentials/missing.json`);
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toBe('application/xml');
    expect(await response.text()).toContain('<Code>AccessDenied</Code>');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses methods the behavior does not allow with 403', async () => {
    const response = await fetch(`${cdn.url}/credentials/c1.json`, { method: 'POST', body: 'x' });
    expect(response.status).toBe(403);
  });

  it('runs the behavior viewer-request function (directory index)', async () => {
    const response = await fetch(`${cdn.url}/site/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('<h1>Badges</h1>');
  });

  it('maps an origin error to the configured page and response code', async () => {
    const response = await fetch(`${mappedErrors.url}/credentials/missing.json`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(await response.text()).toBe('<h1>Not here</h1>');
  });

  it('serves the default root object at /', async () => {
    const response = await fetch(`${mappedErrors.url}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('<h1>Home</h1>');
  });
});

describe('choosing the cache behavior', () => {
  it.each([
    ['/credentials/*', '/credentials/abc.json', true],
    ['/credentials/*', '/credentials', false],
    ['/issuer*', '/issuer', true],
    ['/issuer*', '/issuer.json', true],
    ['/issuer*', '/Issuer', false],
    ['images/*.png', '/images/a/b.png', true],
    ['/file?.txt', '/file1.txt', true],
    ['/file?.txt', '/file10.txt', false],
  ])('pattern %s matches %s: %s', (pattern, path, expected) => {
    expect(pathPatternMatches(pattern, path)).toBe(expected);
  });

  it('takes the first matching behavior and falls back to the default', () => {
    expect(selectBehavior(distribution.behaviors, '/keys/k1').pathPattern).toBe('/keys/*');
    expect(selectBehavior(distribution.behaviors, '/.well-known/did.json').pathPattern).toBe(
      '/.well-known/*',
    );
    expect(selectBehavior(distribution.behaviors, '/elsewhere').pathPattern).toBe('*');
  });
});
