import { readFileSync } from 'node:fs';
import { createLocalJWKSet, importJWK, type JWK, type JWTPayload, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import type { JwtAuthorizerConfig } from '../../../local/cloud-config.js';
import { authorize, renderClaim } from '../../../local/jwt-authorizer.js';

// Fixed keys and a frozen clock: every outcome below is reproducible.
const keys = JSON.parse(
  readFileSync(new URL('../../fixtures/local/authorizer-test-keys.json', import.meta.url), 'utf8'),
) as Record<'trusted' | 'untrusted' | 'trustedRsa', JWK>;
const publicJwk = ({ d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...rest }: JWK): JWK => rest;
const issuer = 'https://issuer.example.org/';
const jwks = createLocalJWKSet({ keys: [publicJwk(keys.trusted), publicJwk(keys.trustedRsa)] });
const issuerKeys = (candidate: string) => (candidate === issuer ? jwks : undefined);
const nowSeconds = 1_800_000_000;
const now = () => new Date(nowSeconds * 1000);

const authorizer: JwtAuthorizerConfig = {
  type: 'JWT',
  name: 'Organizers',
  issuer,
  audience: ['badges-api'],
  identitySource: ['$request.header.Authorization'],
};

async function token(claims: JWTPayload, key: JWK = keys.trusted): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg as string, kid: key.kid as string })
    .sign(await importJWK(key, key.alg));
}

const valid: JWTPayload = {
  iss: issuer,
  aud: 'badges-api',
  sub: 'organizer-1',
  iat: nowSeconds - 60,
  exp: nowSeconds + 3600,
  scope: 'organizer admin',
  'cognito:groups': ['organizer', 'admin'],
};

function check(authorization: string | undefined, scopes: string[] = []) {
  const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
  return authorize({ headers, queryStringParameters: undefined }, authorizer, scopes, issuerKeys, now);
}

describe('the JWT authorizer', () => {
  it('lets a valid token through with its claims rendered as API Gateway renders them', async () => {
    const outcome = await check(`Bearer ${await token(valid)}`);
    expect(outcome).toEqual({
      allowed: true,
      claims: {
        iss: issuer,
        aud: 'badges-api',
        sub: 'organizer-1',
        iat: String(nowSeconds - 60),
        exp: String(nowSeconds + 3600),
        scope: 'organizer admin',
        'cognito:groups': '[organizer admin]',
      },
      scopes: ['organizer', 'admin'],
    });
  });

  it('accepts the token without the Bearer prefix, and RS256 tokens', async () => {
    expect((await check(await token(valid))).allowed).toBe(true);
    expect((await check(`Bearer ${await token(valid, keys.trustedRsa)}`)).allowed).toBe(true);
  });

  it('accepts client_id in place of aud, as access tokens carry it', async () => {
    const { aud: _aud, ...rest } = valid;
    expect((await check(`Bearer ${await token({ ...rest, client_id: 'badges-api' })}`)).allowed).toBe(true);
  });

  it.each([
    ['no token', async () => undefined],
    ['a malformed token', async () => 'Bearer not.a.jwt'],
    ['an expired token', async () => `Bearer ${await token({ ...valid, exp: nowSeconds - 1 })}`],
    ['a token without exp', async () => `Bearer ${await token({ ...valid, exp: undefined })}`],
    ['a token not valid yet (nbf)', async () => `Bearer ${await token({ ...valid, nbf: nowSeconds + 600 })}`],
    [
      'a token issued in the future',
      async () => `Bearer ${await token({ ...valid, iat: nowSeconds + 600 })}`,
    ],
    ['the wrong audience', async () => `Bearer ${await token({ ...valid, aud: 'another-api' })}`],
    ['the wrong issuer', async () => `Bearer ${await token({ ...valid, iss: 'https://evil.example.org/' })}`],
    ['a signature by another key', async () => `Bearer ${await token(valid, keys.untrusted)}`],
  ])('answers 401 Unauthorized for %s', async (_case, authorization) => {
    const outcome = await check(await authorization());
    expect(outcome).toMatchObject({ allowed: false, statusCode: 401, message: 'Unauthorized' });
  });

  it('says why in WWW-Authenticate when the token expired', async () => {
    const outcome = await check(`Bearer ${await token({ ...valid, exp: nowSeconds - 1 })}`);
    expect(outcome.allowed === false && outcome.wwwAuthenticate).toBe(
      'Bearer error="invalid_token" error_description="the token has expired"',
    );
  });

  it('answers 403 Forbidden when the route requires a scope the token lacks', async () => {
    const organizer = await token({ ...valid, scope: 'organizer' });
    expect(await check(`Bearer ${organizer}`, ['admin'])).toMatchObject({
      allowed: false,
      statusCode: 403,
      message: 'Forbidden',
    });
    expect((await check(`Bearer ${organizer}`, ['admin', 'organizer'])).allowed).toBe(true);
  });

  it('answers 401 when it has no keys for the issuer rather than fetching them', async () => {
    const outcome = await authorize(
      { headers: { authorization: `Bearer ${await token(valid)}` }, queryStringParameters: undefined },
      authorizer,
      [],
      () => undefined,
      now,
    );
    expect(outcome).toMatchObject({ allowed: false, statusCode: 401 });
  });
});

describe('rendering claims', () => {
  it.each([
    ['text', 'text'],
    [1_700_000_000, '1700000000'],
    [true, 'true'],
    [['a', 'b'], '[a b]'],
    [{ b: 1, a: 'x' }, 'map[a:x b:1]'],
  ])('renders %j as %j', (value, expected) => {
    expect(renderClaim(value)).toBe(expected);
  });
});
