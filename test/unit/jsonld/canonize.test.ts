import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCanonicalizer } from '../../../shared/jsonld/canonize.js';

const fixtures = new URL('../../fixtures/openbadges/', import.meta.url);
const vector = new URL('test-vectors/eddsa-rdfc-2022/', fixtures);

function jsonFiles(folder: URL): Array<{ name: string; document: Record<string, unknown> }> {
  return readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .map((name) => ({ name, document: JSON.parse(readFileSync(new URL(name, folder), 'utf8')) }))
    .filter(({ document }) => document && typeof document === 'object' && !Array.isArray(document));
}

/** A deterministic PRNG, so every run checks the same documents. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const AWKWARD_TEXT = [
  'plain',
  'quote " inside',
  'back\\slash',
  'new\nline',
  'tab\tand\rreturn',
  'émoji 🎓 ünïcode',
  '',
  ' ',
  '<tag>',
  'urn:uuid:1',
  'https://x.example/a b',
];
const AWKWARD_IRIS = [
  'https://example.org/a',
  'urn:uuid:0f1b6a8e-5a55-4b53-9c8e-0e6d6ef0c001',
  'did:web:example.org',
  'relative/path',
  '_:blank',
  'xsd:string',
  'schema:thing',
  'https://example.org/with space',
  'mailto:someone@example.org',
];

describe('template-cached RDFC-1.0 canonicalization', () => {
  it('reproduces the implementation guide canonical N-Quads', async () => {
    const canonicalizer = createCanonicalizer();
    const document = JSON.parse(readFileSync(new URL('unsigned-credential.json', vector), 'utf8'));
    const expected = readFileSync(new URL('document-canon.txt', vector), 'utf8');
    expect(await canonicalizer.canonize(document)).toBe(expected);
    expect(await canonicalizer.canonize(structuredClone(document))).toBe(expected);
    expect(canonicalizer.stats.templateHits).toBe(1);
  });

  it('agrees with the full jsonld.js path on every fixture that canonicalizes', async () => {
    const canonicalizer = createCanonicalizer();
    let compared = 0;
    for (const folder of ['validator-fixtures/ob30/', 'ob3-spec-examples/extracted/']) {
      for (const { name, document } of jsonFiles(new URL(folder, fixtures))) {
        const { proof: _proof, ...unsigned } = document;
        const full = await canonicalizer
          .canonizeWithoutTemplates(unsigned)
          .catch((error: { code?: string }) => error.code);
        const viaTemplate = await canonicalizer
          .canonize(unsigned)
          .catch((error: { code?: string }) => error.code);
        expect(viaTemplate, name).toBe(full);
        if (typeof full === 'string') compared++;
      }
    }
    expect(compared).toBeGreaterThan(20);
  });

  it('agrees with the full path on thousands of documents of one shape with awkward values', async () => {
    const canonicalizer = createCanonicalizer();
    const base = JSON.parse(readFileSync(new URL('unsigned-credential.json', vector), 'utf8'));
    const next = random(2026);
    const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)] as T;
    let fallbacksExpected = 0;
    for (let i = 0; i < 300; i++) {
      const document = structuredClone(base);
      document.name = pick(AWKWARD_TEXT);
      document.credentialSubject.achievement.description = pick(AWKWARD_TEXT);
      document.credentialSubject.achievement.criteria.narrative = `${pick(AWKWARD_TEXT)}${i}`;
      document.credentialSubject.id = pick(AWKWARD_IRIS);
      document.issuer.url = pick(AWKWARD_IRIS);
      document.validFrom = pick(['2010-01-01T00:00:00Z', 'not a date', '2026-12-04T10:00:00.123+01:00']);
      // Relative IRIs, blank node ids and IRIs with spaces are read differently from a placeholder: full path.
      const needsFullPath = (iri: string) =>
        iri === 'relative/path' || iri.startsWith('_:') || iri.includes(' ');
      if (needsFullPath(document.credentialSubject.id)) fallbacksExpected++;
      const full = await canonicalizer
        .canonizeWithoutTemplates(document)
        .catch((error: { code?: string }) => error.code);
      const viaTemplate = await canonicalizer
        .canonize(document)
        .catch((error: { code?: string }) => error.code);
      expect(
        viaTemplate,
        JSON.stringify({ i, id: document.credentialSubject.id, url: document.issuer.url }),
      ).toBe(full);
    }
    expect(canonicalizer.stats.templateMisses).toBe(1);
    expect(canonicalizer.stats.fallbacks).toBeGreaterThanOrEqual(fallbacksExpected);
    expect(canonicalizer.stats.templateHits).toBe(299);
  });

  it('gives different shapes their own templates and keeps type-scoped meaning apart', async () => {
    const canonicalizer = createCanonicalizer();
    const base = JSON.parse(readFileSync(new URL('unsigned-credential.json', vector), 'utf8'));
    const asEndorsement = structuredClone(base);
    asEndorsement.type = ['VerifiableCredential', 'EndorsementCredential'];
    asEndorsement.credentialSubject = {
      id: 'https://example.org/achievements/1',
      type: ['EndorsementSubject'],
      endorsementComment: 'Good',
    };
    for (const document of [base, asEndorsement, base, asEndorsement]) {
      expect(await canonicalizer.canonize(document)).toBe(
        await canonicalizer.canonizeWithoutTemplates(document),
      );
    }
    expect(canonicalizer.stats.templateMisses).toBe(2);
  });

  it('merges a node embedded twice under the same id, as jsonld.js does', async () => {
    const canonicalizer = createCanonicalizer();
    const base = JSON.parse(readFileSync(new URL('unsigned-credential.json', vector), 'utf8'));
    for (const creatorId of ['https://example.edu/issuers/565049', 'https://example.edu/issuers/other']) {
      const document = structuredClone(base);
      document.credentialSubject.achievement.creator = { ...document.issuer, id: creatorId };
      expect(await canonicalizer.canonize(document)).toBe(
        await canonicalizer.canonizeWithoutTemplates(document),
      );
    }
    expect(canonicalizer.stats.templateHits).toBe(1);
  });

  it('answers a document that is not JSON-LD with CANONICALIZATION_FAILED', async () => {
    const canonicalizer = createCanonicalizer();
    await expect(
      canonicalizer.canonize({ '@context': ['https://unknown.example/context'], a: 1 }),
    ).rejects.toMatchObject({ code: 'CANONICALIZATION_FAILED' });
    await expect(
      canonicalizer.canonize({ '@context': 'https://www.w3.org/ns/credentials/v2', undefinedTerm: 'x' }),
    ).rejects.toMatchObject({ code: 'CANONICALIZATION_FAILED' });
  });
});
