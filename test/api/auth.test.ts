import { createLocalJWKSet, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AccessTokenVerifier, joseAccessTokenVerifier, rolesOf } from '../../shared/api/auth.js';
import { isBadgeError } from '../../shared/errors.js';

const ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_TEST';
const CLIENT = 'client-123';
const NOW = new Date('2026-03-01T12:00:00Z');
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

type SigningKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
let privateKey: SigningKey;
let otherKey: SigningKey;
let publicJwk: JWK;
let verifier: AccessTokenVerifier;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  privateKey = pair.privateKey;
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256' };
  ({ privateKey: otherKey } = await generateKeyPair('RS256'));
  verifier = joseAccessTokenVerifier({
    issuer: ISSUER,
    audience: [CLIENT],
    keys: createLocalJWKSet({ keys: [publicJwk] }),
    now: () => NOW,
  });
});

function token(
  claims: Record<string, unknown>,
  options: { key?: SigningKey; issuer?: string; expiresAt?: Date } = {},
) {
  return new SignJWT({ sub: 'user-1', ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer(options.issuer ?? ISSUER)
    .setIssuedAt(seconds(NOW) - 60)
    .setExpirationTime(seconds(options.expiresAt ?? new Date(NOW.getTime() + 3_600_000)))
    .sign(options.key ?? privateKey);
}

async function refusal(authorization: string | undefined): Promise<string> {
  try {
    await verifier.verify(authorization);
    return 'accepted';
  } catch (error) {
    return isBadgeError(error) ? `${error.status} ${error.code}` : 'other';
  }
}

describe('verifying access tokens in the function', () => {
  it('accepts a Cognito access token (audience in client_id) and reads its groups as roles', async () => {
    const principal = await verifier.verify(
      `Bearer ${await token({ client_id: CLIENT, 'cognito:groups': ['organizer'], token_use: 'access' })}`,
    );
    expect(principal.subject).toBe('user-1');
    expect([...principal.roles]).toEqual(['organizer']);
  });

  it('accepts an OIDC token whose aud names the API', async () => {
    const principal = await verifier.verify(
      `Bearer ${await token({ aud: ['other', CLIENT], roles: ['admin'] })}`,
    );
    expect([...principal.roles].sort()).toEqual(['admin', 'organizer']);
  });

  it('refuses a missing or malformed Authorization header', async () => {
    expect(await refusal(undefined)).toBe('401 UNAUTHORIZED');
    expect(await refusal('Basic dXNlcjpwYXNz')).toBe('401 UNAUTHORIZED');
    expect(await refusal('Bearer not a token')).toBe('401 UNAUTHORIZED');
  });

  it('refuses tokens that are expired, from another issuer, for another audience, or signed by another key', async () => {
    expect(
      await refusal(
        `Bearer ${await token({ client_id: CLIENT }, { expiresAt: new Date(NOW.getTime() - 1000) })}`,
      ),
    ).toBe('401 UNAUTHORIZED');
    expect(
      await refusal(`Bearer ${await token({ client_id: CLIENT }, { issuer: 'https://evil.example.org' })}`),
    ).toBe('401 UNAUTHORIZED');
    expect(await refusal(`Bearer ${await token({ client_id: 'another-client', aud: 'another-api' })}`)).toBe(
      '401 UNAUTHORIZED',
    );
    expect(await refusal(`Bearer ${await token({ client_id: CLIENT }, { key: otherKey })}`)).toBe(
      '401 UNAUTHORIZED',
    );
  });

  it('refuses an unsigned token and a tampered payload', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({ sub: 'x', iss: ISSUER, client_id: CLIENT, exp: seconds(NOW) + 60, scope: 'admin' }),
    ).toString('base64url');
    expect(await refusal(`Bearer ${header}.${payload}.`)).toBe('401 UNAUTHORIZED');
    const [h, , s] = (await token({ client_id: CLIENT, scope: 'organizer' })).split('.');
    expect(await refusal(`Bearer ${h}.${payload}.${s}`)).toBe('401 UNAUTHORIZED');
  });
});

describe('roles', () => {
  it('come from cognito:groups, roles or scope, and an admin is an organiser too', () => {
    expect([...rolesOf({ 'cognito:groups': ['admin'] })].sort()).toEqual(['admin', 'organizer']);
    expect([...rolesOf({ scope: 'openid organizer' })]).toEqual(['organizer']);
    expect([...rolesOf({ roles: 'admin' })].sort()).toEqual(['admin', 'organizer']);
    expect([...rolesOf({ scope: 'openid profile', 'cognito:groups': ['staff'] })]).toEqual([]);
  });
});
