import { createRemoteJWKSet, errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { apiError } from './api-error.js';

/**
 * The organiser's identity, checked in the function as well as by API Gateway's JWT authorizer (defence in
 * depth: a misconfigured route or a direct invocation still needs a valid token). Roles come from the
 * `cognito:groups` claim, a `roles` claim, or the `scope` claim: Cognito user pool groups, other OIDC providers
 * and the local token issuer all fit. An admin is an organiser too.
 */
export type Role = 'organizer' | 'admin';
export const ROLES: readonly Role[] = ['organizer', 'admin'];

export interface Principal {
  subject: string;
  roles: ReadonlySet<Role>;
}

export interface AccessTokenVerifier {
  verify(authorization: string | undefined): Promise<Principal>;
}

/** API Gateway accepts RSA signatures only; ES256 is what the local token issuer signs with. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'ES256'];

export interface JwtSettings {
  issuer: string;
  audience: readonly string[];
  /** The issuer's keys; by default its JWKS at `<issuer>/.well-known/jwks.json`, fetched once and cached. */
  keys?: JWTVerifyGetKey;
  now?: () => Date;
}

export function jwksUrlOf(issuer: string): URL {
  return new URL(`${issuer.replace(/\/+$/, '')}/.well-known/jwks.json`);
}

export function joseAccessTokenVerifier(settings: JwtSettings): AccessTokenVerifier {
  const keys =
    settings.keys ??
    createRemoteJWKSet(jwksUrlOf(settings.issuer), {
      cacheMaxAge: 10 * 60_000,
      cooldownDuration: 30_000,
      timeoutDuration: 5_000,
    });
  return {
    async verify(authorization) {
      const token = bearerToken(authorization);
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          issuer: settings.issuer,
          algorithms: ALGORITHMS,
          requiredClaims: ['exp', 'sub'],
          ...(settings.now ? { currentDate: settings.now() } : {}),
        }));
      } catch (error) {
        throw unauthorized(
          error instanceof errors.JWTExpired
            ? 'the access token has expired'
            : 'the access token is not valid',
        );
      }
      // Cognito access tokens carry the app client in `client_id` and no `aud`; ID tokens and others carry `aud`.
      const audiences = [
        ...(Array.isArray(payload.aud) ? payload.aud : payload.aud === undefined ? [] : [payload.aud]),
        ...(typeof payload.client_id === 'string' ? [payload.client_id] : []),
      ];
      if (!audiences.some((audience) => settings.audience.includes(audience))) {
        throw unauthorized('the access token is not for this API');
      }
      return { subject: String(payload.sub), roles: rolesOf(payload) };
    },
  };
}

function bearerToken(authorization: string | undefined): string {
  const match = /^\s*bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(authorization ?? '');
  if (!match) throw unauthorized('an access token is required: Authorization: Bearer <token>');
  return match[1] as string;
}

function unauthorized(message: string) {
  return apiError('UNAUTHORIZED', 401, message);
}

/** The product's roles named by a token, from any of the claims providers use for them. */
export function rolesOf(payload: JWTPayload): Set<Role> {
  const named = new Set<string>();
  const add = (value: unknown) => {
    if (Array.isArray(value)) for (const item of value) named.add(String(item));
    else if (typeof value === 'string') for (const item of value.split(/\s+/)) if (item) named.add(item);
  };
  add(payload['cognito:groups']);
  add(payload.roles);
  add(payload.scope);
  const roles = new Set<Role>();
  if (named.has('admin')) roles.add('admin').add('organizer');
  if (named.has('organizer')) roles.add('organizer');
  return roles;
}

/** 403 unless the principal holds the role. */
export function requireRole(principal: Principal, role: Role): void {
  if (!principal.roles.has(role)) {
    throw apiError('FORBIDDEN', 403, `this operation needs the ${role} role`);
  }
}
