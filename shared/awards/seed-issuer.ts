import { citizen21Definitions } from '../catalogue/definitions.js';
import { activeKey, ensureKeyRing } from '../crypto/keys.js';
import { buildIssuerFiles, buildRevocationListFile, buildStatusListFile } from '../issuance/issuer-site.js';
import { prepareBadge } from '../issuance/prepared-badge.js';
import { CONTENT_TYPES, publishedFile } from '../issuance/published-file.js';
import { newStatusListBitstring } from '../ob3/status-list.js';
import { siteLayout } from '../site/layout.js';
import type { AwardDependencies } from './ports.js';
import { citizen21Rules } from './rules.js';
import { FIRST_STATUS_LIST } from './status-index.js';

/**
 * Makes the issuer ready to award: the key ring exists, the Citizen 2.1 badge classes and rules exist (added only
 * if missing, so later edits survive), and the public documents are published: DID document, profiles, keys,
 * badge classes with their images, the first status list and the revocation list (each only if missing, since
 * they carry revocations). Runs at deploy (custom resource) and on every local start; safe to repeat.
 */
export async function seedIssuer(deps: AwardDependencies): Promise<{ published: string[] }> {
  const now = deps.clock.now();
  const ring = await ensureKeyRing(deps.keyStore, now);
  const layout = siteLayout(deps.issuer.baseUrl);
  const catalogue = citizen21Definitions();

  await deps.badgeClasses.seed(
    catalogue.map(({ image: _image, ...definition }) => definition),
    now.toISOString(),
  );
  for (const definition of catalogue) {
    if (!(await deps.files.get(`achievements/${definition.slug}.png`))) {
      await deps.files.put(
        publishedFile(`achievements/${definition.slug}.png`, definition.image, CONTENT_TYPES.png),
      );
    }
  }
  await deps.rules.seed(citizen21Rules(now));

  const badges = [];
  for (const stored of await deps.badgeClasses.list()) {
    const image = await deps.files.get(`achievements/${stored.slug}.png`);
    if (image) badges.push(prepareBadge({ ...stored, image }, layout));
  }
  const files = buildIssuerFiles({ layout, issuer: deps.issuer, ring, badges });
  if (!(await deps.files.get(`status/${FIRST_STATUS_LIST}.json`))) {
    const { file } = await buildStatusListFile({
      layout,
      listId: FIRST_STATUS_LIST,
      bits: newStatusListBitstring(),
      key: activeKey(ring, 'EdDSA'),
      now,
    });
    files.push(file);
  }
  if (!(await deps.files.get('status/revocations.ob2.json'))) files.push(buildRevocationListFile(layout, []));
  for (const file of files) await deps.files.put(file);
  return { published: files.map((file) => file.key) };
}
