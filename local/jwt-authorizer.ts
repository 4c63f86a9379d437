import { errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { JwtAuthorizerConfig } from './cloud-config.js';

/**
 * API Gateway's JWT authorizer (developer guide, "Control access to HTTP APIs with JWT authorizers"): the
 * token comes from the identity source, with or without `Bearer `; its signature must verify against the
 * issuer's keys (`kid` must name one); `iss` must equal the configured issuer; `aud` or `client_id` must be
 * one of the configured audiences; `exp` must be in the future, `nbf` and `iat` in the past; and when the
 * route lists scopes, `scope`/`scp` must hold one of them. Failures answer 401 `{"message":"Unauthorized"}`
 * (403 `{"message":"Forbidden"}` for missing scopes) without calling the handler. The handler sees every
 * claim as a string, arrays as `[a b]`, as API Gateway renders them.
 *
 * API Gateway accepts only RSA signatures; the local issuer signs with ES256, so ES256 is accepted too.
 */

/** Finds the verification keys of an issuer; undefined when the local cloud has none (it never fetches). */
export type IssuerKeys = (issuer: string) => JWTVerifyGetKey | undefined;

export const ACCEPTED_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'ES256'];

export type AuthorizerOutcome =
  | { allowed: true; claims: Record<string, string>; scopes: string[] | null }
  | {
      allowed: false;
      statusCode: 401 | 403;
      message: 'Unauthorized' | 'Forbidden';
      wwwAuthenticate: string | undefined;
      reason: string;
    };

export interface AuthorizeRequest {
  headers: Record<string, string>;
  queryStringParameters: Record<string, string> | undefined;
}

function deny(reason: string, description?: string): AuthorizerOutcome {
  return {
    allowed: false,
    statusCode: 401,
    message: 'Unauthorized',
    wwwAuthenticate:
      description === undefined
        ? 'Bearer'
        : `Bearer error="invalid_token" error_description="${description}"`,
    reason,
  };
}

function identity(request: AuthorizeRequest, source: string): string | undefined {
  const header = /^\$request\.header\.(.+)$/.exec(source);
  if (header) return request.headers[(header[1] as string).toLowerCase()];
  const query = /^\$request\.querystring\.(.+)$/.exec(source);
  if (query) return request.queryStringParameters?.[query[1] as string];
  return undefined;
}

/** `scope` is space-separated (RFC 6749 §3.3); `scp` is a list or a space-separated string. */
export function tokenScopes(payload: JWTPayload): string[] | null {
  const raw = payload.scope ?? payload.scp;
  if (raw === undefined) return null;
  if (Array.isArray(raw)) return raw.map(String);
  return String(raw).split(' ').filter(Boolean);
}

/** API Gateway renders claims as strings: numbers in full, lists as `[a b c]`, objects as `map[k:v]`. */
export function renderClaim(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(renderClaim).join(' ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => a.localeCompare(b));
    return `map[${entries.map(([key, item]) => `${key}:${renderClaim(item)}`).join(' ')}]`;
  }
  return '';
}

export async function authorize(
  request: AuthorizeRequest,
  authorizer: JwtAuthorizerConfig,
  routeScopes: string[],
  issuerKeys: IssuerKeys,
  now: () => Date = () => new Date(),
): Promise<AuthorizerOutcome> {
  const source = authorizer.identitySource[0] ?? '$request.header.Authorization';
  const presented = identity(request, source)?.trim();
  if (!presented) return deny('no token');
  const token = /^bearer\s+/i.test(presented) ? presented.replace(/^bearer\s+/i, '') : presented;
  const keys = issuerKeys(authorizer.issuer);
  if (!keys) return deny(`no keys for issuer ${authorizer.issuer}`, 'the issuer is not trusted');

  const currentDate = now();
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keys, {
      issuer: authorizer.issuer,
      algorithms: ACCEPTED_ALGORITHMS,
      requiredClaims: ['exp'],
      currentDate,
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) return deny('expired', 'the token has expired');
    if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'iss') {
      return deny('wrong issuer', 'the token does not have a valid issuer');
    }
    return deny(error instanceof Error ? error.message : 'invalid token', 'the token is not valid');
  }
  const nowSeconds = Math.floor(currentDate.getTime() / 1000);
  if (typeof payload.iat === 'number' && payload.iat > nowSeconds) {
    return deny('issued in the future', 'the token is not valid yet');
  }
  const audiences = [
    ...(Array.isArray(payload.aud) ? payload.aud : payload.aud === undefined ? [] : [payload.aud]),
    ...(typeof payload.client_id === 'string' ? [payload.client_id] : []),
  ];
  if (!audiences.some((audience) => authorizer.audience.includes(audience))) {
    return deny('wrong audience', 'the token does not have a valid audience');
  }
  const scopes = tokenScopes(payload);
  if (routeScopes.length > 0 && !(scopes ?? []).some((scope) => routeScopes.includes(scope))) {
    return {
      allowed: false,
      statusCode: 403,
      message: 'Forbidden',
      wwwAuthenticate: undefined,
      reason: 'missing scope',
    };
  }
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) claims[name] = renderClaim(value);
  return { allowed: true, claims, scopes };
}
