import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  assertValidSvg,
  type BakedPayloads,
  BakingErrorCode,
  bakePng,
  bakeSvg,
  unbake,
  unbakePng,
  unbakeSvg,
} from '../../shared/baking/index.js';
import { BadgeError } from '../../shared/errors.js';
import { makePng } from '../fixtures/baking/make-png.js';
import { mutatePng } from '../fixtures/baking/png-mutations.js';
import { itxtChunk, textChunk, withChunksAfterHeader } from '../fixtures/baking/png-surgery.js';
import { randomInt, seededRandom } from '../fixtures/baking/seeded-random.js';
import { mutateSvg } from '../fixtures/baking/svg-mutations.js';

/**
 * Mutated and hostile images through every reading entry point: each call returns or throws a BadgeError
 * with a baking code, nothing else. When baking succeeds, the result must read back to what was baked.
 */
const PNG_INPUTS = 6_000;
const SVG_INPUTS = 6_000;
const KNOWN_CODES: ReadonlySet<string> = new Set(Object.values(BakingErrorCode));
const FIXTURES = new URL('../fixtures/openbadges/validator-fixtures/', import.meta.url);

const CREDENTIAL = JSON.stringify({
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  note: 'a ]]> b\r\n',
});
const JWS = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2ln';
const PAYLOAD_CHOICES: BakedPayloads[] = [
  { ob3: CREDENTIAL },
  { ob2: JWS },
  { ob3: JWS, ob2: '{"id":"https://example.org/a/1"}' },
  { ob3: '' },
  { ob2: 'bad \uD800' },
  {},
];

interface Failure {
  input: string;
  call: string;
  problem: string;
}

function describeInput(input: Buffer | string): string {
  const text = typeof input === 'string' ? input : input.toString('base64');
  return text.length > 300 ? `${text.slice(0, 300)}… (${text.length})` : text;
}

/** Runs one call; records anything other than a return or a BadgeError with a baking code. */
function probe<T>(failures: Failure[], input: Buffer | string, call: string, action: () => T): T | undefined {
  try {
    return action();
  } catch (error) {
    if (!(error instanceof BadgeError)) {
      failures.push({ input: describeInput(input), call, problem: `untyped ${String(error)}` });
    } else if (!KNOWN_CODES.has(error.code)) {
      failures.push({ input: describeInput(input), call, problem: `unknown code ${error.code}` });
    }
    return undefined;
  }
}

function expectPayloadsBack(
  failures: Failure[],
  input: string,
  call: string,
  found: BakedPayloads | undefined,
  baked: BakedPayloads,
) {
  for (const version of ['ob3', 'ob2'] as const) {
    const text = baked[version];
    if (text !== undefined && found !== undefined && found[version] !== text) {
      failures.push({
        input,
        call,
        problem: `${version} read back as ${String(found[version]).slice(0, 80)}`,
      });
    }
  }
}

function pngBases(): Buffer[] {
  const small = makePng(12, 9, 1);
  return [
    small,
    bakePng(small, { ob3: CREDENTIAL, ob2: JWS }),
    withChunksAfterHeader(small, [
      itxtChunk('openbadgecredential', deflateSync(CREDENTIAL), { compressed: true }),
      textChunk('openbadges', 'https://example.org/assertions/1'),
    ]),
    readFileSync(new URL('ob20/simple-badge.png', FIXTURES)),
    readFileSync(new URL('ob30/simple-jwt.png', FIXTURES)),
  ];
}

function svgBases(): string[] {
  const plain =
    '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"><circle r="4"/></svg>\n';
  return [
    plain,
    bakeSvg(plain, { ob3: CREDENTIAL, ob2: '{"id":"https://example.org/a/1","x":"&<>"}' }),
    bakeSvg(plain, { ob3: JWS }),
    readFileSync(new URL('ob30/simple-json.svg', FIXTURES), 'utf8'),
    readFileSync(new URL('ob30/simple-jwt.svg', FIXTURES), 'utf8'),
  ];
}

describe('baking under hostile input', () => {
  it(`reads or refuses ${PNG_INPUTS} mutated PNG files with a typed error`, () => {
    const random = seededRandom(0x5eed_0001);
    const bases = pngBases();
    const failures: Failure[] = [];
    let baked = 0;
    for (let round = 0; round < PNG_INPUTS; round++) {
      const input = mutatePng(bases[round % bases.length] as Buffer, random);
      probe(failures, input, 'unbake', () => unbake(input));
      probe(failures, input, 'unbakePng', () => unbakePng(input));
      const payloads = PAYLOAD_CHOICES[randomInt(random, PAYLOAD_CHOICES.length)] as BakedPayloads;
      const output = probe(failures, input, 'bakePng', () => bakePng(input, payloads));
      if (output !== undefined) {
        baked++;
        const found = probe(failures, input, 'unbakePng(baked)', () => unbakePng(output));
        expectPayloadsBack(failures, describeInput(input), 'bakePng', found, payloads);
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
    // The mutations must leave some files intact enough to bake, or the round-trip property tests nothing.
    expect(baked).toBeGreaterThan(PNG_INPUTS / 20);
  });

  it(`reads or refuses ${SVG_INPUTS} mutated SVG documents with a typed error`, () => {
    const random = seededRandom(0x5eed_0002);
    const bases = svgBases();
    const failures: Failure[] = [];
    let baked = 0;
    for (let round = 0; round < SVG_INPUTS; round++) {
      const input = mutateSvg(bases[round % bases.length] as string, random);
      const bytes = Buffer.from(input, 'utf8');
      if (round % 4 === 0 && bytes.length > 0)
        bytes[randomInt(random, bytes.length)] = randomInt(random, 256);
      probe(failures, input, 'unbake', () => unbake(bytes));
      probe(failures, input, 'unbakeSvg', () => unbakeSvg(input));
      probe(failures, input, 'assertValidSvg', () => assertValidSvg(input));
      const payloads = PAYLOAD_CHOICES[randomInt(random, PAYLOAD_CHOICES.length)] as BakedPayloads;
      const output = probe(failures, input, 'bakeSvg', () => bakeSvg(input, payloads));
      if (output !== undefined) {
        baked++;
        const found = probe(failures, input, 'unbakeSvg(baked)', () => unbakeSvg(output));
        expectPayloadsBack(failures, describeInput(input), 'bakeSvg', found, payloads);
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
    expect(baked).toBeGreaterThan(SVG_INPUTS / 20);
  });

  it('refuses non-byte and non-text arguments with a typed error', () => {
    const failures: Failure[] = [];
    for (const value of [undefined, null, 42, 'text', {}, [1, 2, 3]]) {
      probe(failures, String(value), 'unbake', () => unbake(value as unknown as Uint8Array));
      probe(failures, String(value), 'unbakePng', () => unbakePng(value as unknown as Uint8Array));
      probe(failures, String(value), 'unbakeSvg', () => unbakeSvg(value as unknown as string));
      probe(failures, String(value), 'bakePng', () =>
        bakePng(makePng(2, 2, 1), value as unknown as BakedPayloads),
      );
    }
    expect(failures).toEqual([]);
  });
});
