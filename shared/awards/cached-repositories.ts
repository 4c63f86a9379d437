import type { BadgeClassRepository, Clock, RuleRepository } from './ports.js';
import type { Rule } from './rules.js';

/**
 * Rules and badge classes change rarely and are read for every award: a warm function keeps them for a few
 * seconds. A change made through the API takes effect within `ttlMs`; locking a rule goes straight through.
 */
export class CachedRuleRepository implements RuleRepository {
  private cached: { at: number; rules: Promise<Rule[]> } | undefined;

  constructor(
    private readonly inner: RuleRepository,
    private readonly clock: Clock,
    private readonly ttlMs = 5_000,
  ) {}

  active(): Promise<Rule[]> {
    const now = this.clock.now().getTime();
    if (!this.cached || now - this.cached.at > this.ttlMs) {
      const rules = this.inner.active();
      rules.catch(() => {
        this.cached = undefined;
      });
      this.cached = { at: now, rules };
    }
    return this.cached.rules;
  }

  seed(rules: Rule[]): Promise<void> {
    this.cached = undefined;
    return this.inner.seed(rules);
  }

  async lock(ruleId: string, version: number): Promise<void> {
    await this.inner.lock(ruleId, version);
    this.cached = undefined;
  }
}

type StoredBadgeClass = Awaited<ReturnType<BadgeClassRepository['get']>>;

export class CachedBadgeClassRepository implements BadgeClassRepository {
  private readonly cached = new Map<string, { at: number; value: Promise<StoredBadgeClass> }>();

  constructor(
    private readonly inner: BadgeClassRepository,
    private readonly clock: Clock,
    private readonly ttlMs = 5_000,
  ) {}

  get(slug: string): Promise<StoredBadgeClass> {
    const now = this.clock.now().getTime();
    const hit = this.cached.get(slug);
    if (hit && now - hit.at <= this.ttlMs) return hit.value;
    const value = this.inner.get(slug);
    value.catch(() => this.cached.delete(slug));
    this.cached.set(slug, { at: now, value });
    return value;
  }

  list() {
    return this.inner.list();
  }

  seed(...args: Parameters<BadgeClassRepository['seed']>): Promise<void> {
    this.cached.clear();
    return this.inner.seed(...args);
  }
}
