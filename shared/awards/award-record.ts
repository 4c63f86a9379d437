import { createHash } from 'node:crypto';
import { normalizeEmail } from '../ob2/identity.js';

/**
 * One award: a badge for one participant under one rule and scope. Everything needed to issue its credential is
 * decided once, when the record is created (salt, status index, time), so issuing again after a crash writes the
 * same bytes: Ed25519 and RS256 (PKCS#1 v1.5) signatures are deterministic.
 */
export type AwardStatus = 'pending' | 'issuing' | 'published' | 'revoked';
export type AwardMode = 'auto' | 'claim' | 'approval';

export interface AwardRecord {
  awardId: string;
  ruleId: string;
  ruleVersion: number;
  scope: string;
  badge: string;
  mode: AwardMode;
  status: AwardStatus;
  participantKey: string;
  /** Kept in the (encrypted, private) table for re-issue and search; never published. */
  email: string;
  name?: string;
  salt: string;
  statusListId: string;
  statusIndex: number;
  awardedAt: string;
  sourceEventKey: string;
  narrative?: string;
  evidence?: Array<{ id?: string; name?: string; description?: string }>;
  publishedAt?: string;
  revokedAt?: string;
  revocationReason?: string;
  /** Re-issue links: the award this one replaces (to a corrected email), and the one that replaced it. */
  replaces?: string;
  replacedBy?: string;
  notifiedAt?: string;
  urls?: { credential: string; png: string; assertion: string; credentialJwt?: string };
}

/** The table key of a participant: SHA-256 of the normalised email, so lookups never need the email in a key. */
export function participantKeyOf(email: string): string {
  return createHash('sha256').update(normalizeEmail(email), 'utf8').digest('hex');
}

/**
 * The award id is derived from what makes an award unique (rule, participant, scope), so every concurrent or
 * repeated delivery of the same facts arrives at the same id and the conditional create lets exactly one win.
 * Formatted as an RFC 9562 version 8 (custom) UUID.
 */
export function awardIdFor(ruleId: string, participantKey: string, scope: string): string {
  const hash = createHash('sha256').update(`${ruleId}\n${participantKey}\n${scope}`, 'utf8').digest();
  hash[6] = ((hash[6] as number) & 0x0f) | 0x80;
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function eventKeyOf(source: string, eventId: string): string {
  return createHash('sha256').update(`${source}\n${eventId}`, 'utf8').digest('hex');
}
