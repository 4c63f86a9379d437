import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTVerifyGetKey,
  SignJWT,
} from 'jose';
import { BadgeError } from '../shared/errors.js';
import { closeServer, listen, readBody } from './http-server.js';

/**
 * A local OpenID-style token issuer for the organiser API: an ES256 key pair kept under the data directory
 * (0600), its JWKS at `/.well-known/jwks.json`, discovery at `/.well-known/openid-configuration`, and tokens
 * with `iss` = this issuer's URL, `aud` and `client_id` = the API's audience, and the role as both a
 * `scope` and a `cognito:groups` claim. The local cloud points the templates' JWT authorizers at this issuer
 * instead of the deployed one (Cognito or an external OIDC provider), which it cannot reach.
 *
 * Tokens can also be had over HTTP (`POST /token` with `{"role": "organizer"}`): the server listens on
 * 127.0.0.1 only, for curl and browser sessions against the local API.
 */

export type LocalRole = 'organizer' | 'admin';

export interface IssueTokenOptions {
  role: LocalRole;
  subject?: string;
  /** Seconds, or a jose time span such as `'2h'`. Default one hour. */
  expiresIn?: number | string;
}

/** The claims a role carries: an admin is an organiser too. */
export function roleGrants(role: LocalRole): string[] {
  return role === 'admin' ? ['organizer', 'admin'] : ['organizer'];
}

const SIGNING_ALGORITHM = 'ES256';

interface StoredKey {
  privateJwk: JWK;
}

async function loadOrCreateKey(dataDir: string): Promise<JWK> {
  const directory = join(dataDir, 'token-issuer');
  const file = join(directory, 'signing-key.json');
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as StoredKey).privateJwk;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const { privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { extractable: true });
  const privateJwk = await exportJWK(privateKey);
  privateJwk.kid = await calculateJwkThumbprint(privateJwk);
  privateJwk.alg = SIGNING_ALGORITHM;
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  writeFileSync(file, JSON.stringify({ privateJwk } satisfies StoredKey), { mode: 0o600 });
  chmodSync(file, 0o600);
  return privateJwk;
}

function publicPart(privateJwk: JWK): JWK {
  const { kty, crv, x, y, kid, alg } = privateJwk;
  return { kty, crv, x, y, kid, alg, use: 'sig' };
}

export class LocalTokenSigner {
  private constructor(
    readonly issuer: string,
    readonly audience: string,
    private readonly privateJwk: JWK,
  ) {}

  static async open(options: {
    dataDir: string;
    issuer: string;
    audience: string;
  }): Promise<LocalTokenSigner> {
    return new LocalTokenSigner(options.issuer, options.audience, await loadOrCreateKey(options.dataDir));
  }

  jwks(): { keys: JWK[] } {
    return { keys: [publicPart(this.privateJwk)] };
  }

  keySet(): JWTVerifyGetKey {
    return createLocalJWKSet(this.jwks());
  }

  async issue(options: IssueTokenOptions): Promise<string> {
    if (options.role !== 'organizer' && options.role !== 'admin') {
      throw new BadgeError('LOCAL_TOKEN_ROLE_INVALID', 'role must be organizer or admin');
    }
    const grants = roleGrants(options.role);
    const key = await importJWK(this.privateJwk, SIGNING_ALGORITHM);
    const expiresIn = options.expiresIn ?? 3600;
    return new SignJWT({
      scope: grants.join(' '),
      'cognito:groups': grants,
      client_id: this.audience,
      token_use: 'access',
    })
      .setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: this.privateJwk.kid as string, typ: 'JWT' })
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setSubject(options.subject ?? `local-${options.role}`)
      .setIssuedAt()
      .setJti(randomUUID())
      .setExpirationTime(
        typeof expiresIn === 'number' ? Math.floor(Date.now() / 1000) + expiresIn : expiresIn,
      )
      .sign(key);
  }
}

export interface LocalTokenIssuer {
  url: string;
  signer: LocalTokenSigner;
  stop(): Promise<void>;
}

