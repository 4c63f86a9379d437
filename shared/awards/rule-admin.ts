import { BadgeError } from '../errors.js';
import type { RuleStore } from './admin-ports.js';
import type { BadgeClassRepository, Clock } from './ports.js';
import { parseRuleInput, type Rule } from './rules.js';

/**
 * Rules as admins manage them. A rule that has awarded a badge is locked: changing it makes a new version (the
 * awards keep naming the version that made them); an unlocked rule is changed in place. Either change is a
 * conditional write on what was read, so a rule the award function locks in between gets a new version instead.
 */
const MAX_ATTEMPTS = 5;

type RuleAdminDependencies = {
  store: RuleStore;
  badgeClasses: Pick<BadgeClassRepository, 'get'>;
  clock: Clock;
};

export async function createRule(input: unknown, deps: RuleAdminDependencies): Promise<Rule> {
  const parsed = parseRuleInput(input);
  await requireBadge(parsed.badge, deps);
  const rule: Rule = { ...parsed, version: 1, locked: false, createdAt: deps.clock.now().toISOString() };
  if (!(await deps.store.create(rule))) {
    throw new BadgeError('RULE_EXISTS', `rule ${parsed.ruleId} exists: change it with an update`, {
      status: 409,
      details: { field: 'ruleId' },
    });
  }
  return rule;
}

export async function updateRule(
  ruleId: string,
  input: Record<string, unknown>,
  deps: RuleAdminDependencies,
): Promise<{ rule: Rule; newVersion: boolean }> {
  if (input.ruleId !== undefined && input.ruleId !== ruleId) {
    throw new BadgeError('RULE_INVALID', 'ruleId cannot be changed', {
      details: { fields: [{ field: 'ruleId', message: 'must be the rule’s own id' }] },
    });
  }
  const parsed = parseRuleInput({ ...input, ruleId });
  await requireBadge(parsed.badge, deps);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = await deps.store.get(ruleId);
    if (!current) throw new BadgeError('RULE_NOT_FOUND', `rule ${ruleId} does not exist`, { status: 404 });
    const newVersion = current.locked;
    const rule: Rule = newVersion
      ? { ...parsed, version: current.version + 1, locked: false, createdAt: deps.clock.now().toISOString() }
      : { ...parsed, version: current.version, locked: false, createdAt: current.createdAt };
    if (await deps.store.replace(rule, { version: current.version, locked: current.locked })) {
      await deps.store.putVersion(rule);
      return { rule, newVersion };
    }
  }
  throw new BadgeError('RULE_CONTENDED', `rule ${ruleId} kept changing while it was updated`, {
    status: 409,
  });
}

async function requireBadge(slug: string, deps: RuleAdminDependencies): Promise<void> {
  if (!(await deps.badgeClasses.get(slug))) {
    throw new BadgeError('BADGE_NOT_FOUND', `badge class ${slug} does not exist`, {
      details: { field: 'badge' },
    });
  }
}
