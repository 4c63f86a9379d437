import { describe, expect, it } from 'vitest';
import { type Ob2Input, verifyOb2 } from '../../../shared/ob2/verify.js';
import type { DocumentFetcher } from '../../../shared/ports/fetcher.js';
import type { VerificationResult } from '../../../shared/verify/result.js';
import { fixtureFetcher, readFixture, readFixtureJson, servedAtItsId } from './fixture-documents.js';

const now = new Date('2024-06-01T00:00:00Z');

/** mulberry32: a small seeded PRNG, so every run mutates the same way. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutateText(text: string, random: () => number): string {
  const position = Math.floor(random() * text.length);
  const character = String.fromCharCode(32 + Math.floor(random() * 95));
  switch (Math.floor(random() * 4)) {
    case 0:
      return text.slice(0, position) + character + text.slice(position + 1);
    case 1:
      return text.slice(0, position) + text.slice(position + 1);
    case 2:
      return text.slice(0, position) + character + text.slice(position);
    default:
      return text.slice(0, position);
  }
}

const strangeValues: unknown[] = [null, 0, -1, true, '', 'x'.repeat(100_000), [], {}, [[[[]]]], { id: {} }];

function mutateValue(value: unknown, random: () => number, depth = 0): unknown {
  if (depth < 3 && value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = Array.isArray(value) ? ({ ...value } as never) : { ...value };
    const keys = Object.keys(copy);
    const key = keys[Math.floor(random() * keys.length)];
    if (key === undefined) return strangeValues[Math.floor(random() * strangeValues.length)];
    if (random() < 0.2) delete copy[key];
    else copy[key] = mutateValue(copy[key], random, depth + 1);
    return Array.isArray(value) ? Object.values(copy) : copy;
  }
  return strangeValues[Math.floor(random() * strangeValues.length)];
}

function expectWellFormed(result: VerificationResult): void {
  expect(result.checks.length).toBeGreaterThan(0);
  for (const check of result.checks) {
    if (check.status === 'failed') expect(check.reason).toMatch(/^[A-Z][A-Z0-9_]+$/);
  }
  expect(result.verified).toBe(result.checks.every((check) => check.status !== 'failed'));
}

describe('verifyOb2 on hostile input', () => {
  it('never throws on mutated assertions and JWS strings, and reports every failure with a reason', async () => {
    const random = prng(20250601);
    const assertion = readFixtureJson('basic-assertion.json');
    const jws = readFixture('simple.jwt').toString('utf8').trim();
    const fetcher = fixtureFetcher(servedAtItsId(assertion));
    const text = JSON.stringify(assertion);
    let verifiedMutations = 0;
    for (let round = 0; round < 400; round++) {
      const inputs: Ob2Input[] = [
        { kind: 'json', assertion: mutateValue(assertion, random) },
        { kind: 'json', assertion: mutateText(text, random) },
        { kind: 'jws', jws: mutateText(jws, random) },
      ];
      for (const input of inputs) {
        const result = await verifyOb2(input, { fetcher, now });
        expectWellFormed(result);
        if (input.kind === 'jws' && input.jws.trim() !== jws && result.verified) verifiedMutations++;
      }
    }
    expect(verifiedMutations).toBe(0);
  });

  it('reports unusable inputs under INPUT', async () => {
    const fetcher = fixtureFetcher();
    const cases: Array<[unknown, string]> = [
      [{ kind: 'json', assertion: 42 }, 'NOT_AN_OBJECT'],
      [{ kind: 'json', assertion: '{not json' }, 'NOT_AN_OBJECT'],
      [{ kind: 'jws', jws: 'a.b' }, 'JWS_MALFORMED'],
      [{ kind: 'jws', jws: 12 }, 'JWS_MALFORMED'],
      [{ kind: 'url', url: 'file:///etc/passwd' }, 'URL_INVALID'],
      [{ kind: 'url', url: 'https://example.org/missing.json' }, 'FETCH_FAILED'],
      [{ kind: 'url', url: 'https://example.org/robotics-badge.png' }, 'NOT_JSON'],
      [{ kind: 'other' }, 'INPUT_KIND_UNKNOWN'],
      [null, 'INPUT_KIND_UNKNOWN'],
    ];
    for (const [input, reason] of cases) {
      const result = await verifyOb2(input as Ob2Input, { fetcher, now });
      expect(result.verified).toBe(false);
      expect(result.checks.find((check) => check.code === 'INPUT')).toMatchObject({
        status: 'failed',
        reason,
      });
    }
  });

  it('survives a fetcher that throws and deeply nested documents', async () => {
    const throwing: DocumentFetcher = async () => {
      throw new Error('connection reset');
    };
    const assertion = readFixtureJson('basic-assertion.json');
    const viaUrl = await verifyOb2({ kind: 'url', url: String(assertion.id) }, { fetcher: throwing, now });
    expect(viaUrl.checks.find((c) => c.code === 'INPUT')).toMatchObject({
      status: 'failed',
      reason: 'FETCH_FAILED',
    });
    const viaJson = await verifyOb2({ kind: 'json', assertion }, { fetcher: throwing, now });
    expect(viaJson.checks.find((c) => c.status === 'failed')).toMatchObject({ code: 'HOSTED' });

    let nested: unknown = {};
    for (let depth = 0; depth < 5000; depth++) nested = { badge: nested };
    const deep = await verifyOb2(
      { kind: 'json', assertion: { ...assertion, badge: nested } },
      { fetcher: throwing, now },
    );
    expectWellFormed(deep);
    expect(deep.verified).toBe(false);
  });
});
