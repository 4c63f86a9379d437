import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assertValidPng, assertValidSvg, unbake } from '../../../shared/baking/index.js';

const FIXTURES = new URL('../../fixtures/openbadges/validator-fixtures/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, FIXTURES));
const COMPACT_JWS = /^[\w-]+\.[\w-]+\.[\w-]+$/;

function expectCredentialJson(text: string | undefined): void {
  const credential = JSON.parse(text ?? '') as { type?: unknown; proof?: unknown };
  expect(credential.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
  expect(Array.isArray(credential.proof)).toBe(true);
}

describe("1EdTech validator's baked fixtures", () => {
  for (const name of ['ob30/simple-json.png', 'ob30/simple-json.svg']) {
    it(`unbakes the 3.0 credential JSON from ${name}`, () => {
      const found = unbake(read(name));
      expect(found.imageType).toBe(name.slice(-3));
      expect(found.ob2).toBeUndefined();
      expectCredentialJson(found.ob3);
    });
  }

  for (const name of [
    'ob30/simple-jwt.png',
    'ob30/simple-jwt_v1.png',
    'ob30/simple-jwt.svg',
    'ob30/simple-jwt_v1.svg',
  ]) {
    it(`unbakes the 3.0 VC-JWT from ${name}`, () => {
      const found = unbake(read(name));
      expect(found.ob3).toMatch(COMPACT_JWS);
      const payload = JSON.parse(Buffer.from(found.ob3?.split('.')[1] ?? '', 'base64url').toString('utf8'));
      expect(payload.jti ?? payload.vc?.id).toMatch(/^http:\/\/example\.(com|edu)\/credentials\//);
    });
  }

  it('unbakes the JSON-LD of the same credential from the PNG and the SVG', () => {
    const fromPng = JSON.parse(unbake(read('ob30/simple-json.png')).ob3 ?? '');
    const fromSvg = JSON.parse(unbake(read('ob30/simple-json.svg')).ob3 ?? '');
    expect(fromSvg).toEqual(fromPng);
  });

  it('unbakes VC-JWTs of the same credential from the PNG and the SVG', () => {
    const claims = (name: string) =>
      JSON.parse(Buffer.from(unbake(read(name)).ob3?.split('.')[1] ?? '', 'base64url').toString('utf8'));
    const { iat: _signedAtSvg, ...fromSvg } = claims('ob30/simple-jwt.svg');
    const { iat: _signedAtPng, ...fromPng } = claims('ob30/simple-jwt.png');
    expect(fromSvg).toEqual(fromPng);
  });

  it('unbakes the 2.0 hosted assertion from ob20/simple-badge.png', () => {
    const found = unbake(read('ob20/simple-badge.png'));
    expect(found).toMatchObject({ imageType: 'png' });
    expect(found.ob3).toBeUndefined();
    const assertion = JSON.parse(found.ob2 ?? '');
    expect(assertion).toMatchObject({ '@context': 'https://w3id.org/openbadges/v2', type: 'Assertion' });
    expect(assertion.verification).toEqual({ type: 'hosted' });
  });

  it('accepts the fixture images as valid badge images', () => {
    for (const name of ['ob30/simple-json.png', 'ob20/simple-badge.png', 'ob20/assets/robotics-badge.png']) {
      expect(assertValidPng(read(name)).width).toBeGreaterThan(0);
    }
    for (const name of ['ob30/simple-json.svg', 'ob30/simple-jwt.svg']) {
      expect(() => assertValidSvg(read(name).toString('utf8'))).not.toThrow();
    }
  });
});
