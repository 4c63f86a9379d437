import { z } from 'zod';
import { ruleInputSchema } from '../awards/rules.js';

/**
 * The shapes the API accepts and answers, in zod. Handlers validate with them and the OpenAPI document is
 * generated from them (z.toJSONSchema), so the two cannot drift.
 */
export const MAX_BULK_ROWS = 5000;
export const MAX_PAGE_SIZE = 200;

const text = (max: number) => z.string().trim().min(1).max(max);
const httpUrl = z.url({ protocol: /^https?$/ }).max(2000);
export const slugSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes (at most 63)');
export const awardIdSchema = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'an award id (a lower-case UUID)');
const emailSchema = z.email().max(320);
const statusSchema = z.enum(['pending', 'issuing', 'published', 'revoked']);
const dateTime = z.iso.datetime({ offset: true });

export const evidenceSchema = z.strictObject({
  id: httpUrl.optional(),
  name: text(200).optional(),
  description: text(2000).optional(),
});

export const awardRequestSchema = z.strictObject({
  badge: slugSchema,
  email: emailSchema,
  name: text(200).optional(),
  narrative: text(4000).optional(),
  evidence: z.array(evidenceSchema).max(20).optional(),
});

export const bulkRowSchema = z.strictObject({
  badge: slugSchema,
  email: emailSchema,
  name: text(200).optional(),
  narrative: text(4000).optional(),
});

export const bulkAwardSchema = z.strictObject({ rows: z.array(bulkRowSchema).min(1).max(MAX_BULK_ROWS) });
/** What must hold for the whole body; each row is then checked on its own, so one bad row spoils only itself. */
export const bulkEnvelopeSchema = z.strictObject({ rows: z.array(z.unknown()).min(1).max(MAX_BULK_ROWS) });

export const awardListQuerySchema = z.strictObject({
  badge: slugSchema.optional(),
  email: emailSchema.optional(),
  status: statusSchema.optional(),
  from: dateTime.optional(),
  to: dateTime.optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
  cursor: z.string().max(2048).optional(),
  format: z.enum(['json', 'csv']).default('json'),
});

export const awardPathSchema = z.strictObject({ awardId: awardIdSchema });
export const revokeSchema = z.strictObject({ reason: text(1000) });
export const reissueSchema = z.strictObject({
  email: emailSchema,
  name: text(200).optional(),
  reason: text(500).optional(),
});

export const alignmentSchema = z.strictObject({
  targetName: text(500),
  targetUrl: httpUrl,
  targetDescription: text(2000).optional(),
  targetFramework: text(500).optional(),
  targetCode: text(500).optional(),
  targetType: text(200).optional(),
});

/** Base64 of at most 512 KiB of image bytes. */
const imageData = z.base64().max(Math.ceil((512 * 1024) / 3) * 4);

const badgeClassFields = {
  name: text(200),
  description: text(4000),
  criteria: text(8000),
  tags: z.array(text(100)).max(20),
  alignment: z.array(alignmentSchema).max(20),
  /** The PNG every credential of the badge is baked into, base64. */
  image: imageData,
  /** An optional SVG rendition, base64. */
  svgImage: imageData,
};

export const badgeClassCreateSchema = z.strictObject({
  slug: slugSchema,
  name: badgeClassFields.name,
  description: badgeClassFields.description,
  criteria: badgeClassFields.criteria,
  tags: badgeClassFields.tags.default([]),
  alignment: badgeClassFields.alignment.optional(),
  image: badgeClassFields.image,
  svgImage: badgeClassFields.svgImage.optional(),
});

export const badgeClassUpdateSchema = z
  .strictObject({
    name: badgeClassFields.name.optional(),
    description: badgeClassFields.description.optional(),
    criteria: badgeClassFields.criteria.optional(),
    tags: badgeClassFields.tags.optional(),
    alignment: badgeClassFields.alignment.optional(),
    image: badgeClassFields.image.optional(),
    svgImage: badgeClassFields.svgImage.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'name at least one field to change' });

export const badgeClassPathSchema = z.strictObject({ slug: slugSchema });
export const ruleCreateSchema = ruleInputSchema;
export const ruleUpdateSchema = ruleInputSchema.omit({ ruleId: true });
export const rulePathSchema = z.strictObject({ ruleId: slugSchema });

// Responses (documented; built by the handlers).
const urlsSchema = z.object({
  credential: z.string(),
  png: z.string(),
  assertion: z.string(),
  credentialJwt: z.string().optional(),
});

export const awardViewSchema = z.object({
  awardId: z.string(),
  badge: z.string(),
  status: statusSchema,
  recipient: z.object({ email: z.string(), name: z.string().optional() }),
  awardedAt: z.string(),
  publishedAt: z.string().optional(),
  revokedAt: z.string().optional(),
  revocationReason: z.string().optional(),
  ruleId: z.string(),
  narrative: z.string().optional(),
  replaces: z.string().optional(),
  replacedBy: z.string().optional(),
  /** Where the credential's revocation bit is published (BitstringStatusList). */
  credentialStatus: z.object({ statusListCredential: z.string(), statusListIndex: z.int() }),
  urls: urlsSchema,
});

export const awardOutcomeSchema = z.object({
  outcome: z.enum(['created', 'exists', 'already-holds']),
  award: awardViewSchema,
});
export const awardPageSchema = z.object({ awards: z.array(awardViewSchema), cursor: z.string().optional() });
export const reissueResultSchema = z.object({ previous: awardViewSchema, replacement: awardViewSchema });

export const bulkResultSchema = z.object({
  summary: z.object({ created: z.int(), skipped: z.int(), invalid: z.int(), failed: z.int() }),
  results: z.array(
    z.object({
      row: z.int(),
      status: z.enum(['created', 'skipped', 'invalid', 'failed']),
      awardId: z.string().optional(),
      reason: z.enum(['exists', 'already-holds']).optional(),
      code: z.string().optional(),
      message: z.string().optional(),
      fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    }),
  ),
});

export const badgeClassViewSchema = z.object({
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  criteria: z.string(),
  tags: z.array(z.string()),
  alignment: z.array(alignmentSchema).optional(),
  updatedAt: z.string(),
  urls: z.object({
    achievement: z.string(),
    badgeClass: z.string(),
    image: z.string(),
    svgImage: z.string().optional(),
  }),
});
export const badgeClassListSchema = z.object({ badgeClasses: z.array(badgeClassViewSchema) });

export const ruleViewSchema = ruleInputSchema.extend({
  version: z.int(),
  locked: z.boolean(),
  createdAt: z.string(),
});
export const ruleListSchema = z.object({ rules: z.array(ruleViewSchema) });
export const ruleUpdateResultSchema = z.object({ rule: ruleViewSchema, newVersion: z.boolean() });

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    requestId: z.string().optional(),
  }),
});
