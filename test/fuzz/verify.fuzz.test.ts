import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { unbake } from '../../shared/baking/index.js';
import { staticDocumentFetcher } from '../../shared/ports/fetcher.js';
import { CheckCode, type VerificationResult, verify } from '../../shared/verify/index.js';

/**
 * Hostile input through `verify`: mutated OB 3.0 credentials (JSON text and structure) and VC-JWTs, from a seeded
 * PRNG. Whatever comes in, verify returns a result: no exception, no hang, every failed check a known code with a
 * reason. Most mutations keep the proof unresolvable so that they fail before JSON-LD canonicalization (the slow
 * part); a few hundred keep it intact and go through the full proof.
 */
const OB30 = new URL('../fixtures/openbadges/validator-fixtures/ob30/', import.meta.url);
const now = new Date('2025-06-01T00:00:00Z');
const fetcher = staticDocumentFetcher(new Map());
const CODES = new Set<string>(Object.values(CheckCode));
const STATUSES = new Set(['passed', 'failed', 'warning', 'skipped']);
const HANG_LIMIT_MS = 20_000;

type Json = Record<string, unknown>;

/** mulberry32: small, fast, and the same sequence on every run. */
function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  return { next, int, pick };
}
type Random = ReturnType<typeof prng>;

const simple = JSON.parse(readFileSync(new URL('simple.json', OB30), 'utf8')) as Json;
const endorsement = JSON.parse(readFileSync(new URL('endorsement-valid.json', OB30), 'utf8')) as Json;
const revokedByList = JSON.parse(
  readFileSync(new URL('bit-string-list/credential-status-revoked.json', OB30), 'utf8'),
) as Json;
const jwsSeeds = ['simple-jwt.png', 'simple-jwt_v1.png'].map(
  (name) => unbake(readFileSync(new URL(name, OB30))).ob3 as string,
);

/** The same credentials with a proof whose key cannot be resolved offline: PROOF fails before canonicalization. */
function unresolvable(credential: Json): Json {
  const proofs = Array.isArray(credential.proof) ? credential.proof : [credential.proof];
  return {
    ...credential,
    proof: proofs.map((proof) => ({
      ...(proof as Json),
      verificationMethod: 'https://example.com/keys/absent',
    })),
  };
}
const cheapSeeds = [simple, endorsement, revokedByList].map(unresolvable);

const CHARS = '{}[]":,\\ \n\t0123456789abcdefxyzABC-_.#$%\u0000\u00e9\u2028\ud83d\ude00';

function mutateText(text: string, random: Random): string {
  const at = random.int(text.length + 1);
  switch (random.int(6)) {
    case 0:
      return text.slice(0, at) + random.pick([...CHARS]) + text.slice(at + 1);
    case 1:
      return text.slice(0, at) + text.slice(at + 1 + random.int(8));
    case 2:
      return text.slice(0, at) + random.pick([...CHARS]) + text.slice(at);
    case 3:
      return text.slice(0, at);
    case 4: {
      const from = random.int(text.length);
      return text.slice(0, at) + text.slice(from, from + random.int(40)) + text.slice(at);
    }
    default: {
      // Swap two characters: keeps the length, often keeps the JSON valid.
      const other = random.int(text.length);
      const chars = [...text];
      [chars[at], chars[other]] = [chars[other] as string, chars[at] as string];
      return chars.join('');
    }
  }
}

function deepNest(depth: number): unknown {
  let value: unknown = 'core';
  for (let level = 0; level < depth; level += 1) value = level % 2 === 0 ? { nested: value } : [value];
  return value;
}

