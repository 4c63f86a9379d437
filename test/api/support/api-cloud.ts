import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import { fetchOnFreshSocket } from '../../../bench/api.js';
import { type LocalCloud, startLocalCloud } from '../../../local/start.js';
import { loadTestTls } from '../../support/tls.js';

/**
 * The product's local cloud for API tests: started from the real CDK app, in memory, with the unchanged
 * handlers behind the HTTP API emulation (JWT authorizer included). The CDN is served over HTTPS with the test
 * certificate authority's certificate (trusted through NODE_EXTRA_CA_CERTS), since verifiers resolve the issuer's
 * did:web over HTTPS, as the did:web method says.
 */
export interface ApiCloud {
  cloud: LocalCloud;
  api: string;
  /** The public base URL the credentials name. */
  publicBaseUrl: string;
  dataDir: string;
  token(role: 'organizer' | 'admin'): Promise<string>;
  /** A token signed with the local issuer's key, with any claims (roles left out, another audience, expired). */
  customToken(
    claims: Record<string, unknown>,
    options?: { issuer?: string; audience?: string; expiresInSeconds?: number },
  ): Promise<string>;
  /** A well-formed token from an issuer nobody trusts. */
  foreignToken(): Promise<string>;
  call(method: string, path: string, options?: CallOptions): Promise<CallResult>;
  stop(): Promise<void>;
}

export interface CallOptions {
  token?: string;
  json?: unknown;
  body?: string | Uint8Array;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are inspected freely in tests.
  body: any;
}

export async function startApiCloud(options: { maxConcurrency?: number } = {}): Promise<ApiCloud> {
  const dataDir = mkdtempSync(join(tmpdir(), 'badges-api-test-'));
  const tls = loadTestTls();
  const cloud = await startLocalCloud({
    dataDir,
    inMemory: true,
    warm: true,
    cdnTls: { cert: tls.cert, key: tls.key },
    onFunctionLog: () => undefined,
    ...(options.maxConcurrency ? { maxConcurrency: options.maxConcurrency } : {}),
  });
  const settings = JSON.parse(readFileSync(join(dataDir, 'token-issuer', 'issuer.json'), 'utf8')) as {
    issuer: string;
    audience: string;
  };
  const { privateJwk } = JSON.parse(
    readFileSync(join(dataDir, 'token-issuer', 'signing-key.json'), 'utf8'),
  ) as { privateJwk: JWK };

  const sign = async (
    key: Parameters<SignJWT['sign']>[0],
    kid: string,
    claims: Record<string, unknown>,
    issuer: string,
    audience: string,
    expiresIn: number,
  ) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject(String(claims.sub ?? 'test-subject'))
      .setIssuedAt(Math.floor(Date.now() / 1000) - 120)
      .setExpirationTime(Math.floor(Date.now() / 1000) + expiresIn)
      .sign(key);

  return {
    cloud,
    api: cloud.endpoints.api,
    publicBaseUrl: cloud.endpoints.cdn,
    dataDir,
    token: (role) => cloud.issueToken({ role }),
    async customToken(claims, tokenOptions = {}) {
      return sign(
        await importJWK(privateJwk, 'ES256'),
        privateJwk.kid as string,
        claims,
        tokenOptions.issuer ?? settings.issuer,
        tokenOptions.audience ?? settings.audience,
        tokenOptions.expiresInSeconds ?? 600,
      );
    },
    async foreignToken() {
      const { privateKey, publicKey } = await generateKeyPair('ES256');
      const kid = String((await exportJWK(publicKey)).x).slice(0, 16);
      return sign(
        privateKey,
        kid,
        { scope: 'organizer admin', 'cognito:groups': ['organizer', 'admin'] },
        'https://issuer.example.org',
        settings.audience,
        600,
      );
    },
    async call(method, path, callOptions = {}) {
      const headers: Record<string, string> = { ...(callOptions.headers ?? {}) };
      if (callOptions.token) headers.authorization = `Bearer ${callOptions.token}`;
      let body: string | Uint8Array | undefined = callOptions.body;
      if (callOptions.json !== undefined) {
        body = JSON.stringify(callOptions.json);
        headers['content-type'] = 'application/json';
      }
      if (callOptions.contentType) headers['content-type'] = callOptions.contentType;
      const response = await fetchOnFreshSocket(`${cloud.endpoints.api}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
      });
      const text = await response.text();
      let parsed: unknown;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      return { status: response.status, headers: response.headers, text, body: parsed };
    },
    async stop() {
      await cloud.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls until the probe returns a value (never a fixed sleep): the wait ends as soon as the condition holds. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
