import type { BadgeClassDefinition } from '../issuance/issuer-settings.js';
import type { AwardRecord, AwardStatus } from './award-record.js';
import type { Rule } from './rules.js';

/**
 * Ports of the organisers' API beyond the award pipeline's own (ports.ts): searching awards, linking a re-issued
 * award to the one it replaces, and writing badge classes and rules.
 */

/** An award with its re-issue links: `replaces` on the new award, `replacedBy` on the revoked one. */
/** An award with its re-issue links (now part of every AwardRecord). */
export type LinkedAwardRecord = AwardRecord;

export interface AwardSearchQuery {
  badge?: string;
  /** `participantKeyOf(email)`: the table indexes people by key, never by address. */
  participantKey?: string;
  status?: AwardStatus;
  /** Inclusive bounds on `awardedAt` (ISO 8601, UTC). */
  from?: string;
  to?: string;
  limit: number;
  /** Where the previous page stopped, as `search` returned it. */
  after?: Record<string, string>;
}

export interface AwardSearchPage {
  awards: LinkedAwardRecord[];
  /** Present when there may be more: pass it back as `after`. */
  next?: Record<string, string>;
}

export interface AwardSearch {
  /** Newest first when a badge or a person is given; an invalid `after` is a `CURSOR_INVALID` error. */
  search(query: AwardSearchQuery): Promise<AwardSearchPage>;
  /**
   * Sets a re-issue link once: an existing link to the same award is kept, a link to another award is left as it
   * is. Returns the record afterwards (undefined if there is none).
   */
  link(
    awardId: string,
    link: { replaces: string } | { replacedBy: string },
  ): Promise<LinkedAwardRecord | undefined>;
}

/** A badge class as stored: everything but the image bytes, which are published beside it. */
export type StoredBadgeClass = Omit<BadgeClassDefinition, 'image'> & {
  updatedAt: string;
  /** A vector rendition is published at `achievements/<slug>.svg`. */
  svgImage?: boolean;
};

export interface BadgeClassStore {
  get(slug: string): Promise<StoredBadgeClass | undefined>;
  list(): Promise<StoredBadgeClass[]>;
  /** False when a badge class with that slug exists. */
  create(badgeClass: StoredBadgeClass): Promise<boolean>;
  /** False when the stored one is no longer at `expectedUpdatedAt` (a concurrent change won). */
  update(badgeClass: StoredBadgeClass, expectedUpdatedAt: string): Promise<boolean>;
}

export interface RuleStore {
  get(ruleId: string): Promise<Rule | undefined>;
  list(): Promise<Rule[]>;
  versions(ruleId: string): Promise<Rule[]>;
  /** False when a rule with that id exists. */
  create(rule: Rule): Promise<boolean>;
  /** Replaces the current rule if it is still at `expected` (version and lock); false otherwise. */
  replace(rule: Rule, expected: { version: number; locked: boolean }): Promise<boolean>;
  /** Records a version in the rule's history (overwriting that version's entry). */
  putVersion(rule: Rule): Promise<void>;
}
