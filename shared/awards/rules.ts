import { z } from 'zod';
import { CITIZEN21_BADGES } from '../catalogue/citizen21.js';
import { BadgeError } from '../errors.js';
import { PARTICIPATION_ROLES, type ParticipationRole } from '../events/participation-recorded.js';

/**
 * Award rules are data. A rule names its badge, the roles that count, a condition over the participant's recorded
 * events, and how the award is made (`auto`: issued at once; `claim`: the participant claims it; `approval`: an
 * organiser approves it). Evaluating a rule over the same events always gives the same awards, so replays are safe.
 */
export const ruleConditionSchema = z.strictObject({
  /** At least this many matching events. */
  minCount: z.int().min(1).max(1000).default(1),
  /** `all`: each listed role at least once (on top of minCount). `any`: any of them. */
  roles: z.enum(['any', 'all']).default('any'),
  /** Where the count is taken: over everything, per activity (one award per activity), or within a sliding window. */
  scope: z
    .union([
      z.literal('overall'),
      z.literal('per-activity'),
      z.strictObject({ windowDays: z.int().min(1).max(3650) }),
    ])
    .default('overall'),
});

export const ruleInputSchema = z.strictObject({
  ruleId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes'),
  badge: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/),
  roles: z.array(z.enum(PARTICIPATION_ROLES)).min(1).max(PARTICIPATION_ROLES.length),
  condition: ruleConditionSchema.default({ minCount: 1, roles: 'any', scope: 'overall' }),
  mode: z.enum(['auto', 'claim', 'approval']).default('auto'),
});

export type RuleInput = z.input<typeof ruleInputSchema>;
export type RuleCondition = z.infer<typeof ruleConditionSchema>;

export interface Rule extends z.infer<typeof ruleInputSchema> {
  version: number;
  /** Set once the rule has awarded a badge: from then on a change makes a new version. */
  locked: boolean;
  createdAt: string;
}

export interface RecordedParticipation {
  eventKey: string;
  role: ParticipationRole;
  activityId: string;
  occurredAt: string;
}

export function parseRuleInput(input: unknown): z.infer<typeof ruleInputSchema> {
  const result = ruleInputSchema.safeParse(input);
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => ({
    field: issue.path.join('.') || '(rule)',
    message: issue.message,
  }));
  throw new BadgeError(
    'RULE_INVALID',
    `invalid rule: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`,
    { details: { fields } },
  );
}

/** The four Citizen 2.1 rules the system starts with: each badge for one participation role, issued automatically. */
export function citizen21Rules(now: Date): Rule[] {
  return CITIZEN21_BADGES.map((badge) => ({
    ...parseRuleInput({
      ruleId: `citizen21-${badge.slug}`,
      badge: badge.slug,
      roles: [badge.trigger],
      mode: badge.mode,
    }),
    version: 1,
    locked: false,
    createdAt: now.toISOString(),
  }));
}

/**
 * The award scopes a rule is satisfied in, given a participant's events: `overall` or `window` (at most one award
 * per participant), or `activity:<id>` (one per activity). The result depends only on the events.
 */
export function satisfiedScopes(
  rule: Pick<Rule, 'roles' | 'condition'>,
  events: RecordedParticipation[],
): string[] {
  const matching = events.filter((event) => rule.roles.includes(event.role));
  const meets = (group: RecordedParticipation[]) =>
    group.length >= rule.condition.minCount &&
    (rule.condition.roles === 'any' ||
      rule.roles.every((role) => group.some((event) => event.role === role)));
  const scope = rule.condition.scope;
  if (scope === 'overall') return meets(matching) ? ['overall'] : [];
  if (scope === 'per-activity') {
    const byActivity = new Map<string, RecordedParticipation[]>();
    for (const event of matching)
      byActivity.set(event.activityId, [...(byActivity.get(event.activityId) ?? []), event]);
    return [...byActivity.entries()]
      .filter(([, group]) => meets(group))
      .map(([activityId]) => `activity:${activityId}`)
      .sort();
  }
  const windowMs = scope.windowDays * 86_400_000;
  const sorted = [...matching].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  for (let start = 0; start < sorted.length; start++) {
    const from = Date.parse((sorted[start] as RecordedParticipation).occurredAt);
    const group = sorted.filter(
      (event, index) => index >= start && Date.parse(event.occurredAt) - from < windowMs,
    );
    if (meets(group)) return ['window'];
  }
  return [];
}
