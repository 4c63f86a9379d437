import { OB_V3_CREDENTIAL_CONTEXTS } from '../formats/contexts.js';
import { buildOb2BadgeClass } from '../ob2/badge-class.js';
import { buildAchievement } from '../ob3/achievement.js';
import type { Json } from '../ob3/types.js';
import type { SiteLayout } from '../site/layout.js';
import type { BadgeClassDefinition } from './issuer-settings.js';

/** A badge class turned into the documents every award of it embeds or points at; built once, reused per award. */
export interface PreparedBadge {
  slug: string;
  name: string;
  /** The OB 3.0 Achievement as embedded in credentials. */
  achievement: Json;
  /** The OB 3.0 Achievement as published at its id. */
  publishedAchievement: Json;
  /** The OB 2.0 BadgeClass. */
  badgeClass: Json;
  image: Uint8Array;
}

export function prepareBadge(definition: BadgeClassDefinition, layout: SiteLayout): PreparedBadge {
  const imageUrl = layout.achievementImage(definition.slug);
  const achievement = buildAchievement({
    id: layout.achievement(definition.slug),
    name: definition.name,
    description: definition.description,
    criteria: { narrative: definition.criteria },
    image: { id: imageUrl, caption: `${definition.name} badge` },
    tags: definition.tags,
    ...(definition.alignment ? { alignment: definition.alignment } : {}),
  });
  const badgeClass = buildOb2BadgeClass({
    id: layout.badgeClass(definition.slug),
    name: definition.name,
    description: definition.description,
    image: imageUrl,
    criteria: { narrative: definition.criteria },
    issuer: layout.ob2Issuer,
    tags: definition.tags,
    ...(definition.alignment
      ? {
          alignment: definition.alignment.map((a) => ({
            targetName: a.targetName,
            targetUrl: a.targetUrl,
            ...(a.targetDescription ? { targetDescription: a.targetDescription } : {}),
            ...(a.targetFramework ? { targetFramework: a.targetFramework } : {}),
            ...(a.targetCode ? { targetCode: a.targetCode } : {}),
          })),
        }
      : {}),
  }) as unknown as Json;
  return {
    slug: definition.slug,
    name: definition.name,
    achievement,
    publishedAchievement: { '@context': [...OB_V3_CREDENTIAL_CONTEXTS], ...achievement },
    badgeClass,
    image: definition.image,
  };
}
