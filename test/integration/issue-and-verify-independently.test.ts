import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyCredential } from '@digitalcredentials/verifier-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileKeyStore } from '../../shared/adapters/file-key-store.js';
import { unbakePng } from '../../shared/baking/index.js';
import { CITIZEN21_BADGES } from '../../shared/catalogue/citizen21.js';
import { signEddsaRdfc2022 } from '../../shared/crypto/data-integrity.js';
import { activeKey, type KeyRing } from '../../shared/crypto/keys.js';
import { issueToDirectory } from '../../shared/issuance/issue-to-directory.js';
import { identityHashMatchesEmail } from '../../shared/ob2/identity.js';
import { verificationMethodId } from '../../shared/ob3/did-document.js';
import { buildEndorsementCredential } from '../../shared/ob3/endorsement.js';
import { buildProfileRef } from '../../shared/ob3/profile.js';
import { validateAchievementCredential, validateEndorsementCredential } from '../../shared/ob3/schema.js';
import { siteLayout } from '../../shared/site/layout.js';
import { startHttpsSite } from '../support/https-site.js';
import { answerSchemaUrlsOffline } from '../support/offline-schemas.js';

/**
 * Everything the project issues must pass verifiers that are not ours: the Digital Credentials Consortium's
 * verifier-core (reference verifier of the Learner Credential Wallet ecosystem) fetching DID document and status
 * list over real HTTPS, and the 1EdTech JSON Schema.
 */
describe('credentials issued by `badges issue`', () => {
  const root = mkdtempSync(join(tmpdir(), 'badges-site-'));
  let site: Awaited<ReturnType<typeof startHttpsSite>>;
  const issued: Array<{ slug: string; files: Record<string, string> }> = [];

  let restoreFetch: () => void;
  let keyStore: FileKeyStore;

  beforeAll(async () => {
    restoreFetch = answerSchemaUrlsOffline();
    site = await startHttpsSite(root);
    keyStore = new FileKeyStore(join(root, '..', `${root.split('/').pop()}-keys.json`));
    for (const badge of CITIZEN21_BADGES) {
      const { files } = await issueToDirectory({
        badgeSlug: badge.slug,
        email: 'Ada.Lovelace@Example.org ',
        name: 'Ada Lovelace',
        outDir: root,
        keyStore,
        issuer: {
          baseUrl: site.baseUrl,
          name: 'Citizen 2.1',
          url: 'https://citizen21.example.org',
          email: 'badges@citizen21.example.org',
          formats: { vcJwt: true, ob2Signed: false },
        },
      });
      issued.push({ slug: badge.slug, files });
    }
  });
  afterAll(async () => {
    restoreFetch?.();
    await site?.close();
  });

  it('pass @digitalcredentials/verifier-core: signature, expiry and revocation status', async () => {
    for (const { files } of issued) {
      const credential = JSON.parse(readFileSync(files.credential as string, 'utf8'));
      const result = await verifyCredential({ credential, knownDIDRegistries: [] });
      expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
      const log = Object.fromEntries(
        (result.log as Array<{ id: string; valid: boolean }>).map((entry) => [entry.id, entry.valid]),
      );
      expect(log).toMatchObject({ valid_signature: true, expiration: true, revocation_status: true });
      const schemaCheck = (
        result.additionalInformation as Array<{ id: string; results: Array<{ result: { valid: boolean } }> }>
      ).find((entry) => entry.id === 'schema_check');
      expect(schemaCheck?.results[0]?.result).toEqual({ valid: true });
    }
  });

  it('pass the 1EdTech AchievementCredential JSON Schema', () => {
    for (const { files } of issued) {
      const credential = JSON.parse(readFileSync(files.credential as string, 'utf8'));
      expect(validateAchievementCredential(credential)).toEqual({ valid: true });
    }
  });

  it('bake both the OB 3.0 credential and the OB 2.0 assertion into one PNG', () => {
    for (const { files } of issued) {
      const payloads = unbakePng(readFileSync(files.png as string));
      expect(JSON.parse(payloads.ob3 as string)).toEqual(
        JSON.parse(readFileSync(files.credential as string, 'utf8')),
      );
      expect(JSON.parse(payloads.ob2 as string)).toEqual(
        JSON.parse(readFileSync(files.assertion as string, 'utf8')),
      );
    }
  });

  it('never publish the plaintext email, only a salted hash that matches it', () => {
    for (const { files } of issued) {
      for (const path of [files.credential, files.assertion, files.credentialJwt]) {
        expect(readFileSync(path as string, 'utf8').toLowerCase()).not.toContain('ada.lovelace@example.org');
      }
      const credential = JSON.parse(readFileSync(files.credential as string, 'utf8'));
      const [identity] = credential.credentialSubject.identifier;
      expect(identityHashMatchesEmail(identity.identityHash, 'ada.lovelace@example.org', identity.salt)).toBe(
        true,
      );
    }
    const salts = issued.map(
      ({ files }) =>
        JSON.parse(readFileSync(files.credential as string, 'utf8')).credentialSubject.identifier[0].salt,
    );
    expect(new Set(salts).size).toBe(salts.length);
  });

  it('signs EndorsementCredentials (open recognition) that pass the DCC verifier and the 1EdTech endorsement schema', async () => {
    const ring = await keyStore.load();
    const key = activeKey(ring as KeyRing, 'EdDSA');
    const layout = siteLayout(site.baseUrl);
    const endorsement = await signEddsaRdfc2022(
      buildEndorsementCredential({
        id: `${site.baseUrl}/endorsements/witness-1.json`,
        issuer: buildProfileRef({
          id: layout.did,
          name: 'Citizen 2.1',
          url: 'https://citizen21.example.org',
        }),
        validFrom: '2026-03-01T09:00:00Z',
        name: 'Endorsement of the Witness badge',
        subjectId: layout.achievement('witness'),
        endorsementComment: 'A well-run course that welcomes newcomers to digital tools.',
      }),
      {
        privateKey: key.privateKey,
        verificationMethod: verificationMethodId(layout.did, key.publicKey),
        created: '2026-03-01T09:00:00Z',
      },
    );
    expect(validateEndorsementCredential(endorsement)).toEqual({ valid: true });
    const result = await verifyCredential({ credential: endorsement, knownDIDRegistries: [] });
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    const log = Object.fromEntries((result.log ?? []).map((entry) => [entry.id, entry.valid]));
    expect(log).toMatchObject({ valid_signature: true, expiration: true });
  });
});
