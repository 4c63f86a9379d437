import { describe, expect, it } from 'vitest';
import { assertValidSvg, bakeSvg, unbakeSvg } from '../../../shared/baking/index.js';
import { expectBadgeError } from '../../fixtures/baking/expect-badge-error.js';

const SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg">';
const wrap = (inner: string) => `${SVG_OPEN}${inner}</svg>`;

describe('SVG parsing refuses malformed and hostile documents', () => {
  const invalid: [string, string][] = [
    [
      'an entity declaration (billion laughs)',
      `<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>${wrap('&b;')}`,
    ],
    ['an external entity', `<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${wrap('&xxe;')}`],
    ['an undefined entity reference', wrap('<text>&nbsp;</text>')],
    ['an entity reference in an attribute', `<svg xmlns="http://www.w3.org/2000/svg" id="&x;"/>`],
    ['a bare ampersand', wrap('<text>a & b</text>')],
    ['a character reference to a non-XML character', wrap('<text>&#0;</text>')],
    ['an unterminated CDATA section', wrap('<![CDATA[ {"a": 1} ')],
    ['a CDATA terminator in text', wrap('<text>a ]]> b</text>')],
    ['CDATA outside the root', `<![CDATA[x]]>${wrap('')}`],
    ['an unterminated comment', wrap('<!-- never closed')],
    ["'--' inside a comment", wrap('<!-- a -- b -->')],
    ['a mismatched end tag', wrap('<g></h>')],
    ['an unclosed element', `${SVG_OPEN}<g>`],
    ['an end tag without a start tag', `${wrap('')}</g>`],
    ['two root elements', `${wrap('')}${wrap('')}`],
    ['text after the root', `${wrap('')}trailing`],
    ['a root that is not svg', '<html xmlns="http://www.w3.org/1999/xhtml"/>'],
    ['no root at all', '<?xml version="1.0"?><!-- nothing -->'],
    ['an unquoted attribute', '<svg width=10/>'],
    ['a duplicate attribute', '<svg a="1" a="2"/>'],
    ['an attribute without a value', '<svg hidden/>'],
    ['attributes without space between them', '<svg a="1"b="2"/>'],
    ["'<' inside an attribute value", '<svg a="<"/>'],
    ['an unterminated attribute value', '<svg a="1/>'],
    ['an unterminated start tag', '<svg a="1"'],
    ['an XML declaration not at the start', ` <?xml version="1.0"?>${wrap('')}`],
    ['a misplaced DOCTYPE', `${SVG_OPEN}<!DOCTYPE svg></svg>`],
    ['a control character', wrap('<text>\u0001</text>')],
    ['a malformed qualified name', '<svg><a:b:c/></svg>'],
    ['unknown markup', wrap('<!ELEMENT svg ANY>')],
    ['a name that does not start with a letter', wrap('<1g/>')],
  ];
  for (const [what, svg] of invalid) {
    it(`refuses ${what}`, () => {
      expectBadgeError(() => unbakeSvg(svg), 'SVG_INVALID');
    });
  }

  it('stops at the opening of a DOCTYPE internal subset, before any declaration in it is read', () => {
    const svg = `<!DOCTYPE svg [<!ENTITY a "]>">]>${wrap('&a;')}`;
    const error = expectBadgeError(() => unbakeSvg(svg), 'SVG_INVALID');
    expect(error.details).toEqual({ offset: svg.indexOf('[') });
  });

  it('accepts a DOCTYPE without internal subset, as SVG editors write it', () => {
    const svg = `<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">${wrap('')}`;
    expect(() => assertValidSvg(svg)).not.toThrow();
  });

  it('accepts single- and double-quoted attributes and quotes of the other kind inside them', () => {
    expect(() =>
      assertValidSvg(`<svg xmlns='http://www.w3.org/2000/svg' data-a="it's" data-b='say "hi"'/>`),
    ).not.toThrow();
  });

  it('refuses elements nested deeper than the limit', () => {
    const deep = `${SVG_OPEN}${'<g>'.repeat(300)}${'</g>'.repeat(300)}</svg>`;
    expectBadgeError(() => unbakeSvg(deep), 'SVG_INVALID');
    expect(() => unbakeSvg(deep, { maxDepth: 400 })).not.toThrow();
  });

  it('refuses documents above the size limit', () => {
    const big = wrap(`<desc>${'x'.repeat(2_000)}</desc>`);
    expectBadgeError(() => unbakeSvg(big, { maxBytes: 1_000 }), 'SVG_TOO_LARGE');
    expectBadgeError(() => bakeSvg(big, { ob3: 'a.b.c' }, { maxBytes: 1_000 }), 'SVG_TOO_LARGE');
    expectBadgeError(() => assertValidSvg(big, { maxBytes: 1_000 }), 'SVG_TOO_LARGE');
  });

  it('counts the size limit in UTF-8 bytes', () => {
    const wide = wrap(`<desc>${'é'.repeat(600)}</desc>`);
    expectBadgeError(() => unbakeSvg(wide, { maxBytes: 1_000 }), 'SVG_TOO_LARGE');
  });
});

describe('assertValidSvg', () => {
  it('accepts a plain badge image', () => {
    expect(() =>
      assertValidSvg(
        wrap('<circle cx="5" cy="5" r="4"/><a xlink:href="#c" xmlns:xlink="http://www.w3.org/1999/xlink"/>'),
      ),
    ).not.toThrow();
  });

  it('refuses a root outside the SVG namespace and undeclared prefixes', () => {
    expectBadgeError(() => assertValidSvg('<svg/>'), 'SVG_INVALID');
    expectBadgeError(() => assertValidSvg(wrap('<x:g/>')), 'SVG_INVALID');
  });

  const active: [string, string][] = [
    ['a script element', '<script>alert(1)</script>'],
    ['a script element in a prefixed namespace', '<s:script xmlns:s="http://www.w3.org/2000/svg"/>'],
    ['an event handler attribute', '<circle onload="alert(1)"/>'],
    ['an event handler in upper case', '<circle ONCLICK="alert(1)"/>'],
    ['a javascript: link', '<a href="javascript:alert(1)"/>'],
    ['a javascript: link hidden by whitespace and case', '<a href=" Java&#10;Script:alert(1)"/>'],
    ['an animation that sets a javascript: link', '<set attributeName="href" to="javascript:alert(1)"/>'],
    ['an HTML document link', '<a href="data:text/html;base64,PHNjcmlwdD4="/>'],
    ['a foreignObject', '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml"/></foreignObject>'],
    ['XHTML content', '<div xmlns="http://www.w3.org/1999/xhtml"/>'],
  ];
  for (const [what, inner] of active) {
    it(`refuses ${what}`, () => {
      expectBadgeError(() => assertValidSvg(wrap(inner)), 'SVG_ACTIVE_CONTENT');
    });
  }
});
