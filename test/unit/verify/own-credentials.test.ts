import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bakePng, bakeSvg } from '../../../shared/baking/index.js';
import { buildEndorsementCredential } from '../../../shared/ob3/endorsement.js';
import { newStatusListBitstring, writeStatusBit } from '../../../shared/ob3/status-list.js';
import { staticDocumentFetcher } from '../../../shared/ports/fetcher.js';
import { verify } from '../../../shared/verify/index.js';
import type { VerificationResult } from '../../../shared/verify/result.js';
import { OB30 } from './fixture-fetcher.js';
import {
  DID_DOCUMENT_URL,
  didDocument,
  ed25519KeyFromSeed,
  ISSUER_DID,
  ISSUER_HOST,
  issuerKey,
  RECIPIENT_EMAIL,
  STATUS_LIST_URL,
  sign,
  statusListCredential,
  unsignedCredential,
} from './issuer-fixture.js';

/** Credentials as this product issues them: did:web issuer, eddsa-rdfc-2022, hashed email, BitstringStatusList. */
const now = new Date('2025-06-01T00:00:00Z');

type Served = { body: Uint8Array | string; contentType?: string; status?: number };

function fetcherWith(extra: Record<string, Served> = {}) {
  return staticDocumentFetcher(
    new Map<string, Served>([
      [DID_DOCUMENT_URL, { body: JSON.stringify(didDocument()) }],
      ...Object.entries(extra),
    ]),
  );
}

function failures(result: VerificationResult) {
  return result.checks
    .filter((check) => check.status === 'failed')
    .map(({ code, reason }) => ({ code, reason }));
}

function statusOf(result: VerificationResult, code: string) {
  return result.checks.find((check) => check.code === code);
}

describe('credentials issued with a did:web key', () => {
  it('verify with every check passed and the key bound to the issuer DID', async () => {
    const credential = await sign(unsignedCredential());
    const result = await verify(JSON.stringify(credential), {
      fetcher: fetcherWith(),
      now,
      recipientEmail: RECIPIENT_EMAIL,
    });
    expect(result.checks.filter((check) => check.status !== 'passed')).toEqual([]);
    expect(result.verified).toBe(true);
    expect(result.credential).toEqual(credential);
  });

  it('bind a key to an https issuer id through the did:web of its host', async () => {
    const credential = await sign(
      unsignedCredential({
        issuer: { id: `https://${ISSUER_HOST}/issuer`, type: ['Profile'], name: 'Citizen 2.1' },
      }),
    );
    const result = await verify(JSON.stringify(credential), { fetcher: fetcherWith(), now });
    expect(statusOf(result, 'KEY_BINDING')?.status).toBe('passed');
  });

  it('fail KEY_BINDING when the issuer is not the key controller', async () => {
    const credential = await sign(
      unsignedCredential({
        issuer: { id: 'https://someone-else.example.net/issuer', type: ['Profile'], name: 'Impostor' },
      }),
    );
    const result = await verify(JSON.stringify(credential), { fetcher: fetcherWith(), now });
    expect(failures(result)).toEqual([{ code: 'KEY_BINDING', reason: 'KEY_CONTROLLER_MISMATCH' }]);
  });

  it('fail PROOF once any value is changed', async () => {
    const credential = await sign(unsignedCredential());
    const tampered = { ...credential, name: 'Innovative Pioneer' };
    const result = await verify(JSON.stringify(tampered), { fetcher: fetcherWith(), now });
    expect(failures(result)).toEqual([{ code: 'PROOF', reason: 'PROOF_VALUE_INVALID' }]);
  });

  it('fail PROOF when the key is not authorised for assertionMethod in the DID document', async () => {
    const credential = await sign(unsignedCredential());
    const document = { ...didDocument(), assertionMethod: [] };
    const result = await verify(JSON.stringify(credential), {
      fetcher: fetcherWith({ [DID_DOCUMENT_URL]: { body: JSON.stringify(document) } }),
      now,
    });
    expect(failures(result)).toEqual([{ code: 'PROOF', reason: 'VERIFICATION_METHOD_NOT_AUTHORIZED' }]);
  });

  it('keep verifying after a key rotation, when the DID document keeps the retired key', async () => {
    const credential = await sign(unsignedCredential());
    const next = ed25519KeyFromSeed('22'.repeat(32));
    const rotated = didDocument([next.publicKey, issuerKey.publicKey]);
    const result = await verify(JSON.stringify(credential), {
      fetcher: fetcherWith({ [DID_DOCUMENT_URL]: { body: JSON.stringify(rotated) } }),
      now,
    });
    expect(result.verified).toBe(true);
  });

  it('fail PROOF when the DID document cannot be fetched', async () => {
    const credential = await sign(unsignedCredential());
    const result = await verify(JSON.stringify(credential), {
      fetcher: staticDocumentFetcher(new Map()),
      now,
    });
    expect(failures(result)).toEqual([{ code: 'PROOF', reason: 'VERIFICATION_METHOD_NOT_FOUND' }]);
  });

  it('match the recipient email by its salted hash, and fail for another email', async () => {
    const credential = JSON.stringify(await sign(unsignedCredential()));
    const typed = await verify(credential, {
      fetcher: fetcherWith(),
      now,
      recipientEmail: '  ada.lovelace@EXAMPLE.eu ',
    });
    expect(statusOf(typed, 'RECIPIENT')?.status).toBe('passed');
    const other = await verify(credential, {
      fetcher: fetcherWith(),
      now,
      recipientEmail: 'charles.babbage@example.eu',
    });
    expect(failures(other)).toEqual([{ code: 'RECIPIENT', reason: 'RECIPIENT_MISMATCH' }]);
    expect(other.verified).toBe(false);
  });

  it('report RECIPIENT skipped when no email is given', async () => {
    const result = await verify(JSON.stringify(await sign(unsignedCredential())), {
      fetcher: fetcherWith(),
      now,
    });
    expect(statusOf(result, 'RECIPIENT')?.status).toBe('skipped');
  });
});

