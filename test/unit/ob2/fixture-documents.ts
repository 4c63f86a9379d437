import { readdirSync, readFileSync } from 'node:fs';
import { type DocumentFetcher, staticDocumentFetcher } from '../../../shared/ports/fetcher.js';

/** 1EdTech's OB 2.0 validator fixtures; their tests serve every example.org URL from `ob20/assets/`. */
export const OB20_FIXTURES = new URL('../../fixtures/openbadges/validator-fixtures/ob20/', import.meta.url);
const ASSET_HOSTS = ['https://example.org/', 'http://example.org/', 'https://www.example.org/'];

export function readFixture(path: string): Buffer {
  return readFileSync(new URL(path, OB20_FIXTURES));
}

export function readFixtureJson(path: string): Record<string, unknown> {
  return JSON.parse(readFixture(path).toString('utf8'));
}

type Served = { body: Uint8Array | string; contentType?: string; status?: number };

/** The assets folder at every example.org origin, plus documents a test adds (e.g. an assertion at its own id). */
export function fixtureFetcher(extra: Record<string, Served> = {}): DocumentFetcher {
  const documents = new Map<string, Served>();
  const assets = new URL('assets/', OB20_FIXTURES);
  for (const name of readdirSync(assets)) {
    const body = readFileSync(new URL(name, assets));
    const contentType = name.endsWith('.png') ? 'image/png' : 'application/ld+json';
    for (const host of ASSET_HOSTS) documents.set(`${host}${name}`, { body, contentType });
  }
  for (const [url, served] of Object.entries(extra)) documents.set(url, served);
  return staticDocumentFetcher(documents);
}

/** A hosted assertion is served at its own id, as the hosted copy a verifier fetches. */
export function servedAtItsId(assertion: Record<string, unknown>): Record<string, Served> {
  return { [String(assertion.id)]: { body: JSON.stringify(assertion), contentType: 'application/ld+json' } };
}

/** The text of a PNG `iTXt` or `tEXt` chunk with the given keyword (uncompressed), read straight from the bytes. */
export function pngTextChunk(png: Buffer, keyword: string): string | undefined {
  let offset = 8;
  while (offset + 12 <= png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    const separator = data.indexOf(0);
    if ((type === 'iTXt' || type === 'tEXt') && data.toString('latin1', 0, separator) === keyword) {
      if (type === 'tEXt') return data.toString('latin1', separator + 1);
      // iTXt: keyword 0, compression flag, method, language tag 0, translated keyword 0, text
      const languageEnd = data.indexOf(0, separator + 3);
      const translatedEnd = data.indexOf(0, languageEnd + 1);
      return data.toString('utf8', translatedEnd + 1);
    }
    offset += 12 + length;
  }
  return undefined;
}
