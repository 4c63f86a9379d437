import { describe, expect, it } from 'vitest';
import { verifyOb2 } from '../../../shared/ob2/verify.js';
import type { VerificationResult } from '../../../shared/verify/result.js';
import {
  fixtureFetcher,
  pngTextChunk,
  readFixture,
  readFixtureJson,
  servedAtItsId,
} from './fixture-documents.js';

// After every fixture's issue date and the "expired" fixtures' expiry, well before the "in future" one.
const now = new Date('2024-06-01T00:00:00Z');

function failures(result: VerificationResult): Array<{ code: string; reason: string | undefined }> {
  return result.checks.filter((c) => c.status === 'failed').map((c) => ({ code: c.code, reason: c.reason }));
}

function statusOf(result: VerificationResult, code: string): string[] {
  return result.checks.filter((c) => c.code === code).map((c) => c.status);
}

async function verifyHostedFixture(path: string, options: { recipientEmail?: string } = {}) {
  const assertion = readFixtureJson(path);
  const fetcher = fixtureFetcher(servedAtItsId(assertion));
  return verifyOb2({ kind: 'json', assertion }, { fetcher, now, ...options });
}

async function verifyJwtFixture(path: string) {
  const jws = readFixture(path).toString('utf8');
  return verifyOb2({ kind: 'jws', jws }, { fetcher: fixtureFetcher(), now });
}

describe('1EdTech OB 2.0 fixtures: valid', () => {
  it('verifies basic-assertion.json as a hosted assertion', async () => {
    const result = await verifyHostedFixture('basic-assertion.json');
    expect(failures(result)).toEqual([]);
    expect(result.verified).toBe(true);
    expect(result.format).toBe('ob2-hosted');
    for (const code of [
      'INPUT',
      'CONTEXT',
      'TYPE',
      'SCHEMA',
      'HOSTED',
      'STATUS',
      'NOT_YET_VALID',
      'EXPIRED',
    ]) {
      expect(statusOf(result, code)).toContain('passed');
    }
    expect(statusOf(result, 'PROOF')).toEqual(['skipped']);
  });

  it('verifies the hosted assertion baked into simple-badge.png', async () => {
    const payload = pngTextChunk(readFixture('simple-badge.png'), 'openbadges');
    expect(payload).toBeDefined();
    const assertion = JSON.parse(payload as string);
    const fetcher = fixtureFetcher(servedAtItsId(assertion));
    const result = await verifyOb2({ kind: 'json', assertion }, { fetcher, now });
    expect(failures(result)).toEqual([]);
    expect(result.verified).toBe(true);
  });

  it('verifies assets/badgeclass1.json (inline context) as a BadgeClass', async () => {
    const badge = readFixtureJson('assets/badgeclass1.json');
    const result = await verifyOb2({ kind: 'json', assertion: badge }, { fetcher: fixtureFetcher(), now });
    expect(failures(result)).toEqual([]);
    expect(result.verified).toBe(true);
    expect(statusOf(result, 'CONTEXT')).toEqual(['passed']);
  });

  it('verifies assets/badge-with-data-image.json: a data: image is allowed on a BadgeClass', async () => {
    const badge = readFixtureJson('assets/badge-with-data-image.json');
    const result = await verifyOb2({ kind: 'json', assertion: badge }, { fetcher: fixtureFetcher(), now });
    expect(failures(result)).toEqual([]);
    expect(result.verified).toBe(true);
  });

  it.each(['simple.jwt', 'simple-not-revoked.jwt'])('verifies the signed assertion %s', async (path) => {
    const result = await verifyJwtFixture(path);
    expect(failures(result)).toEqual([]);
    expect(result.verified).toBe(true);
    expect(result.format).toBe('ob2-signed');
    expect(statusOf(result, 'PROOF')).toEqual(['passed']);
    expect(statusOf(result, 'KEY_BINDING')).toEqual(['passed']);
    expect(statusOf(result, 'STATUS')).toEqual(['passed']);
  });

  it.each([
    'basic-assertion-with-allowed-origins.json',
    'basic-assertion-with-allowed-origins-valid-starts-with.json',
    'basic-assertion-with-allowed-origins-valid-multiple-starts-with.json',
  ])("verifies %s under the issuer's hosted verification policy", async (path) => {
    const result = await verifyHostedFixture(path);
    expect(failures(result)).toEqual([]);
    expect(result.verified).toBe(true);
  });
});

