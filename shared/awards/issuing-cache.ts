import { activeKey, ensureKeyRing, type KeyRing } from '../crypto/keys.js';
import { BadgeError } from '../errors.js';
import type { IssuingContext } from '../issuance/issue-award.js';
import { type PreparedBadge, prepareBadge } from '../issuance/prepared-badge.js';
import { siteLayout } from '../site/layout.js';
import type { AwardDependencies } from './ports.js';

/**
 * What issuing needs and rarely changes (the key ring, badge classes prepared with their images), loaded once per
 * process and reused for every award: a warm function does no extra reads per award.
 */
export class IssuingCache {
  private ring: Promise<KeyRing> | undefined;
  private readonly badges = new Map<string, { updatedAt: string; prepared: Promise<PreparedBadge> }>();

  constructor(
    private readonly deps: Pick<
      AwardDependencies,
      'keyStore' | 'badgeClasses' | 'files' | 'issuer' | 'clock'
    >,
  ) {}

  async context(): Promise<IssuingContext & { ring: KeyRing }> {
    this.ring ??= ensureKeyRing(this.deps.keyStore, this.deps.clock.now()).catch((error) => {
      this.ring = undefined;
      throw error;
    });
    const ring = await this.ring;
    return {
      ring,
      layout: siteLayout(this.deps.issuer.baseUrl),
      issuer: this.deps.issuer,
      keys: { ed25519: activeKey(ring, 'EdDSA'), rsa: activeKey(ring, 'RS256') },
    };
  }

  async badge(slug: string): Promise<PreparedBadge> {
    const definition = await this.deps.badgeClasses.get(slug);
    if (!definition)
      throw new BadgeError('BADGE_NOT_FOUND', `badge class ${slug} does not exist`, { status: 404 });
    const cached = this.badges.get(slug);
    if (cached && cached.updatedAt === definition.updatedAt) return cached.prepared;
    const prepared = (async () => {
      const image = await this.deps.files.get(`achievements/${slug}.png`);
      if (!image)
        throw new BadgeError('BADGE_IMAGE_MISSING', `badge class ${slug} has no published image`, {
          status: 500,
        });
      return prepareBadge({ ...definition, image }, siteLayout(this.deps.issuer.baseUrl));
    })();
    prepared.catch(() => this.badges.delete(slug));
    this.badges.set(slug, { updatedAt: definition.updatedAt, prepared });
    return prepared;
  }
}
