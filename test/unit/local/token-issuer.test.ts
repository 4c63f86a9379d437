import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueLocalToken, type LocalTokenIssuer, startTokenIssuer } from '../../../local/token-issuer.js';

const dataDir = mkdtempSync(join(tmpdir(), 'token-issuer-test-'));
let issuer: LocalTokenIssuer;

beforeAll(async () => {
  issuer = await startTokenIssuer({ dataDir, audience: 'badges-api' });
});

afterAll(async () => {
  await issuer?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the local token issuer', () => {
  it('publishes its discovery document and JWKS', async () => {
    const discovery = (await (
      await fetch(`${issuer.url}/.well-known/openid-configuration`)
    ).json()) as Record<string, unknown>;
    expect(discovery.issuer).toBe(issuer.url);
    expect(discovery.jwks_uri).toBe(`${issuer.url}/.well-known/jwks.json`);
    const jwks = (await (await fetch(discovery.jwks_uri as string)).json()) as {
      keys: Record<string, unknown>[];
    };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(jwks.keys[0]?.d).toBeUndefined();
  });

  it('signs ES256 tokens for its URL and the audience, with the role as scope and group', async () => {
    const token = await issuer.signer.issue({ role: 'organizer', subject: 'alice', expiresIn: 600 });
    const { payload } = await jwtVerify(
      token,
      createRemoteJWKSet(new URL(`${issuer.url}/.well-known/jwks.json`)),
      {
        issuer: issuer.url,
        audience: 'badges-api',
      },
    );
    expect(decodeProtectedHeader(token).alg).toBe('ES256');
    expect(payload).toMatchObject({
      sub: 'alice',
      scope: 'organizer',
      'cognito:groups': ['organizer'],
      client_id: 'badges-api',
    });
    expect((payload.exp as number) - (payload.iat as number)).toBe(600);
  });

  it('makes an admin an organizer too', async () => {
    const { payload } = await jwtVerify(await issuer.signer.issue({ role: 'admin' }), issuer.signer.keySet());
    expect(payload.scope).toBe('organizer admin');
    expect(payload['cognito:groups']).toEqual(['organizer', 'admin']);
  });

  it('keeps its private key readable by its owner only', () => {
    expect(statSync(join(dataDir, 'token-issuer', 'signing-key.json')).mode & 0o777).toBe(0o600);
  });

  it('issues tokens over HTTP for curl sessions', async () => {
    const response = await fetch(`${issuer.url}/token`, {
      method: 'POST',
      body: JSON.stringify({ role: 'admin' }),
    });
    const answer = (await response.json()) as { access_token: string; token_type: string };
    expect(answer.token_type).toBe('Bearer');
    const { payload } = await jwtVerify(answer.access_token, issuer.signer.keySet(), { issuer: issuer.url });
    expect(payload.scope).toBe('organizer admin');
    const refused = await fetch(`${issuer.url}/token`, {
      method: 'POST',
      body: JSON.stringify({ role: 'root' }),
    });
    expect(refused.status).toBe(400);
  });

  it('lets another process sign for the running issuer through the data directory', async () => {
    const token = await issueLocalToken({ role: 'organizer', dataDir });
    const { payload } = await jwtVerify(token, issuer.signer.keySet(), {
      issuer: issuer.url,
      audience: 'badges-api',
    });
    expect(payload.sub).toBe('local-organizer');
  });

  it('refuses to sign for a data directory where no issuer ran', async () => {
    await expect(
      issueLocalToken({ role: 'organizer', dataDir: join(dataDir, 'elsewhere') }),
    ).rejects.toMatchObject({
      code: 'LOCAL_CLOUD_NOT_STARTED',
    });
  });
});