describe('revocation of issued credentials', () => {
  const statusEntry = { statusListCredential: STATUS_LIST_URL, statusListIndex: 4242 };

  async function verifyAgainstList(revoked: number[]) {
    const bits = newStatusListBitstring();
    for (const index of revoked) writeStatusBit(bits, index, true);
    const list = await statusListCredential(bits);
    const credential = await sign(unsignedCredential({ credentialStatus: statusEntry }));
    return verify(JSON.stringify(credential), {
      fetcher: fetcherWith({ [STATUS_LIST_URL]: { body: JSON.stringify(list) } }),
      now,
    });
  }

  it('verify while the status bit is clear', async () => {
    const result = await verifyAgainstList([4241, 4243]);
    expect(result.verified).toBe(true);
    expect(statusOf(result, 'STATUS')?.status).toBe('passed');
  });

  it('fail STATUS REVOKED once the bit is set', async () => {
    const result = await verifyAgainstList([4242]);
    expect(failures(result)).toEqual([{ code: 'STATUS', reason: 'REVOKED' }]);
  });
});

describe('the forms a credential travels in', () => {
  it('verifies a credential baked into a PNG and into an SVG', async () => {
    const credential = JSON.stringify(await sign(unsignedCredential()));
    const png = bakePng(readFileSync(new URL('simple-json.png', OB30)), { ob3: credential });
    const svg = bakeSvg(readFileSync(new URL('simple-json.svg', OB30), 'utf8'), { ob3: credential });
    for (const baked of [png, svg]) {
      const result = await verify(baked, { fetcher: fetcherWith(), now });
      expect(failures(result)).toEqual([]);
      expect(result.verified).toBe(true);
    }
  });

  it('verifies a credential fetched from its URL, and a baked image fetched from its URL', async () => {
    const credential = JSON.stringify(await sign(unsignedCredential()));
    const png = bakePng(readFileSync(new URL('simple-json.png', OB30)), { ob3: credential });
    const fetcher = fetcherWith({
      [`https://${ISSUER_HOST}/credentials/7f0c`]: {
        body: credential,
        contentType: 'application/vc+ld+json',
      },
      [`https://${ISSUER_HOST}/credentials/7f0c.png`]: { body: png, contentType: 'image/png' },
    });
    for (const url of [
      `https://${ISSUER_HOST}/credentials/7f0c`,
      `https://${ISSUER_HOST}/credentials/7f0c.png`,
    ]) {
      const result = await verify(new URL(url), { fetcher, now });
      expect(result.verified).toBe(true);
      expect(result.checks[0]?.message).toContain('fetched from');
    }
  });

  it('verifies an EndorsementCredential against the endorsement schema', async () => {
    const endorsement = await sign(
      buildEndorsementCredential({
        id: `https://${ISSUER_HOST}/endorsements/1`,
        issuer: { id: ISSUER_DID, type: ['Profile'], name: 'Citizen 2.1 partnership' },
        validFrom: '2025-03-01T09:00:00Z',
        name: 'Endorsement of the Witness badge',
        subjectId: `https://${ISSUER_HOST}/achievements/witness`,
        endorsementComment: 'A sound, well-run course.',
      }),
    );
    const result = await verify(JSON.stringify(endorsement), { fetcher: fetcherWith(), now });
    expect(failures(result)).toEqual([]);
    expect(statusOf(result, 'SCHEMA')?.status).toBe('passed');
  });

  it('reports a method that names the issuer but a key the DID document lacks', async () => {
    const credential = await sign(
      unsignedCredential(),
      ed25519KeyFromSeed('33'.repeat(32)).privateKey,
      `${ISSUER_DID}#missing`,
    );
    const result = await verify(JSON.stringify(credential), { fetcher: fetcherWith(), now });
    expect(failures(result)).toEqual([{ code: 'PROOF', reason: 'VERIFICATION_METHOD_NOT_FOUND' }]);
  });
});
