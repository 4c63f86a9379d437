import { OB_V3_CREDENTIAL_CONTEXTS } from '../formats/contexts.js';
import type { Alignment, AlignmentInput, ImageRef, Json, ProfileRef } from './types.js';
import { compact, optional, requireText, requireUri } from './validate-input.js';

export interface AchievementInput {
  id: string;
  name: string;
  description: string;
  criteria: { id?: string; narrative: string };
  image?: { id: string; caption?: string };
  achievementType?: string;
  tags?: string[];
  alignment?: AlignmentInput[];
  creator?: ProfileRef;
  inLanguage?: string;
  version?: string;
}

export function buildAlignment(input: AlignmentInput, field = 'alignment'): Alignment {
  return compact({
    type: ['Alignment'] as ['Alignment'],
    targetName: requireText(`${field}.targetName`, input.targetName, 500),
    targetUrl: requireUri(`${field}.targetUrl`, input.targetUrl),
    targetDescription: optional(input.targetDescription, (v) => requireText(`${field}.targetDescription`, v)),
    targetFramework: optional(input.targetFramework, (v) => requireText(`${field}.targetFramework`, v, 500)),
    targetCode: optional(input.targetCode, (v) => requireText(`${field}.targetCode`, v, 500)),
    targetType: optional(input.targetType, (v) => requireText(`${field}.targetType`, v, 200)),
  });
}

/** An OB 3.0 Achievement, as embedded in credentials (no @context) . */
export function buildAchievement(input: AchievementInput): Json {
  const image: ImageRef | undefined = input.image
    ? compact({
        id: requireUri('image.id', input.image.id),
        type: 'Image' as const,
        caption: input.image.caption,
      })
    : undefined;
  return compact({
    id: requireUri('id', input.id),
    type: ['Achievement'],
    achievementType: input.achievementType ?? 'Badge',
    name: requireText('name', input.name, 200),
    description: requireText('description', input.description, 4000),
    criteria: compact({
      id: optional(input.criteria?.id, (v) => requireUri('criteria.id', v)),
      narrative: requireText('criteria.narrative', input.criteria?.narrative, 8000),
    }),
    image,
    tag: input.tags?.length ? input.tags.map((tag, i) => requireText(`tags[${i}]`, tag, 100)) : undefined,
    alignment: input.alignment?.length
      ? input.alignment.map((a, i) => buildAlignment(a, `alignment[${i}]`))
      : undefined,
    creator: input.creator,
    inLanguage: input.inLanguage,
    version: input.version,
  });
}

/** The Achievement published on its own at its id, with the JSON-LD contexts. */
export function buildPublishedAchievement(input: AchievementInput): Json {
  return { '@context': [...OB_V3_CREDENTIAL_CONTEXTS], ...buildAchievement(input) };
}
