import { describe, expect, it } from 'vitest';
import { BADGE_NAMESPACE, bakeSvg, unbakeSvg } from '../../../shared/baking/index.js';
import { expectBadgeError } from '../../fixtures/baking/expect-badge-error.js';

const PLAIN_SVG = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">
  <!-- a badge -->
  <circle cx="5" cy="5" r="4" fill="gold"/>
</svg>
`;
const CREDENTIAL_JSON = JSON.stringify({
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  name: 'Pionnier ✓',
});
const COMPACT_JWS = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
const HOSTED_ASSERTION = JSON.stringify({
  '@context': 'https://w3id.org/openbadges/v2',
  id: 'https://example.org/assertions/1?lang=en&format=json',
  type: 'Assertion',
});

const count = (text: string, part: string) => text.split(part).length - 1;

describe('bakeSvg', () => {
  it('round-trips both payloads', () => {
    const baked = bakeSvg(PLAIN_SVG, { ob3: CREDENTIAL_JSON, ob2: COMPACT_JWS });
    expect(unbakeSvg(baked)).toEqual({ ob3: CREDENTIAL_JSON, ob2: COMPACT_JWS });
  });

  it('puts a 3.0 JSON credential in CDATA and declares the 3.0 namespace on the root', () => {
    const baked = bakeSvg(PLAIN_SVG, { ob3: CREDENTIAL_JSON });
    expect(baked).toContain(
      `<svg xmlns:openbadges="${BADGE_NAMESPACE.ob3}" xmlns="http://www.w3.org/2000/svg"`,
    );
    expect(baked).toContain(`<openbadges:credential><![CDATA[${CREDENTIAL_JSON}]]></openbadges:credential>`);
  });

  it('puts a VC-JWT in the verify attribute of an empty 3.0 element, directly after the root start tag', () => {
    const baked = bakeSvg(PLAIN_SVG, { ob3: COMPACT_JWS });
    expect(baked).toContain(
      `viewBox="0 0 10 10">\n  <openbadges:credential verify="${COMPACT_JWS}"></openbadges:credential>\n  <!--`,
    );
  });

  it('writes a signed 2.0 assertion as a self-closing element with its JWS in verify', () => {
    const baked = bakeSvg(PLAIN_SVG, { ob2: COMPACT_JWS });
    expect(baked).toContain(`xmlns:openbadges="${BADGE_NAMESPACE.ob2}"`);
    expect(baked).toContain(`<openbadges:assertion verify="${COMPACT_JWS}"/>`);
  });

  it('writes a hosted 2.0 assertion with its URL in verify and its JSON in CDATA', () => {
    const baked = bakeSvg(PLAIN_SVG, { ob2: HOSTED_ASSERTION });
    expect(baked).toContain(
      '<openbadges:assertion verify="https://example.org/assertions/1?lang=en&amp;format=json"><![CDATA[',
    );
    expect(unbakeSvg(baked)).toEqual({ ob2: HOSTED_ASSERTION });
  });

  it('binds each element to its own namespace when both versions are baked', () => {
    const baked = bakeSvg(PLAIN_SVG, { ob3: CREDENTIAL_JSON, ob2: COMPACT_JWS });
    expect(baked).toContain(`<svg xmlns:openbadges="${BADGE_NAMESPACE.ob3}"`);
    expect(baked).toContain(`<openbadges:assertion xmlns:openbadges="${BADGE_NAMESPACE.ob2}" verify=`);
  });

  it('splits CDATA around a "]]>" inside the payload and reads it back unchanged', () => {
    const tricky = JSON.stringify({ description: 'ends with ]]> and ]]]]> and <![CDATA[ too' });
    const baked = bakeSvg(PLAIN_SVG, { ob3: tricky });
    expect(count(baked, '<![CDATA[')).toBe(4);
    expect(unbakeSvg(baked)).toEqual({ ob3: tricky });
  });

  it('keeps carriage returns, tabs and markup characters exactly', () => {
    const json = '{\r\n\t"a": "<b> & \'c\' \\"d\\""\r}';
    const url = 'https://example.org/a?x=1&y="2"\t<z>';
    const baked = bakeSvg(PLAIN_SVG, { ob3: json, ob2: url });
    expect(unbakeSvg(baked)).toEqual({ ob3: json, ob2: url });
  });

  it('refuses a payload with a character that XML cannot carry', () => {
    expectBadgeError(() => bakeSvg(PLAIN_SVG, { ob3: '{"bell": "\u0007"}' }), 'BAKED_PAYLOAD_INVALID');
    expectBadgeError(() => bakeSvg(PLAIN_SVG, { ob3: '{"x": "\uFFFF"}' }), 'BAKED_PAYLOAD_INVALID');
  });

  it('replaces an earlier element of the same version instead of adding one', () => {
    const once = bakeSvg(PLAIN_SVG, { ob3: 'old.jws.value' });
    const twice = bakeSvg(once, { ob3: CREDENTIAL_JSON });
    expect(count(twice, '<openbadges:credential')).toBe(1);
    expect(unbakeSvg(twice)).toEqual({ ob3: CREDENTIAL_JSON });
  });

  it('gives the same document when the same payloads are baked again', () => {
    const once = bakeSvg(PLAIN_SVG, { ob3: CREDENTIAL_JSON, ob2: HOSTED_ASSERTION });
    expect(bakeSvg(once, { ob3: CREDENTIAL_JSON, ob2: HOSTED_ASSERTION })).toBe(once);
  });

  it('keeps the other version, in its own namespace, when baking one', () => {
    const withOb2 = bakeSvg(PLAIN_SVG, { ob2: COMPACT_JWS });
    const both = bakeSvg(withOb2, { ob3: CREDENTIAL_JSON });
    expect(unbakeSvg(both)).toEqual({ ob3: CREDENTIAL_JSON, ob2: COMPACT_JWS });
    expect(count(both, 'xmlns:openbadges=')).toBe(2);
    const withOb3 = bakeSvg(PLAIN_SVG, { ob3: CREDENTIAL_JSON });
    expect(unbakeSvg(bakeSvg(withOb3, { ob2: COMPACT_JWS }))).toEqual({
      ob3: CREDENTIAL_JSON,
      ob2: COMPACT_JWS,
    });
  });

  it('removes duplicate badge elements, wherever they stand', () => {
    const duplicated = PLAIN_SVG.replace(
      '<circle',
      `<openbadges:credential xmlns:openbadges="${BADGE_NAMESPACE.ob3}" verify="a.b.c"/>` +
        `<g><openbadges:credential xmlns:openbadges="${BADGE_NAMESPACE.ob3}" verify="d.e.f"/></g><circle`,
    );
    const baked = bakeSvg(duplicated, { ob3: COMPACT_JWS });
    expect(count(baked, '<openbadges:credential')).toBe(1);
    expect(baked).toContain('<g></g>');
  });

  it('bakes into a self-closing root element', () => {
    const baked = bakeSvg('<svg xmlns="http://www.w3.org/2000/svg"/>', { ob3: COMPACT_JWS });
    expect(baked).toBe(
      `<svg xmlns:openbadges="${BADGE_NAMESPACE.ob3}" xmlns="http://www.w3.org/2000/svg">\n` +
        `  <openbadges:credential verify="${COMPACT_JWS}"></openbadges:credential>\n</svg>`,
    );
  });

  it('leaves a root prefix bound to another vocabulary alone and declares the badge namespace locally', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="urn:other"><openbadges:x/></svg>';
    const baked = bakeSvg(svg, { ob3: COMPACT_JWS });
    expect(baked).toContain('xmlns:openbadges="urn:other">');
    expect(baked).toContain('<openbadges:x/>');
    expect(baked).toContain(`<openbadges:credential xmlns:openbadges="${BADGE_NAMESPACE.ob3}" verify=`);
    expect(unbakeSvg(baked)).toEqual({ ob3: COMPACT_JWS });
  });

  it('refuses a root element outside the SVG namespace', () => {
    expectBadgeError(() => bakeSvg('<svg><g/></svg>', { ob3: COMPACT_JWS }), 'SVG_INVALID');
  });

  it('refuses to write a document larger than the size limit', () => {
    expectBadgeError(
      () => bakeSvg(PLAIN_SVG, { ob3: COMPACT_JWS }, { maxBytes: PLAIN_SVG.length + 20 }),
      'SVG_TOO_LARGE',
    );
  });
});

describe('unbakeSvg', () => {
  it('returns nothing for an SVG without baked data', () => {
    expect(unbakeSvg(PLAIN_SVG)).toEqual({});
  });

  it('finds a badge element by namespace whatever its prefix', () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg"><ob:credential xmlns:ob='${BADGE_NAMESPACE.ob3}' verify='a.b.c'/></svg>`;
    expect(unbakeSvg(svg)).toEqual({ ob3: 'a.b.c' });
  });

  it('reads an undeclared openbadges prefix by element name', () => {
    const svg = '<svg><openbadges:assertion verify="https://example.org/a/1"/></svg>';
    expect(unbakeSvg(svg)).toEqual({ ob2: 'https://example.org/a/1' });
  });

  it('ignores an element of the right name in another namespace', () => {
    const svg = '<svg xmlns:openbadges="urn:elsewhere"><openbadges:credential verify="a.b.c"/></svg>';
    expect(unbakeSvg(svg)).toEqual({});
  });

  it('prefers the 2.0 assertion body over its verify URL, and the 3.0 verify attribute over a body', () => {
    const svg =
      `<svg xmlns:openbadges="${BADGE_NAMESPACE.ob2}">` +
      '<openbadges:assertion verify="https://example.org/a/1"> <![CDATA[{"id":1}]]> </openbadges:assertion>' +
      `<x:credential xmlns:x="${BADGE_NAMESPACE.ob3}" verify="a.b.c">{"ignored":true}</x:credential></svg>`;
    expect(unbakeSvg(svg)).toEqual({ ob2: '{"id":1}', ob3: 'a.b.c' });
  });

  it('decodes predefined entities and character references in text and attributes', () => {
    const svg =
      `<svg xmlns:openbadges="${BADGE_NAMESPACE.ob3}"><openbadges:credential>` +
      '{"a":"&lt;&amp;&#233;&#x1F3C5;"}</openbadges:credential></svg>';
    expect(unbakeSvg(svg)).toEqual({ ob3: '{"a":"<&é🏅"}' });
  });

  it('takes the first element of a version and skips empty ones', () => {
    const svg =
      `<svg xmlns:openbadges="${BADGE_NAMESPACE.ob3}"><openbadges:credential verify=""/>` +
      '<openbadges:credential verify="first.a.b"/><openbadges:credential verify="second.a.b"/></svg>';
    expect(unbakeSvg(svg)).toEqual({ ob3: 'first.a.b' });
  });

  it('accepts a byte order mark, comments and processing instructions around the root', () => {
    const svg = `\uFEFF<?xml version="1.0"?><!-- c --><?pi x?><svg xmlns:openbadges="${BADGE_NAMESPACE.ob3}"><openbadges:credential verify="a.b.c"/></svg><!-- end -->\n`;
    expect(unbakeSvg(svg)).toEqual({ ob3: 'a.b.c' });
  });
});
