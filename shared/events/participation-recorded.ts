import { z } from 'zod';
import { BadgeError } from '../errors.js';

/**
 * The contract of `Participation Recorded` events: what registration systems, LMSs and organisers send, on the
 * EventBridge bus or through `POST /events`. The published JSON Schema (events/participation-recorded.schema.json)
 * is generated from this schema, and a test keeps the two equal.
 */
export const PARTICIPATION_RECORDED = 'Participation Recorded';
export const BADGE_AWARDED = 'Badge Awarded';
export const BADGE_REVOKED = 'Badge Revoked';
export const ISSUER_SOURCE = 'badges.issuer';
/** Commands the API puts on the bus for the award function, the only holder of the signing keys. */
export const AWARD_REQUESTED = 'Award Requested';
export const REVOCATION_REQUESTED = 'Revocation Requested';

export const PARTICIPATION_ROLES = ['attended', 'spoke', 'presented_practice', 'organized'] as const;

const dateTime = z.iso.datetime({ offset: true });
const httpUrl = z.url({ protocol: /^https?$/ }).max(2000);
const text = (max: number) => z.string().trim().min(1).max(max);

export const evidenceSchema = z.strictObject({
  url: httpUrl.optional(),
  name: text(200).optional(),
  description: text(2000).optional(),
});

export const participationRecordedSchema = z.strictObject({
  specVersion: z.literal('1.0'),
  /** Unique per sender (`source`); the idempotency key. */
  eventId: text(200),
  occurredAt: dateTime,
  activity: z.strictObject({
    id: text(200),
    name: text(300),
    type: text(100).optional(),
    startDate: dateTime.optional(),
    url: httpUrl.optional(),
  }),
  participant: z.strictObject({
    email: z.email().max(320),
    name: text(200).optional(),
    /** The sender's own id of the person. */
    id: text(200).optional(),
  }),
  role: z.enum(PARTICIPATION_ROLES),
  evidence: z.union([evidenceSchema, z.array(evidenceSchema).max(20)]).optional(),
  narrative: text(4000).optional(),
});

export type ParticipationRecorded = z.infer<typeof participationRecordedSchema>;
export type ParticipationRole = (typeof PARTICIPATION_ROLES)[number];

/** Parses an event detail; an invalid one is a `EVENT_INVALID` error naming every offending field. */
export function parseParticipationRecorded(detail: unknown): ParticipationRecorded {
  const result = participationRecordedSchema.safeParse(detail);
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => ({
    field: issue.path.join('.') || '(detail)',
    message: issue.message,
  }));
  throw new BadgeError(
    'EVENT_INVALID',
    `invalid Participation Recorded event: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`,
    {
      status: 400,
      details: { fields },
    },
  );
}

export function participationRecordedJsonSchema(): Record<string, unknown> {
  return {
    $id: 'participation-recorded.schema.json',
    title: 'Participation Recorded (detail of the EventBridge event)',
    ...z.toJSONSchema(participationRecordedSchema, { target: 'draft-2020-12' }),
  };
}