describe("1EdTech OB 2.0 fixtures: more of the validator's own test cases", () => {
  it.each(['basic-assertion-no-public-key.json', 'basic-assertion-with-language.json'])(
    'verifies %s',
    async (path) => {
      const result = await verifyHostedFixture(path);
      expect(failures(result)).toEqual([]);
      expect(result.checks.filter((c) => c.status === 'warning')).toEqual([]);
    },
  );

  it.each([
    ['warning-with-redirection.json', ['DOCUMENT_ID_DIFFERS_FROM_URL']],
    ['warning-issuer-non-http.json', ['DOCUMENT_ID_DIFFERS_FROM_URL', 'ISSUER_NOT_HTTP']],
  ])('verifies %s with HOSTED warnings %j', async (path, reasons) => {
    const result = await verifyHostedFixture(path);
    expect(result.verified).toBe(true);
    const warnings = result.checks.filter((c) => c.status === 'warning');
    expect(warnings.map((c) => [c.code, c.reason])).toEqual(reasons.map((reason) => ['HOSTED', reason]));
  });

  it('verifies issuer-compact-iri-validation.json as an issuer Profile', async () => {
    const issuer = readFixtureJson('issuer-compact-iri-validation.json');
    const result = await verifyOb2({ kind: 'json', assertion: issuer }, { fetcher: fixtureFetcher(), now });
    expect(failures(result)).toEqual([]);
    expect(statusOf(result, 'SCHEMA')).toEqual(['passed']);
  });
});

describe('1EdTech OB 2.0 fixtures: invalid, for the expected reason', () => {
  it('rejects simple-revoked.jwt: listed in the issuer RevocationList', async () => {
    const result = await verifyJwtFixture('simple-revoked.jwt');
    expect(result.verified).toBe(false);
    expect(failures(result)).toEqual([{ code: 'STATUS', reason: 'REVOKED' }]);
    expect(statusOf(result, 'PROOF')).toEqual(['passed']);
  });

  it.each([
    ['basic-assertion-expired.json', 'EXPIRED', 'EXPIRED'],
    ['basic-assertion-expired-before-issued.json', 'EXPIRED', 'EXPIRES_BEFORE_ISSUED'],
    ['basic-assertion-in-future.json', 'NOT_YET_VALID', 'ISSUED_IN_FUTURE'],
    ['basic-assertion-invalid-context.json', 'CONTEXT', 'CONTEXT_NOT_OB2'],
    ['basic-assertion-invalid-type.json', 'TYPE', 'TYPE_MISMATCH'],
    ['assertion-with-data-image.json', 'SCHEMA', 'DATA_URI_IMAGE_ON_ASSERTION'],
    ['basic-assertion-with-allowed-origins-invalid-starts-with.json', 'HOSTED', 'ORIGIN_NOT_ALLOWED'],
    [
      'basic-assertion-with-allowed-origins-invalid-multiple-starts-with.json',
      'HOSTED',
      'ORIGIN_NOT_ALLOWED',
    ],
  ])('rejects %s with %s / %s', async (path, code, reason) => {
    const result = await verifyHostedFixture(path);
    expect(result.verified).toBe(false);
    expect(failures(result)).toEqual([{ code, reason }]);
  });

  it('finds basic-assertion-expired.json valid at a time before its expiry', async () => {
    const assertion = readFixtureJson('basic-assertion-expired.json');
    const fetcher = fixtureFetcher(servedAtItsId(assertion));
    const before = new Date('2020-01-01T00:00:00Z');
    const result = await verifyOb2({ kind: 'json', assertion }, { fetcher, now: before });
    expect(failures(result)).toEqual([]);
  });
});

describe('1EdTech OB 2.0 fixtures: recipient', () => {
  it('matches the hashed recipient of basic-assertion.json against its email', async () => {
    const result = await verifyHostedFixture('basic-assertion.json', {
      recipientEmail: 'nobody@example.org',
    });
    expect(statusOf(result, 'RECIPIENT')).toEqual(['passed']);
    expect(result.verified).toBe(true);
  });

  it('fails RECIPIENT for another email', async () => {
    const result = await verifyHostedFixture('basic-assertion.json', {
      recipientEmail: 'somebody@example.org',
    });
    expect(failures(result)).toEqual([{ code: 'RECIPIENT', reason: 'RECIPIENT_MISMATCH' }]);
  });
});
