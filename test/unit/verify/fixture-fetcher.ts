import { readdirSync, readFileSync } from 'node:fs';
import { type DocumentFetcher, staticDocumentFetcher } from '../../../shared/ports/fetcher.js';

/**
 * 1EdTech's validator fixtures, with the documents their live URLs would serve answered from files: the
 * BitstringStatusList `testlist`, a 1EdTech revocation list for credential-status-revoked.json, and the OB 2.0
 * `assets/` folder at every example.org origin.
 */
export const VALIDATOR_FIXTURES = new URL('../../fixtures/openbadges/validator-fixtures/', import.meta.url);
export const OB30 = new URL('ob30/', VALIDATOR_FIXTURES);
export const OB20 = new URL('ob20/', VALIDATOR_FIXTURES);

export const TESTLIST_URL =
  'https://raw.githubusercontent.com/1EdTech/digital-credentials-public-validator/refs/heads/main/inspector-vc/src/test/resources/ob30/bit-string-list/testlist';
export const WELLSPRING_REVOCATIONS_URL =
  'https://dc.1edtech.org/wellspring2022/wellspring-portal/api/revocations/da1e96e9-afcc-4eed-b9a2-2ddf7353214c';

export function readOb30(path: string): Buffer {
  return readFileSync(new URL(path, OB30));
}

export function readOb30Json(path: string): Record<string, unknown> {
  return JSON.parse(readOb30(path).toString('utf8'));
}

export function readOb20(path: string): Buffer {
  return readFileSync(new URL(path, OB20));
}

type Served = { body: Uint8Array | string; contentType?: string; status?: number };

export function fixtureDocuments(extra: Record<string, Served> = {}): Map<string, Served> {
  const documents = new Map<string, Served>([
    [TESTLIST_URL, { body: readOb30('bit-string-list/testlist'), contentType: 'application/vc+ld+json' }],
    [
      WELLSPRING_REVOCATIONS_URL,
      {
        body: readFileSync(new URL('./fixtures/1edtech-revocation-list.json', import.meta.url)),
        contentType: 'application/json',
      },
    ],
  ]);
  const assets = new URL('assets/', OB20);
  for (const name of readdirSync(assets)) {
    const body = readFileSync(new URL(name, assets));
    const contentType = name.endsWith('.png') ? 'image/png' : 'application/ld+json';
    for (const host of ['https://example.org/', 'http://example.org/'])
      documents.set(`${host}${name}`, { body, contentType });
  }
  for (const [url, served] of Object.entries(extra)) documents.set(url, served);
  return documents;
}

export function fixtureFetcher(extra: Record<string, Served> = {}): DocumentFetcher {
  return staticDocumentFetcher(fixtureDocuments(extra));
}