/** Starts the issuer's HTTP endpoints; its URL is the `iss` of the tokens it signs. */
export async function startTokenIssuer(options: {
  dataDir: string;
  audience: string;
  port?: number;
}): Promise<LocalTokenIssuer> {
  let signer: LocalTokenSigner | undefined;
  const server = createServer((request, response) => {
    if (!signer) {
      json(response, 503, { error: 'temporarily_unavailable' });
      return;
    }
    serve(signer, request, response).catch(() => {
      if (!response.headersSent) json(response, 500, { error: 'server_error' });
    });
  });
  const url = await listen(server, options.port);
  signer = await LocalTokenSigner.open({ dataDir: options.dataDir, issuer: url, audience: options.audience });
  // Lets `issueLocalToken` sign for the running local cloud from another process (a CLI, a script).
  writeFileSync(
    join(options.dataDir, 'token-issuer', 'issuer.json'),
    JSON.stringify({ issuer: url, audience: options.audience } satisfies IssuerSettings),
  );
  return { url, signer, stop: () => closeServer(server) };
}

interface IssuerSettings {
  issuer: string;
  audience: string;
}

/**
 * Signs a token for the local cloud that runs (or last ran) on `dataDir` (default `BADGES_DATA_DIR` or
 * `.data`): `await issueLocalToken({ role: 'organizer' })`, then `Authorization: Bearer <token>`.
 */
export async function issueLocalToken(options: IssueTokenOptions & { dataDir?: string }): Promise<string> {
  const dataDir = options.dataDir ?? process.env.BADGES_DATA_DIR ?? '.data';
  let settings: IssuerSettings;
  try {
    settings = JSON.parse(
      readFileSync(join(dataDir, 'token-issuer', 'issuer.json'), 'utf8'),
    ) as IssuerSettings;
  } catch {
    throw new BadgeError(
      'LOCAL_CLOUD_NOT_STARTED',
      `no local token issuer has run on ${dataDir}: start the local cloud first`,
    );
  }
  const signer = await LocalTokenSigner.open({ dataDir, ...settings });
  const { dataDir: _ignored, ...issue } = options;
  return signer.issue(issue);
}

async function serve(
  signer: LocalTokenSigner,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const path = (request.url ?? '/').split('?')[0];
  if (request.method === 'GET' && path === '/.well-known/openid-configuration') {
    json(response, 200, {
      issuer: signer.issuer,
      jwks_uri: `${signer.issuer}/.well-known/jwks.json`,
      token_endpoint: `${signer.issuer}/token`,
      response_types_supported: ['token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: [SIGNING_ALGORITHM],
      scopes_supported: ['organizer', 'admin'],
    });
    return;
  }
  if (request.method === 'GET' && path === '/.well-known/jwks.json') {
    json(response, 200, signer.jwks());
    return;
  }
  if (request.method === 'POST' && path === '/token') {
    const body = await readBody(request, 16 * 1024);
    let input: { role?: unknown; subject?: unknown; expiresIn?: unknown };
    try {
      input = body.length === 0 ? {} : (JSON.parse(body.toString('utf8')) as typeof input);
    } catch {
      json(response, 400, { error: 'invalid_request', error_description: 'the body must be JSON' });
      return;
    }
    const role = input.role ?? 'organizer';
    if (role !== 'organizer' && role !== 'admin') {
      json(response, 400, { error: 'invalid_scope', error_description: 'role must be organizer or admin' });
      return;
    }
    const expiresIn = typeof input.expiresIn === 'number' ? input.expiresIn : 3600;
    const token = await signer.issue({
      role,
      expiresIn,
      ...(typeof input.subject === 'string' ? { subject: input.subject } : {}),
    });
    json(response, 200, { access_token: token, token_type: 'Bearer', expires_in: expiresIn });
    return;
  }
  json(response, 404, { error: 'not_found' });
}

function json(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  response.end(text);
}
