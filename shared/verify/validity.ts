import { CheckCode, type VerificationCheck } from './result.js';

/**
 * NOT_YET_VALID and EXPIRED from the credential's validity period (`validFrom`/`validUntil`, or the VCDM 1.1
 * names `issuanceDate`/`expirationDate`) and, for a VC-JWT, the `nbf`/`exp` claims (seconds since the epoch).
 * A bound that is present but unreadable fails its check: a verifier cannot vouch for a period it cannot read.
 */
export interface JwtValidityClaims {
  nbf?: unknown;
  exp?: unknown;
}

export function validityChecks(
  credential: Record<string, unknown>,
  now: Date,
  claims: JwtValidityClaims = {},
): VerificationCheck[] {
  const start = firstPresent(credential.validFrom, credential.issuanceDate);
  const end = firstPresent(credential.validUntil, credential.expirationDate);
  return [
    boundCheck(
      CheckCode.NOT_YET_VALID,
      [readDate(start, 'validFrom'), readEpoch(claims.nbf, 'nbf')],
      (at) => at > now,
      {
        failed: 'NOT_YET_VALID',
        describe: (at) => `valid from ${at.toISOString()}, after ${now.toISOString()}`,
      },
    ),
    boundCheck(
      CheckCode.EXPIRED,
      [readDate(end, 'validUntil'), readEpoch(claims.exp, 'exp')],
      (at) => at < now,
      {
        failed: 'EXPIRED',
        describe: (at) => `valid until ${at.toISOString()}, before ${now.toISOString()}`,
      },
    ),
  ];
}

type Bound = { present: false } | { present: true; date: Date | undefined; name: string };

function firstPresent(...values: unknown[]): unknown {
  return values.find((value) => value !== undefined);
}

function readDate(value: unknown, name: string): Bound {
  if (value === undefined) return { present: false };
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value))
    return { present: true, date: undefined, name };
  const time = Date.parse(value);
  return { present: true, date: Number.isFinite(time) ? new Date(time) : undefined, name };
}

function readEpoch(value: unknown, name: string): Bound {
  if (value === undefined) return { present: false };
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > 8.64e12) {
    return { present: true, date: undefined, name };
  }
  return { present: true, date: new Date(value * 1000), name };
}

function boundCheck(
  code: CheckCode,
  bounds: Bound[],
  violated: (at: Date) => boolean,
  text: { failed: string; describe: (at: Date) => string },
): VerificationCheck {
  const present = bounds.filter((bound): bound is Extract<Bound, { present: true }> => bound.present);
  if (present.length === 0) return { code, status: 'passed', message: 'no bound given' };
  for (const bound of present) {
    if (bound.date === undefined) {
      return {
        code,
        status: 'failed',
        reason: 'DATE_INVALID',
        message: `${bound.name} is not a valid date-time`,
      };
    }
  }
  for (const bound of present) {
    const at = bound.date as Date;
    if (violated(at))
      return { code, status: 'failed', reason: text.failed, message: `${bound.name}: ${text.describe(at)}` };
  }
  return { code, status: 'passed' };
}
