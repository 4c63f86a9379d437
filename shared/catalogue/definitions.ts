import { readFileSync } from 'node:fs';
import type { BadgeClassDefinition } from '../issuance/issuer-settings.js';
import { CITIZEN21_BADGES } from './citizen21.js';

let cached: BadgeClassDefinition[] | undefined;

/** The Citizen 2.1 badge classes with their drawn images (shared/assets/badges, made by scripts/draw-badges.ts). */
export function citizen21Definitions(): BadgeClassDefinition[] {
  cached ??= CITIZEN21_BADGES.map((badge) => ({
    slug: badge.slug,
    name: badge.name,
    description: badge.description,
    criteria: badge.criteria,
    tags: [...badge.tags],
    image: readFileSync(new URL(`../assets/badges/${badge.slug}.png`, import.meta.url)),
  }));
  return cached;
}
