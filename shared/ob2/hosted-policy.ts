import { isObject, type JsonObject, listOf } from './values.js';

/**
 * The issuer's hosted verification policy (OB 2.0 VerificationObject on the issuer Profile): a hosted assertion's
 * id must start with one of `startsWith`, and its host must be one of `allowedOrigins`, which defaults to the host
 * of the issuer's own id. An issuer without an http(s) id has no origin to enforce: a warning, as in 1EdTech's
 * validator.
 */
export type HostedPolicyVerdict =
  | { status: 'passed'; message: string }
  | { status: 'warning'; reason: 'ISSUER_NOT_HTTP'; message: string }
  | { status: 'failed'; reason: 'ORIGIN_NOT_ALLOWED'; message: string };

export function checkHostedPolicy(assertionId: string, issuer: JsonObject): HostedPolicyVerdict {
  const issuerId = typeof issuer.id === 'string' ? issuer.id : '';
  const policy = isObject(issuer.verification) ? issuer.verification : {};

  const prefixes = listOf(policy.startsWith).filter((value): value is string => typeof value === 'string');
  if (prefixes.length > 0 && !prefixes.some((prefix) => assertionId.startsWith(prefix))) {
    return {
      status: 'failed',
      reason: 'ORIGIN_NOT_ALLOWED',
      message: `assertion id ${assertionId} does not start with any of the issuer's startsWith values`,
    };
  }

  const declaredOrigins = listOf(policy.allowedOrigins).filter(
    (value): value is string => typeof value === 'string',
  );
  const defaultOrigin = authorityOf(issuerId);
  const allowedOrigins = declaredOrigins.length > 0 ? declaredOrigins : defaultOrigin ? [defaultOrigin] : [];
  if (allowedOrigins.length === 0 || !/^https?:/.test(issuerId)) {
    return {
      status: 'warning',
      reason: 'ISSUER_NOT_HTTP',
      message: `issuer ${issuerId} has no http(s) origin to enforce the hosted verification policy against`,
    };
  }
  const assertionOrigin = authorityOf(assertionId);
  if (assertionOrigin === undefined || !allowedOrigins.includes(assertionOrigin)) {
    return {
      status: 'failed',
      reason: 'ORIGIN_NOT_ALLOWED',
      message: `assertion ${assertionId} is not hosted on an allowed origin (${allowedOrigins.join(', ')})`,
    };
  }
  return { status: 'passed', message: `assertion is hosted on an allowed origin (${assertionOrigin})` };
}

/** host[:port] of an http(s) URL, as the validator compares origins. */
function authorityOf(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.host : undefined;
  } catch {
    return undefined;
  }
}
