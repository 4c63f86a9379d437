import { describe, expect, it } from 'vitest';
import { type DocumentFetcher, staticDocumentFetcher } from '../../../shared/ports/fetcher.js';
import { verify } from '../../../shared/verify/index.js';
import { readOb30, readOb30Json } from './fixture-fetcher.js';

/** Whatever arrives, verify answers with a result: unreadable input is a failed INPUT check with a reason. */
const fetcher = staticDocumentFetcher(new Map());
const now = new Date('2025-06-01T00:00:00Z');

async function inputReason(input: string | Uint8Array | URL, using: DocumentFetcher = fetcher) {
  const result = await verify(input, { fetcher: using, now });
  expect(result.verified).toBe(false);
  expect(result.format).toBe('unknown');
  expect(result.checks).toHaveLength(1);
  expect(result.checks[0]).toMatchObject({ code: 'INPUT', status: 'failed' });
  return result.checks[0]?.reason;
}

function nested(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

describe('verify on unreadable input', () => {
  it.each([
    ['broken JSON', '{"@context": [', 'JSON_INVALID'],
    ['JSON that is not a credential', '{"hello": "world"}', 'NOT_A_CREDENTIAL'],
    ['a JSON array', '[1, 2, 3]', 'NOT_A_CREDENTIAL'],
    ['plain text', 'hello world', 'INPUT_UNRECOGNIZED'],
    ['an empty string', '', 'INPUT_UNRECOGNIZED'],
    ['three dots of base64url that decode to nothing', 'abc.def.ghi', 'JWS_MALFORMED'],
    [
      'a JWS whose payload is no credential',
      `eyJhbGciOiJSUzI1NiJ9.${Buffer.from('{"x":1}').toString('base64url')}.c2ln`,
      'NOT_A_CREDENTIAL',
    ],
    ['JSON nested 10,000 deep', nested(10_000), 'JSON_TOO_DEEP'],
    ['an SVG without a badge', '<svg xmlns="http://www.w3.org/2000/svg"></svg>', 'NO_BAKED_CREDENTIAL'],
    ['markup that is not an SVG', '<html><body/></html>', 'IMAGE_FORMAT_UNKNOWN'],
  ])('reports %s as %s', async (_what, input, reason) => {
    expect(await inputReason(input)).toBe(reason);
  });

  it('refuses JSON with more than 100,000 values', async () => {
    expect(
      await inputReason(
        JSON.stringify({ type: ['VerifiableCredential'], values: new Array(100_001).fill(0) }),
      ),
    ).toBe('JSON_TOO_LARGE');
  });

  it('reads a JWS whose payload nests too deep as malformed', async () => {
    const deep = Buffer.from(`{"vc":${nested(200)}}`).toString('base64url');
    expect(await inputReason(`eyJhbGciOiJSUzI1NiJ9.${deep}.c2ln`)).toBe('JWS_MALFORMED');
  });

  it('refuses to canonicalize a signed document of more than 10,000 values', async () => {
    const credential = readOb30Json('simple.json');
    const subject = credential.credentialSubject as Record<string, unknown>;
    credential.credentialSubject = { ...subject, padding: new Array(10_001).fill('x') };
    const result = await verify(JSON.stringify(credential), { fetcher, now });
    expect(result.checks.find((check) => check.code === 'PROOF')).toMatchObject({
      status: 'failed',
      reason: 'DOCUMENT_TOO_LARGE',
    });
  });

  it('reports bytes that are neither PNG nor UTF-8', async () => {
    expect(await inputReason(Uint8Array.from([0xff, 0xfe, 0x00, 0x80, 0x81]))).toBe('INPUT_UNRECOGNIZED');
  });

  it('passes on the baking error code of a damaged PNG', async () => {
    const png = Buffer.from(readOb30('simple-json.png'));
    png[40] = (png[40] as number) ^ 0xff;
    expect(await inputReason(png)).toMatch(/^PNG_/);
  });

  it('refuses input over the size limit', async () => {
    expect(await inputReason(`{"a":"${'x'.repeat(17 * 1024 * 1024)}"}`)).toBe('INPUT_TOO_LARGE');
  });

  it('reports a URL that cannot be fetched, and a fetcher that throws', async () => {
    expect(await inputReason(new URL('https://badges.example.org/missing'))).toBe('FETCH_FAILED');
    const throwing: DocumentFetcher = async () => {
      throw new Error('connection reset');
    };
    expect(await inputReason('https://badges.example.org/credential', throwing)).toBe('FETCH_FAILED');
  });

  it('reports a URL that serves a web page', async () => {
    const page = staticDocumentFetcher(
      new Map([
        [
          'https://badges.example.org/credentials/1.html',
          { body: '<!doctype html><html></html>', contentType: 'text/html; charset=utf-8' },
        ],
      ]),
    );
    expect(await inputReason('https://badges.example.org/credentials/1.html', page)).toBe('NOT_A_CREDENTIAL');
  });

  it('refuses URLs that are not http(s)', async () => {
    expect(await inputReason(new URL('file:///etc/passwd'))).toBe('URL_INVALID');
  });

  it('stops following a URL that serves a URL that serves a URL', async () => {
    const loop = staticDocumentFetcher(
      new Map([['https://a.example/x', { body: 'https://a.example/x', contentType: 'text/plain' }]]),
    );
    expect(await inputReason('https://a.example/x', loop)).toBe('TOO_MANY_INDIRECTIONS');
  });
});