function strangeValue(random: Random): unknown {
  switch (random.int(12)) {
    case 0:
      return null;
    case 1:
      return random.int(2) === 0;
    case 2:
      return random.pick([0, -1, 1e308, -0, 2 ** 53 + 1, 3.14]);
    case 3:
      return [];
    case 4:
      return {};
    case 5:
      return 'x'.repeat(1 + random.int(300_000));
    case 6:
      return deepNest(1 + random.int(80));
    case 7:
      return random.pick([
        '',
        ' ',
        'did:',
        'https://',
        'z6Mk',
        '2010-13-45T99:99:99Z',
        '../../etc/passwd',
        '\u0000',
      ]);
    case 8:
      return random.pick([
        'VerifiableCredential',
        'OpenBadgeCredential',
        'EndorsementCredential',
        'DataIntegrityProof',
      ]);
    case 9:
      return { id: 'https://example.com/x', type: random.pick(['Profile', ['Profile'], 42, null]) };
    case 10:
      return Array.from({ length: 1 + random.int(20) }, (_, index) => index);
    default:
      return random.pick([
        'https://www.w3.org/ns/credentials/v2',
        'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      ]);
  }
}

/** Picks a random path of object keys / array indexes into `root`. */
function randomPath(root: unknown, random: Random): Array<string | number> {
  const path: Array<string | number> = [];
  let current = root;
  while (current !== null && typeof current === 'object' && random.int(3) !== 0) {
    const keys: Array<string | number> = Array.isArray(current)
      ? current.map((_, index) => index)
      : Object.keys(current);
    if (keys.length === 0) break;
    const key = random.pick(keys);
    path.push(key);
    current = (current as Record<string | number, unknown>)[key];
  }
  return path;
}

function mutateStructure(seed: Json, random: Random): unknown {
  const copy = structuredClone(seed) as Json;
  const rounds = 1 + random.int(3);
  let root: unknown = copy;
  for (let round = 0; round < rounds; round += 1) {
    const path = randomPath(root, random);
    if (path.length === 0) {
      root = random.int(4) === 0 ? strangeValue(random) : root;
      continue;
    }
    const last = path.pop() as string | number;
    let parent = root as Record<string | number, unknown>;
    for (const key of path) parent = parent[key] as Record<string | number, unknown>;
    switch (random.int(4)) {
      case 0:
        if (Array.isArray(parent)) parent.splice(last as number, 1);
        else delete parent[last];
        break;
      case 1:
        parent[`${String(last)}${random.int(10)}`] = strangeValue(random);
        break;
      default:
        parent[last] = strangeValue(random);
    }
  }
  return root;
}

function mutateJws(jws: string, random: Random): string {
  const parts = jws.split('.');
  const which = random.int(4);
  if (which === 3) return mutateText(jws, random);
  const segment = parts[which] ?? '';
  if (which === 2) {
    parts[2] = mutateText(segment, random);
    return parts.join('.');
  }
  // Header or payload: mutate the decoded JSON (structure or text) and re-encode, keeping the old signature.
  const decoded = Buffer.from(segment, 'base64url').toString('utf8');
  let changed: string;
  if (random.int(2) === 0) {
    changed = mutateText(decoded, random);
  } else {
    try {
      changed = JSON.stringify(mutateStructure(JSON.parse(decoded) as Json, random)) ?? 'null';
    } catch {
      changed = decoded;
    }
  }
  parts[which] = Buffer.from(changed, 'utf8').toString('base64url');
  return parts.join('.');
}

async function verifyWithin(input: string): Promise<VerificationResult> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`verify did not return within ${HANG_LIMIT_MS} ms`)),
      HANG_LIMIT_MS,
    );
  });
  try {
    return await Promise.race([verify(input, { fetcher, now }), hang]);
  } finally {
    clearTimeout(timer);
  }
}

function assertWellFormed(result: VerificationResult, input: string): void {
  const context = input.slice(0, 200);
  expect(result.checks.length, context).toBeGreaterThan(0);
  for (const check of result.checks) {
    expect(CODES.has(check.code), context).toBe(true);
    expect(STATUSES.has(check.status), context).toBe(true);
    if (check.status === 'failed') {
      expect(check.reason, `${check.code} ${context}`).toMatch(/^[A-Z0-9_]+$/);
      expect(['INTERNAL_ERROR', 'UNREADABLE'], `${check.code} ${check.message} ${context}`).not.toContain(
        check.reason,
      );
    }
  }
  expect(result.verified).toBe(result.checks.every((check) => check.status !== 'failed'));
}

describe('verify under fuzzing', () => {
  it('answers 4,000 text-mutated credentials with a well-formed result', async () => {
    const random = prng(0x0b3_0001);
    const texts = cheapSeeds.map((seed) => JSON.stringify(seed, null, random.int(2) * 2));
    for (let round = 0; round < 4_000; round += 1) {
      let text = random.pick(texts);
      for (let times = 1 + random.int(3); times > 0; times -= 1) text = mutateText(text, random);
      assertWellFormed(await verifyWithin(text), text);
    }
  });

  it('answers 3,000 structurally mutated credentials with a well-formed result', async () => {
    const random = prng(0x0b3_0002);
    for (let round = 0; round < 3_000; round += 1) {
      const text = JSON.stringify(mutateStructure(random.pick(cheapSeeds), random)) ?? 'null';
      const result = await verifyWithin(text);
      assertWellFormed(result, text);
      expect(result.verified).toBe(false);
    }
  });

  it('answers 300 mutated credentials whose proof still has to be checked, never passing a changed one', async () => {
    const random = prng(0x0b3_0003);
    let proofsChecked = 0;
    for (let round = 0; round < 300; round += 1) {
      const mutated = mutateStructure(simple, random) as Json;
      const text = JSON.stringify(mutated) ?? 'null';
      const result = await verifyWithin(text);
      assertWellFormed(result, text);
      const proof = result.checks.find((check) => check.code === CheckCode.PROOF);
      if (proof && proof.reason !== 'PROOF_MISSING' && proof.reason !== 'PROOF_MALFORMED') proofsChecked += 1;
      // Only a mutation that changed nothing (a value replaced by itself) may keep a valid proof.
      if (proof?.status === 'passed') expect(JSON.stringify(mutated)).toBe(JSON.stringify(simple));
    }
    expect(proofsChecked).toBeGreaterThan(100);
  });

  it('answers 3,000 mutated VC-JWTs with a well-formed result, none verified', async () => {
    const random = prng(0x0b3_0004);
    for (let round = 0; round < 3_000; round += 1) {
      const jws = mutateJws(random.pick(jwsSeeds), random);
      const result = await verifyWithin(jws);
      assertWellFormed(result, jws);
      if (result.checks.some((check) => check.code === CheckCode.PROOF && check.status === 'passed')) {
        // A mutation may only pass if it left the signed bytes untouched (a change in unused base64url bits).
        const [header, payload] = jws.split('.');
        expect(jwsSeeds.some((seed) => seed.startsWith(`${header}.${payload}.`))).toBe(true);
      }
    }
  });
});
