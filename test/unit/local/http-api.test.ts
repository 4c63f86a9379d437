import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpApiConfig } from '../../../local/cloud-config.js';
import { type LocalHttpApi, startHttpApi } from '../../../local/http-api.js';
import { LambdaRuntime } from '../../../local/lambda-runtime.js';
import { readCloudConfig } from '../../../local/template.js';
import { LocalTokenSigner } from '../../../local/token-issuer.js';
import { fixtureTemplates } from '../../fixtures/local/templates.js';

const config = readCloudConfig(fixtureTemplates(), { region: 'eu-west-1' });
const apiFunction = config.functions.find((fn) => fn.logicalId.startsWith('Api'));
const issuer = 'http://127.0.0.1:9/local-issuer';
const dataDir = mkdtempSync(join(tmpdir(), 'http-api-test-'));
let runtime: LambdaRuntime;
let api: LocalHttpApi;
let signer: LocalTokenSigner;
const integrationErrors: string[] = [];

beforeAll(async () => {
  if (!apiFunction) throw new Error('fixture has no api function');
  const template = config.httpApis[0] as HttpApiConfig;
  // The local cloud points the authorizers at its own issuer; this test does the same by hand.
  const localApi: HttpApiConfig = {
    ...template,
    routes: template.routes.map((route) => ({
      ...route,
      // A short integration timeout on POST /events, so the 503 shows without a 30-second wait.
      ...(route.routeKey === 'POST /events' ? { timeoutMillis: 300 } : {}),
      ...(route.authorizer ? { authorizer: { ...route.authorizer, issuer } } : {}),
    })),
  };
  signer = await LocalTokenSigner.open({ dataDir, issuer, audience: 'badges-api' });
  runtime = new LambdaRuntime({
    functions: [{ ...apiFunction, timeoutSeconds: 2 }],
    commonEnvironment: { AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' },
    maxConcurrency: 1,
    onLog: () => undefined,
  });
  api = await startHttpApi({
    api: localApi,
    invoke: (name, event) => runtime.invoke(name, event),
    issuerKeys: (candidate) => (candidate === issuer ? signer.keySet() : undefined),
    accountId: '000000000000',
    onIntegrationError: (routeKey) => integrationErrors.push(routeKey),
  });
});

afterAll(async () => {
  await api?.stop();
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function call(
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; headers: Headers; body: string }> {
  const response = await fetch(`${api.url}${path}`, init);
  return { status: response.status, headers: response.headers, body: await response.text() };
}

describe('the local HTTP API', () => {
  it('routes an open route to its function with a payload 2.0 event', async () => {
    const response = await call('/openapi.json?lang=en');
    expect(response.status).toBe(200);
    expect(response.headers.get('apigw-requestid')).toBeTruthy();
    const echoed = JSON.parse(response.body);
    expect(echoed).toMatchObject({
      routeKey: 'GET /openapi.json',
      rawPath: '/openapi.json',
      queryStringParameters: { lang: 'en' },
    });
    expect(echoed.loadedWith.service).toBe('api');
  });

  it('answers 404 {"message":"Not Found"} when no route matches', async () => {
    const response = await call('/nowhere');
    expect(response.status).toBe(404);
    expect(JSON.parse(response.body)).toEqual({ message: 'Not Found' });
  });

  it('answers 401 without calling the handler when the token is missing or invalid', async () => {
    const before = JSON.parse((await call('/openapi.json')).body).invocations as number;
    const missing = await call('/v1/awards');
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.body)).toEqual({ message: 'Unauthorized' });
    const forged = await call('/v1/awards', {
      headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.e30.' },
    });
    expect(forged.status).toBe(401);
    const after = JSON.parse((await call('/openapi.json')).body).invocations as number;
    expect(after).toBe(before + 1);
  });

  it('passes the claims of a valid token to the handler', async () => {
    const token = await signer.issue({ role: 'organizer', subject: 'alice' });
    const response = await call('/v1/awards/42', { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    const echoed = JSON.parse(response.body);
    expect(echoed.routeKey).toBe('ANY /v1/{proxy+}');
    expect(echoed.pathParameters).toEqual({ proxy: 'awards/42' });
    expect(echoed.claims).toMatchObject({
      sub: 'alice',
      iss: issuer,
      scope: 'organizer',
      'cognito:groups': '[organizer]',
    });
    expect(echoed.scopes).toEqual(['organizer']);
  });

  it('answers 403 when the route needs the admin scope and the token is an organizer', async () => {
    const organizer = await signer.issue({ role: 'organizer' });
    const admin = await signer.issue({ role: 'admin' });
    const denied = await call('/v1/admin/rules', {
      method: 'DELETE',
      headers: { authorization: `Bearer ${organizer}` },
    });
    expect(denied.status).toBe(403);
    expect(JSON.parse(denied.body)).toEqual({ message: 'Forbidden' });
    const allowed = await call('/v1/admin/rules', {
      method: 'DELETE',
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(allowed.status).toBe(200);
    expect(JSON.parse(allowed.body).pathParameters).toEqual({ name: 'rules' });
  });

  it('maps a structured result with a base64 body and cookies', async () => {
    const token = await signer.issue({ role: 'organizer' });
    const response = await fetch(`${api.url}/v1/binary`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it('answers 500 {"message":"Internal Server Error"} when the handler throws', async () => {
    const token = await signer.issue({ role: 'organizer' });
    const response = await call('/v1/fail', { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(500);
    expect(JSON.parse(response.body)).toEqual({ message: 'Internal Server Error' });
    expect(integrationErrors).toContain('ANY /v1/{proxy+}');
  });

  it('answers 500 when the function hits its own timeout, and serves the next request from a fresh environment', async () => {
    const token = await signer.issue({ role: 'organizer' });
    const response = await call('/v1/hang', { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(500);
    expect(JSON.parse(response.body)).toEqual({ message: 'Internal Server Error' });
    const next = JSON.parse((await call('/openapi.json')).body);
    expect(next.invocations).toBe(1);
  });

  it('answers 503 Service Unavailable when the integration timeout passes first', async () => {
    const response = await call('/events', {
      method: 'POST',
      body: 'hang',
      headers: { 'content-type': 'text/plain' },
    });
    expect(response.status).toBe(503);
    expect(JSON.parse(response.body)).toEqual({ message: 'Service Unavailable' });
  });

  it('refuses a body over 10 MB with 413 before calling the function', async () => {
    const response = await call('/events', { method: 'POST', body: Buffer.alloc(10 * 1024 * 1024 + 1) });
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toEqual({ message: 'Request Entity Too Large' });
  });

  it('answers CORS preflights from the API configuration, before the authorizer', async () => {
    const response = await call('/v1/awards', {
      method: 'OPTIONS',
      headers: { origin: 'https://wallet.example', 'access-control-request-method': 'POST' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-headers')).toBe('authorization,content-type');
    expect(response.headers.get('access-control-max-age')).toBe('600');
  });
});
