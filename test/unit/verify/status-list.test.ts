import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  checkCredentialStatus,
  decodeStatusList,
  encodeStatusList,
  MINIMUM_STATUS_LIST_ENTRIES,
  newStatusListBitstring,
  readStatusBit,
  writeStatusBit,
} from '../../../shared/ob3/status-list.js';
import { staticDocumentFetcher } from '../../../shared/ports/fetcher.js';
import { checkStatus } from '../../../shared/verify/status-check.js';
import { readOb30Json } from './fixture-fetcher.js';
import {
  DID_DOCUMENT_URL,
  didDocument,
  ed25519KeyFromSeed,
  ISSUER_DID,
  STATUS_LIST_URL,
  sign,
  statusListCredential,
} from './issuer-fixture.js';

const now = new Date('2025-06-01T00:00:00Z');

function entry(index: number, purpose = 'revocation') {
  return {
    id: `${STATUS_LIST_URL}#${index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: purpose,
    statusListIndex: String(index),
    statusListCredential: STATUS_LIST_URL,
  };
}

function credentialWith(status: unknown) {
  return {
    id: 'https://badges.example.org/credentials/1',
    issuer: { id: ISSUER_DID },
    credentialStatus: status,
  };
}

function served(list: unknown) {
  return staticDocumentFetcher(
    new Map([
      [STATUS_LIST_URL, { body: JSON.stringify(list) }],
      [DID_DOCUMENT_URL, { body: JSON.stringify(didDocument()) }],
    ]),
  );
}

function listWith(...revoked: number[]) {
  const bits = newStatusListBitstring();
  for (const index of revoked) writeStatusBit(bits, index, true);
  return bits;
}

describe('status list bitstring', () => {
  it('decodes 1EdTech testlist: 131,072 entries, only index 23 set', () => {
    const list = readOb30Json('bit-string-list/testlist');
    const bits = decodeStatusList((list.credentialSubject as { encodedList: string }).encodedList);
    expect(bits.length * 8).toBe(MINIMUM_STATUS_LIST_ENTRIES);
    const set = [...bits.keys()]
      .flatMap((byte) => [0, 1, 2, 3, 4, 5, 6, 7].map((bit) => byte * 8 + bit))
      .filter((i) => readStatusBit(bits, i));
    expect(set).toEqual([23]);
  });

  it('numbers bits from the most significant bit of the first byte', () => {
    const bits = newStatusListBitstring(16);
    writeStatusBit(bits, 0, true);
    writeStatusBit(bits, 15, true);
    expect([...bits]).toEqual([0x80, 0x01]);
    writeStatusBit(bits, 0, false);
    expect([...bits]).toEqual([0x00, 0x01]);
  });

  it('encodes index 23 to the same bitstring as the fixture list', () => {
    const fixture = readOb30Json('bit-string-list/testlist');
    const expected = decodeStatusList((fixture.credentialSubject as { encodedList: string }).encodedList);
    const ours = decodeStatusList(encodeStatusList(listWith(23)));
    expect(Buffer.from(ours).equals(Buffer.from(expected))).toBe(true);
  });

  it('round-trips any bitstring through encode and decode', () => {
    const bits = newStatusListBitstring();
    for (let index = 7; index < bits.length * 8; index += 9973) writeStatusBit(bits, index, true);
    const encoded = encodeStatusList(bits);
    expect(encoded.startsWith('u')).toBe(true);
    expect(Buffer.from(decodeStatusList(encoded)).equals(Buffer.from(bits))).toBe(true);
  });

  it('starts a new list empty, at the W3C minimum length by default', () => {
    const bits = newStatusListBitstring();
    expect(bits.length).toBe(16_384);
    expect(bits.every((byte) => byte === 0)).toBe(true);
    expect(() => newStatusListBitstring(12)).toThrow(
      expect.objectContaining({ code: 'STATUS_LIST_LENGTH_INVALID' }),
    );
  });

  it.each([
    ['no multibase prefix', 'H4sIAAAAAAAA'],
    ['not base64url', 'u$$$'],
    ['not GZIP', `u${Buffer.from('plain bytes').toString('base64url')}`],
    ['a GZIP bomb', `u${gzipSync(Buffer.alloc(8 * 1024 * 1024)).toString('base64url')}`],
  ])('refuses an encodedList that is %s', (_what, encoded) => {
    expect(() => decodeStatusList(encoded)).toThrow(expect.objectContaining({ code: 'STATUS_LIST_INVALID' }));
  });

  it('refuses an index outside the list', () => {
    expect(() => readStatusBit(newStatusListBitstring(8), 8)).toThrow(
      expect.objectContaining({ code: 'STATUS_LIST_INDEX_OUT_OF_RANGE' }),
    );
  });
});

describe('STATUS of a credential with a BitstringStatusListEntry', () => {
  it('passes when the bit is clear in a list signed by the issuer', async () => {
    const list = await statusListCredential(listWith(5));
    expect(await checkStatus(credentialWith(entry(4)), served(list), now)).toMatchObject({
      status: 'passed',
    });
  });

  it('fails REVOKED when the revocation bit is set', async () => {
    const list = await statusListCredential(listWith(5));
    expect(await checkStatus(credentialWith(entry(5)), served(list), now)).toMatchObject({
      status: 'failed',
      reason: 'REVOKED',
    });
  });

  it('fails SUSPENDED when the suspension bit is set', async () => {
    const list = await statusListCredential(listWith(9), { purpose: 'suspension' });
    const result = await checkStatus(credentialWith(entry(9, 'suspension')), served(list), now);
    expect(result).toMatchObject({ status: 'failed', reason: 'SUSPENDED' });
  });

  it('fails when any of several entries marks the credential', async () => {
    const list = await statusListCredential(listWith(3));
    const result = await checkStatus(credentialWith([entry(2), entry(3)]), served(list), now);
    expect(result).toMatchObject({ status: 'failed', reason: 'REVOKED' });
  });

  it('does not trust a list whose bits were changed after signing', async () => {
    const list = await statusListCredential(listWith(5));
    const tampered = {
      ...list,
      credentialSubject: { ...(list.credentialSubject as object), encodedList: encodeStatusList(listWith()) },
    };
    const result = await checkStatus(credentialWith(entry(5)), served(tampered), now);
    expect(result).toMatchObject({ status: 'failed', reason: 'STATUS_LIST_PROOF_INVALID' });
  });

  it('does not trust a list signed by a key the issuer did not publish', async () => {
    const stranger = ed25519KeyFromSeed('11'.repeat(32));
    const unsigned = await statusListCredential(listWith());
    const { proof: _proof, ...body } = unsigned;
    const forged = await sign(body, stranger.privateKey);
    const result = await checkStatus(credentialWith(entry(5)), served(forged), now);
    expect(result).toMatchObject({ status: 'failed', reason: 'STATUS_LIST_PROOF_INVALID' });
  });

  it('does not trust a list issued by someone other than the credential issuer', async () => {
    const list = await statusListCredential(listWith(), { issuer: 'did:web:other.example.org' });
    const result = await checkStatus(credentialWith(entry(5)), served(list), now);
    expect(result).toMatchObject({ status: 'failed', reason: 'STATUS_LIST_ISSUER_MISMATCH' });
  });

  it.each([
    ['a list for another purpose', { purpose: 'suspension' }, entry(1), 'STATUS_PURPOSE_MISMATCH'],
    ['an index beyond the list', {}, entry(MINIMUM_STATUS_LIST_ENTRIES), 'STATUS_LIST_INDEX_OUT_OF_RANGE'],
    ['an entry without an index', {}, { ...entry(1), statusListIndex: 'one' }, 'STATUS_ENTRY_INVALID'],
  ])('fails for %s', async (_what, listOptions, statusEntry, reason) => {
    const list = await statusListCredential(listWith(), listOptions);
    expect(await checkStatus(credentialWith(statusEntry), served(list), now)).toMatchObject({
      status: 'failed',
      reason,
    });
  });

  it('fails for a list shorter than 131,072 entries', async () => {
    const list = await statusListCredential(newStatusListBitstring(1024));
    const result = await checkStatus(credentialWith(entry(1)), served(list), now);
    expect(result).toMatchObject({ status: 'failed', reason: 'STATUS_LIST_TOO_SHORT' });
  });

  it('warns about an unsigned list that does not mark the credential', async () => {
    const { proof: _proof, ...unsigned } = await statusListCredential(listWith());
    const result = await checkCredentialStatus(credentialWith(entry(1)), {
      fetcher: served(unsigned),
      now,
      verifyListProof: async () => ({ valid: true }),
    });
    expect(result).toMatchObject({ status: 'warning', reason: 'STATUS_LIST_UNSIGNED' });
  });

  it('fails STATUS_LIST_UNAVAILABLE when the list cannot be fetched', async () => {
    const result = await checkStatus(credentialWith(entry(1)), staticDocumentFetcher(new Map()), now);
    expect(result).toMatchObject({ status: 'failed', reason: 'STATUS_LIST_UNAVAILABLE' });
  });

  it('warns about a status method it does not know', async () => {
    const result = await checkStatus(
      credentialWith({ id: 'urn:x', type: 'StatusList2021Entry' }),
      served({}),
      now,
    );
    expect(result).toMatchObject({ status: 'warning', reason: 'STATUS_METHOD_UNSUPPORTED' });
  });
});

describe('STATUS with a 1EdTechRevocationList', () => {
  const listUrl = 'https://badges.example.org/revocations';
  const status = { id: listUrl, type: '1EdTechRevocationList' };
  const fetcherFor = (revokedCredentials: unknown) =>
    staticDocumentFetcher(new Map([[listUrl, { body: JSON.stringify({ revokedCredentials }) }]]));

  it('fails REVOKED when the credential id is listed (revoked omitted or true)', async () => {
    for (const item of [
      { id: credentialWith(status).id },
      { id: credentialWith(status).id, revoked: true },
    ]) {
      expect(await checkStatus(credentialWith(status), fetcherFor([item]), now)).toMatchObject({
        status: 'failed',
        reason: 'REVOKED',
      });
    }
  });

  it('passes when the id is absent or listed with revoked false', async () => {
    const listed = [
      { id: credentialWith(status).id, revoked: false },
      { id: 'https://badges.example.org/credentials/2' },
    ];
    expect(await checkStatus(credentialWith(status), fetcherFor(listed), now)).toMatchObject({
      status: 'passed',
    });
  });

  it('never matches a credential without an id', async () => {
    const anonymous = { issuer: { id: ISSUER_DID }, credentialStatus: status };
    expect(await checkStatus(anonymous, fetcherFor([{ revoked: true }]), now)).toMatchObject({
      status: 'passed',
    });
  });

  it('warns, as 1EdTech does, when the list is unreachable', async () => {
    const result = await checkStatus(credentialWith(status), staticDocumentFetcher(new Map()), now);
    expect(result).toMatchObject({ status: 'warning', reason: 'STATUS_LIST_UNAVAILABLE' });
  });
});
