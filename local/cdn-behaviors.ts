import type { CdnBehaviorConfig, ResponseHeadersPolicyConfig } from './cloud-config.js';

/**
 * What CloudFront decides per request without the origin: which cache behavior applies to a path, and how a
 * response headers policy changes the origin's headers (CloudFront developer guide, "Cache behavior
 * settings: path pattern" and "Understand response headers policies").
 */

export type HeaderMap = Map<string, string | string[]>;

/** Path patterns are case-sensitive; `*` matches any run of characters (slashes included), `?` exactly one. */
export function pathPatternMatches(pattern: string, path: string): boolean {
  const normalized = pattern.startsWith('/') || pattern === '*' ? pattern : `/${pattern}`;
  let expression = '^';
  for (const character of normalized) {
    if (character === '*') expression += '.*';
    else if (character === '?') expression += '.';
    else expression += character.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`${expression}$`, 's').test(path);
}

/** The first behavior whose pattern matches, in the distribution's order; the default behavior (`*`) last. */
export function selectBehavior(behaviors: CdnBehaviorConfig[], path: string): CdnBehaviorConfig {
  const found = behaviors.find((behavior) => pathPatternMatches(behavior.pathPattern, path));
  // The default behavior's `*` matches every path, so this only guards an empty list.
  return found ?? (behaviors[behaviors.length - 1] as CdnBehaviorConfig);
}

function originAllowed(policy: NonNullable<ResponseHeadersPolicyConfig['cors']>, origin: string): boolean {
  return policy.allowOrigins.some((allowed) => {
    if (allowed === '*') return true;
    if (allowed.includes('*')) return pathPatternMatches(allowed, origin);
    return allowed.toLowerCase() === origin.toLowerCase();
  });
}

function setHeader(headers: HeaderMap, name: string, value: string, override: boolean): void {
  if (override || !headers.has(name)) headers.set(name, value);
}

/**
 * Applies a response headers policy to a response's headers (names lower-case): removes the listed headers,
 * adds the security and custom headers (replacing the origin's only where the policy says override), and, for
 * a cross-origin request the policy allows, the CORS headers. A preflight also gets the allowed methods and
 * headers and the max age.
 */
export function applyResponseHeadersPolicy(
  headers: HeaderMap,
  policy: ResponseHeadersPolicyConfig | undefined,
  request: { origin: string | undefined; preflight: boolean },
): void {
  if (!policy) return;
  for (const name of policy.removeHeaders) headers.delete(name);
  for (const [name, header] of Object.entries(policy.securityHeaders))
    setHeader(headers, name, header.value, header.override);
  for (const [name, header] of Object.entries(policy.customHeaders))
    setHeader(headers, name, header.value, header.override);

  const cors = policy.cors;
  if (!cors || request.origin === undefined || !originAllowed(cors, request.origin)) return;
  const override = cors.originOverride;
  const allowOrigin = cors.allowOrigins.includes('*') && !cors.allowCredentials ? '*' : request.origin;
  setHeader(headers, 'access-control-allow-origin', allowOrigin, override);
  if (cors.allowCredentials) setHeader(headers, 'access-control-allow-credentials', 'true', override);
  if (cors.exposeHeaders.length > 0) {
    setHeader(headers, 'access-control-expose-headers', cors.exposeHeaders.join(', '), override);
  }
  if (request.preflight) {
    const methods = cors.allowMethods.includes('ALL')
      ? ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE']
      : cors.allowMethods;
    setHeader(headers, 'access-control-allow-methods', methods.join(', '), override);
    if (cors.allowHeaders.length > 0) {
      setHeader(headers, 'access-control-allow-headers', cors.allowHeaders.join(', '), override);
    }
    if (cors.maxAgeSeconds !== undefined) {
      setHeader(headers, 'access-control-max-age', String(cors.maxAgeSeconds), override);
    }
  }
}

/** `If-None-Match` against an ETag, weak comparison as RFC 9110 §13.1.2 asks for GET and HEAD. */
export function etagMatches(ifNoneMatch: string, etag: string | undefined): boolean {
  if (ifNoneMatch.trim() === '*') return etag !== undefined;
  if (etag === undefined) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((candidate) => opaque(candidate) === opaque(etag));
}
