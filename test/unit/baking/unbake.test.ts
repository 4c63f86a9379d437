import { describe, expect, it } from 'vitest';
import { bakePng, bakeSvg, detectImageType, unbake } from '../../../shared/baking/index.js';
import { expectBadgeError } from '../../fixtures/baking/expect-badge-error.js';
import { makePng } from '../../fixtures/baking/make-png.js';

const png = makePng(8, 8, 5);
const svg = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>';
const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('detectImageType', () => {
  it('recognises a PNG by its signature', () => {
    expect(detectImageType(png)).toBe('png');
  });

  it('recognises an SVG behind a BOM, an XML declaration, comments and a DOCTYPE', () => {
    const prolog =
      '\uFEFF<?xml version="1.0"?>\n<!-- made by hand -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x">\n';
    expect(detectImageType(bytes(prolog + svg))).toBe('svg');
    expect(detectImageType(bytes('<svg:svg xmlns:svg="http://www.w3.org/2000/svg"/>'))).toBe('svg');
  });

  it('recognises an SVG that carries an internal DTD subset, so that it can be refused as such', () => {
    expect(detectImageType(bytes(`<!DOCTYPE svg [<!ENTITY a "]>">]>${svg}`))).toBe('svg');
  });

  it('recognises neither other XML, other images nor text', () => {
    expect(detectImageType(bytes('<html><svg/></html>'))).toBeUndefined();
    expect(detectImageType(bytes('GIF89a'))).toBeUndefined();
    expect(detectImageType(bytes('{"type": "svg"}'))).toBeUndefined();
    expect(detectImageType(new Uint8Array(0))).toBeUndefined();
    expect(detectImageType(png.subarray(0, 7))).toBeUndefined();
  });
});

describe('unbake', () => {
  it('reads a baked PNG', () => {
    expect(unbake(bakePng(png, { ob3: 'a.b.c', ob2: '{"x":1}' }))).toEqual({
      ob3: 'a.b.c',
      ob2: '{"x":1}',
      imageType: 'png',
    });
  });

  it('reads a baked SVG given as UTF-8 bytes', () => {
    expect(unbake(bytes(bakeSvg(svg, { ob3: '{"name":"Témoin"}' })))).toEqual({
      ob3: '{"name":"Témoin"}',
      imageType: 'svg',
    });
  });

  it('reports an image without baked data with no payload', () => {
    expect(unbake(png)).toEqual({ imageType: 'png' });
  });

  it('refuses bytes that are neither PNG nor SVG', () => {
    expectBadgeError(() => unbake(bytes('hello')), 'IMAGE_FORMAT_UNKNOWN');
    expectBadgeError(() => unbake(new Uint8Array([0xff, 0xd8, 0xff, 0xe0])), 'IMAGE_FORMAT_UNKNOWN');
  });

  it('refuses an SVG that is not UTF-8', () => {
    const latin1 = Buffer.concat([bytes('<svg><desc>caf'), Buffer.from([0xe9]), bytes('</desc></svg>')]);
    expectBadgeError(() => unbake(latin1), 'SVG_INVALID');
  });

  it('applies the limits of each format', () => {
    expectBadgeError(() => unbake(png, { png: { maxBytes: 10 } }), 'PNG_TOO_LARGE');
    expectBadgeError(() => unbake(bytes(svg), { svg: { maxBytes: 10 } }), 'SVG_TOO_LARGE');
  });
});
