import { randomUUID } from 'node:crypto';
import zlib from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { unbakePng } from '../../shared/baking/index.js';
import { citizen21Definitions } from '../../shared/catalogue/definitions.js';
import { activeKey, newKeyRing } from '../../shared/crypto/keys.js';
import { type IssuedAward, issueAward } from '../../shared/issuance/issue-award.js';
import {
  buildIssuerFiles,
  buildRevocationListFile,
  buildStatusListFile,
} from '../../shared/issuance/issuer-site.js';
import { prepareBadge } from '../../shared/issuance/prepared-badge.js';
import { newStatusListBitstring } from '../../shared/ob3/status-list.js';
import { type DocumentFetcher, staticDocumentFetcher } from '../../shared/ports/fetcher.js';
import { siteLayout } from '../../shared/site/layout.js';
import { verify } from '../../shared/verify/index.js';

/** Every signed value matters: change any one of them and verification fails, for the right reason. */
describe('tamper evidence', () => {
  const layout = siteLayout('https://badges.citizen21.example.org');
  let award: IssuedAward;
  let fetcher: DocumentFetcher;

  beforeAll(async () => {
    const ring = await newKeyRing(new Date('2026-01-01T00:00:00Z'));
    const keys = { ed25519: activeKey(ring, 'EdDSA'), rsa: activeKey(ring, 'RS256') };
    const badges = citizen21Definitions().map((d) => prepareBadge(d, layout));
    const issuer = {
      baseUrl: layout.baseUrl,
      name: 'Citizen 2.1',
      url: 'https://citizen21.example.org',
      email: 'badges@citizen21.example.org',
      formats: { vcJwt: true, ob2Signed: false },
    };
    award = await issueAward(
      {
        awardId: randomUUID(),
        badge: badges[1] as never,
        recipient: { email: 'ada@example.org', name: 'Ada' },
        issuedAt: new Date('2026-03-01T10:00:00Z'),
        status: { listId: 'revocation-1', index: 4242 },
      },
      { layout, issuer, keys },
    );
    const status = await buildStatusListFile({
      layout,
      listId: 'revocation-1',
      bits: newStatusListBitstring(),
      key: keys.ed25519,
      now: new Date('2026-01-01T00:00:00Z'),
    });
    const files = [
      ...buildIssuerFiles({ layout, issuer, ring, badges }),
      buildRevocationListFile(layout, []),
      status.file,
      ...award.files,
    ];
    fetcher = staticDocumentFetcher(
      new Map(
        files.map((file) => [
          `${layout.baseUrl}/${file.key}`,
          { body: file.body, contentType: file.contentType },
        ]),
      ),
    );
  });

  const now = new Date('2026-06-01T00:00:00Z');

  it('verifies untouched, in every form', async () => {
    for (const input of [
      JSON.stringify(award.credential),
      award.credentialJwt as string,
      award.files.find((f) => f.key.endsWith('.png'))?.body as Uint8Array,
    ]) {
      const result = await verify(input, { fetcher, now, recipientEmail: 'ada@example.org' });
      expect(result.checks.filter((check) => check.status === 'failed')).toEqual([]);
    }
  });

  it('fails PROOF when any signed string value of the credential changes', async () => {
    const paths: string[][] = [];
    const walk = (node: unknown, path: string[]) => {
      if (typeof node === 'string') paths.push(path);
      else if (node && typeof node === 'object')
        for (const [key, value] of Object.entries(node)) walk(value, [...path, key]);
    };
    const { proof: _proof, ...signed } = award.credential as Record<string, unknown>;
    walk(signed, []);
    expect(paths.length).toBeGreaterThan(25);
    for (const path of paths) {
      const tampered = structuredClone(award.credential) as Record<string, unknown>;
      let parent: Record<string, unknown> = tampered;
      for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
      const last = path[path.length - 1] as string;
      const value = parent[last] as string;
      // Change one character, keeping the value well-formed where its form is checked (IRIs, dates).
      parent[last] = /^\d{4}-/.test(value)
        ? value.replace(/\d(?=Z$)/, (d) => String((Number(d) + 1) % 10))
        : `${value.slice(0, -1)}${value.endsWith('x') ? 'y' : 'x'}`;
      const result = await verify(JSON.stringify(tampered), { fetcher, now });
      expect(result.checks, path.join('.')).toContainEqual(
        expect.objectContaining({ code: 'PROOF', status: 'failed' }),
      );
    }
  });

  it('fails PROOF when any character of the VC-JWT changes', async () => {
    const jwt = award.credentialJwt as string;
    for (let i = 0; i < jwt.length; i += 7) {
      if (jwt[i] === '.') continue;
      const tampered = `${jwt.slice(0, i)}${jwt[i] === 'A' ? 'B' : 'A'}${jwt.slice(i + 1)}`;
      // The last character of a base64url segment carries padding bits: a change there may leave every byte as it
      // was. Only changes to the signed bytes count.
      const bytes = (token: string) => token.split('.').map((part) => Buffer.from(part, 'base64url').toString('hex'));
      if (bytes(tampered).join('.') === bytes(jwt).join('.')) continue;
      const result = await verify(tampered, { fetcher, now });
      expect(result.verified, `position ${i}`).toBe(false);
      const failed = result.checks.filter((check) => check.status === 'failed').map((check) => check.code);
      // Unreadable after the change (INPUT), or readable with a signature that no longer matches (PROOF).
      expect(failed.includes('PROOF') || failed.includes('INPUT'), `position ${i}: ${failed}`).toBe(true);
    }
  });

  it('fails when the baked payload changes: the PNG CRC catches it, and a recomputed CRC leaves the proof to catch it', async () => {
    const png = Buffer.from(award.files.find((f) => f.key.endsWith('.png'))?.body as Uint8Array);
    const payload = unbakePng(png).ob3 as string;
    const offset = png.indexOf(Buffer.from(payload.slice(0, 200), 'utf8')) + payload.indexOf('"name"') + 10;
    const flipped = Buffer.from(png);
    flipped[offset] = (flipped[offset] as number) ^ 0x01;
    const crcOnly = await verify(flipped, { fetcher, now });
    expect(crcOnly.checks).toContainEqual(
      expect.objectContaining({ code: 'INPUT', status: 'failed', reason: 'PNG_CRC_MISMATCH' }),
    );

    // An attacker who rewrites the chunk CRC too: the signature still fails.
    const chunkStart = png.lastIndexOf(Buffer.from('iTXt'), offset) - 4;
    const length = flipped.readUInt32BE(chunkStart);
    flipped.writeUInt32BE(
      zlib.crc32(flipped.subarray(chunkStart + 4, chunkStart + 8 + length)) >>> 0,
      chunkStart + 8 + length,
    );
    const proof = await verify(flipped, { fetcher, now });
    expect(proof.checks).toContainEqual(expect.objectContaining({ code: 'PROOF', status: 'failed' }));
  });
});
