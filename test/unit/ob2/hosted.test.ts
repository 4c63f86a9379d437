import { describe, expect, it } from 'vitest';
import { verifyOb2 } from '../../../shared/ob2/verify.js';
import type { VerificationResult } from '../../../shared/verify/result.js';
import {
  assertionDocument,
  issuerDocument,
  layout,
  NOW,
  RECIPIENT_EMAIL,
  siteFetcher,
} from './issuer-site.js';

const assertionUrl = layout.assertion('a-7f3e');
const hosted = () => assertionDocument(assertionUrl, { type: 'hosted' });

function failures(result: VerificationResult) {
  return result.checks.filter((c) => c.status === 'failed').map((c) => ({ code: c.code, reason: c.reason }));
}

describe('hosted OB 2.0 assertions built by this product', () => {
  it('verify from their JSON, with the recipient email', async () => {
    const assertion = hosted();
    const fetcher = siteFetcher({ [assertionUrl]: assertion });
    const result = await verifyOb2(
      { kind: 'json', assertion },
      { fetcher, now: NOW, recipientEmail: ` ${RECIPIENT_EMAIL.toUpperCase()} ` },
    );
    expect(failures(result)).toEqual([]);
    expect(result.verified).toBe(true);
    expect(result.format).toBe('ob2-hosted');
    expect(result.checks.find((c) => c.code === 'RECIPIENT')?.status).toBe('passed');
    expect(result.checks.filter((c) => c.status === 'warning')).toEqual([]);
  });

  it('verify from the URL they are hosted at', async () => {
    const fetcher = siteFetcher({ [assertionUrl]: hosted() });
    const result = await verifyOb2({ kind: 'url', url: assertionUrl }, { fetcher, now: NOW });
    expect(failures(result)).toEqual([]);
    expect(result.verified).toBe(true);
    expect(result.credential).toEqual(hosted());
  });

  it('are revoked when their id answers 410 Gone', async () => {
    const gone = { [assertionUrl]: { body: JSON.stringify({ revoked: true }), status: 410 } };
    const fetcher = siteFetcher({}, gone);
    const fromJson = await verifyOb2({ kind: 'json', assertion: hosted() }, { fetcher, now: NOW });
    expect(failures(fromJson)).toEqual([{ code: 'STATUS', reason: 'REVOKED' }]);
    const fromUrl = await verifyOb2({ kind: 'url', url: assertionUrl }, { fetcher, now: NOW });
    expect(failures(fromUrl)).toEqual([{ code: 'STATUS', reason: 'REVOKED' }]);
  });

  it('are revoked when their id serves revoked: true', async () => {
    const fetcher = siteFetcher({ [assertionUrl]: { id: assertionUrl, revoked: true } });
    const fromJson = await verifyOb2({ kind: 'json', assertion: hosted() }, { fetcher, now: NOW });
    expect(failures(fromJson)).toEqual([{ code: 'STATUS', reason: 'REVOKED' }]);
    const fromUrl = await verifyOb2({ kind: 'url', url: assertionUrl }, { fetcher, now: NOW });
    expect(failures(fromUrl)).toEqual([{ code: 'STATUS', reason: 'REVOKED' }]);
  });

  it('fail HOSTED when the document at their id is a different assertion', async () => {
    const published = hosted();
    const presented = { ...published, issuedOn: '2025-01-01T00:00:00Z' };
    const fetcher = siteFetcher({ [assertionUrl]: published });
    const result = await verifyOb2({ kind: 'json', assertion: presented }, { fetcher, now: NOW });
    expect(failures(result)).toEqual([{ code: 'HOSTED', reason: 'HOSTED_ASSERTION_MISMATCH' }]);
  });

  it('fail HOSTED when nothing is hosted at their id', async () => {
    const result = await verifyOb2(
      { kind: 'json', assertion: hosted() },
      { fetcher: siteFetcher(), now: NOW },
    );
    expect(failures(result)).toEqual([{ code: 'HOSTED', reason: 'ASSERTION_UNAVAILABLE' }]);
  });

  it("fail HOSTED when hosted outside the issuer's origin", async () => {
    const elsewhere = 'https://evil.example.net/credentials/a-7f3e.ob2.json';
    const assertion = assertionDocument(elsewhere, { type: 'hosted' });
    const fetcher = siteFetcher({ [elsewhere]: assertion });
    const result = await verifyOb2({ kind: 'json', assertion }, { fetcher, now: NOW });
    expect(failures(result)).toEqual([{ code: 'HOSTED', reason: 'ORIGIN_NOT_ALLOWED' }]);
  });

  it('fail HOSTED when the BadgeClass is not at its id', async () => {
    const assertion = hosted();
    const fetcher = siteFetcher(
      { [assertionUrl]: assertion },
      { [layout.badgeClass('witness')]: { body: 'not found', status: 404 } },
    );
    const result = await verifyOb2({ kind: 'json', assertion }, { fetcher, now: NOW });
    expect(failures(result)).toEqual([{ code: 'HOSTED', reason: 'DOCUMENT_UNAVAILABLE' }]);
  });

  it('fail SCHEMA when the issuer Profile lacks a required property', async () => {
    const assertion = hosted();
    const { email: _email, ...issuerWithoutEmail } = issuerDocument();
    const fetcher = siteFetcher({ [assertionUrl]: assertion, [layout.ob2Issuer]: issuerWithoutEmail });
    const result = await verifyOb2({ kind: 'json', assertion }, { fetcher, now: NOW });
    expect(failures(result)).toEqual([{ code: 'SCHEMA', reason: 'PROPERTY_MISSING' }]);
    expect(result.checks.find((c) => c.status === 'failed')?.message).toContain('email');
  });

  it('are revoked when the issuer RevocationList names them', async () => {
    const assertion = hosted();
    const revocations = {
      '@context': 'https://w3id.org/openbadges/v2',
      type: 'RevocationList',
      id: layout.revocationList,
      revokedAssertions: [assertionUrl],
    };
    const fetcher = siteFetcher({ [assertionUrl]: assertion, [layout.revocationList]: revocations });
    const result = await verifyOb2({ kind: 'json', assertion }, { fetcher, now: NOW });
    expect(failures(result)).toEqual([{ code: 'STATUS', reason: 'REVOKED' }]);
  });

  it('fail EXPIRED after their expiry date', async () => {
    const assertion = { ...hosted(), expires: '2025-05-01T00:00:00Z' };
    const fetcher = siteFetcher({ [assertionUrl]: assertion });
    const result = await verifyOb2({ kind: 'json', assertion }, { fetcher, now: NOW });
    expect(failures(result)).toEqual([{ code: 'EXPIRED', reason: 'EXPIRED' }]);
  });
});
