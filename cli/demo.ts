/**
 * `npm run demo`: issues the four Citizen 2.1 badges to a sample participant into ./site (laid out as the CDN
 * serves it), verifies each one offline from that folder, and prints where the files are.
 */

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { directoryDocumentFetcher } from '../shared/adapters/directory-fetcher.js';
import { FileKeyStore } from '../shared/adapters/file-key-store.js';
import { CITIZEN21_BADGES, CITIZEN21_ISSUER } from '../shared/catalogue/citizen21.js';
import { issueToDirectory } from '../shared/issuance/issue-to-directory.js';
import { verify } from '../shared/verify/index.js';

const baseUrl = process.env.BADGES_DEMO_BASE_URL ?? 'https://badges.citizen21.example.org';
const outDir = resolve(process.env.BADGES_DEMO_OUT ?? 'site');
const keyStore = new FileKeyStore(resolve('.data/keys/keyring.json'));
const fetcher = directoryDocumentFetcher(baseUrl, outDir);
const issued = [];
for (const badge of CITIZEN21_BADGES) {
  const { files } = await issueToDirectory({
    badgeSlug: badge.slug,
    email: 'sample.participant@example.org',
    name: 'Sample Participant',
    outDir,
    keyStore,
    issuer: {
      baseUrl,
      name: CITIZEN21_ISSUER.name,
      url: 'https://citizen21.example.org',
      email: 'badges@citizen21.example.org',
      description: CITIZEN21_ISSUER.description,
      formats: { vcJwt: true, ob2Signed: false },
    },
  });
  const checks = [];
  for (const [format, path] of [
    ['OB 3.0 JSON', files.credential],
    ['VC-JWT', files.credentialJwt],
    ['baked PNG', files.png],
    ['OB 2.0', files.assertion],
  ] as const) {
    if (!path) continue;
    const bytes = await readFile(path);
    const input = format === 'baked PNG' ? bytes : bytes.toString('utf8');
    const result = await verify(input, { fetcher, recipientEmail: 'sample.participant@example.org' });
    checks.push({
      format,
      verified: result.verified,
      failed: result.checks.filter((c) => c.status === 'failed').map((c) => c.reason ?? c.code),
    });
  }
  issued.push({ badge: badge.slug, files, checks });
}
console.log(JSON.stringify({ baseUrl, site: outDir, issued }, null, 2));
process.exitCode = issued.every((entry) => entry.checks.every((check) => check.verified)) ? 0 : 1;
