import type { KeyStore } from '../crypto/keys.js';
import type { ParticipationRecorded } from '../events/participation-recorded.js';
import type { BadgeClassDefinition, IssuerSettings } from '../issuance/issuer-settings.js';
import type { PublishedFile } from '../issuance/published-file.js';
import type { AwardRecord } from './award-record.js';
import type { RecordedParticipation, Rule } from './rules.js';

export interface StoredParticipation {
  eventKey: string;
  source: string;
  participantKey: string;
  receivedAt: string;
  event: ParticipationRecorded;
}

export interface ParticipationRepository {
  /** Records the event under its key once; a repeat returns the first stored copy. */
  record(participation: StoredParticipation): Promise<{ stored: StoredParticipation; duplicate: boolean }>;
  forParticipant(participantKey: string): Promise<RecordedParticipation[]>;
}

export interface RuleRepository {
  active(): Promise<Rule[]>;
  /** Adds rules that do not exist yet (by ruleId); existing ones are left as they are. */
  seed(rules: Rule[]): Promise<void>;
  lock(ruleId: string, version: number): Promise<void>;
}

export interface AwardRepository {
  get(awardId: string): Promise<AwardRecord | undefined>;
  /** Creates the record unless one with its awardId exists; returns the record that exists afterwards. */
  create(record: AwardRecord): Promise<{ created: boolean; record: AwardRecord }>;
  /** Marks an issuing award published (and announced); a no-op if it no longer is issuing. */
  markPublished(
    record: AwardRecord,
    publishedAt: string,
    urls: NonNullable<AwardRecord['urls']>,
  ): Promise<void>;
  /** Revokes the award unless it already is; returns the record afterwards (undefined if there is none). */
  markRevoked(awardId: string, revokedAt: string, reason: string): Promise<AwardRecord | undefined>;
  /** Claims an index of a status list for an award: true if it was free or already this award's. */
  claimStatusIndex(listId: string, index: number, awardId: string): Promise<boolean>;
  listByParticipant(participantKey: string): Promise<AwardRecord[]>;
}

export interface BadgeClassRepository {
  get(slug: string): Promise<(Omit<BadgeClassDefinition, 'image'> & { updatedAt: string }) | undefined>;
  list(): Promise<Array<Omit<BadgeClassDefinition, 'image'> & { updatedAt: string }>>;
  /** Adds badge classes that do not exist yet. */
  seed(definitions: Array<Omit<BadgeClassDefinition, 'image'>>, now: string): Promise<void>;
}

/** The public bucket (or a folder): what the CDN serves. */
export interface PublicFileStore {
  put(file: PublishedFile): Promise<void>;
  get(key: string): Promise<Uint8Array | undefined>;
}

export interface DomainEvent {
  detailType: string;
  detail: Record<string, unknown>;
}

export interface EventPublisher {
  publish(events: DomainEvent[]): Promise<void>;
}

export interface Clock {
  now(): Date;
}

export interface AwardDependencies {
  revocations: RevocationRepository;
  participations: ParticipationRepository;
  rules: RuleRepository;
  awards: AwardRepository;
  badgeClasses: BadgeClassRepository;
  files: PublicFileStore;
  events: EventPublisher;
  keyStore: KeyStore;
  issuer: IssuerSettings;
  clock: Clock;
}

/** A published list: the changes recorded (`version`) and how many of them the public copy carries. */
export type PublishedList = 'ob2-revocations' | `status:${string}`;

/**
 * Revocations, stored so that concurrent writers never lose one another's updates (atomic set additions), and
 * published by one writer at a time (a lease), so an older copy of a list can never overwrite a newer one.
 */
export interface RevocationRepository {
  /** Marks a status list index revoked; returns the list's version after the change. */
  revokeStatusIndex(listId: string, index: number): Promise<number>;
  statusList(
    listId: string,
  ): Promise<{ version: number; publishedVersion: number; revokedIndexes: number[] }>;
  /** Records an OB 2.0 assertion as revoked; returns the revocation list's version after the change. */
  revokeAssertion(awardId: string, reason: string): Promise<number>;
  revocationList(): Promise<{
    version: number;
    publishedVersion: number;
    revoked: Array<{ awardId: string; reason: string }>;
  }>;
  /** Takes the right to publish a list until `until` (epoch ms), unless another writer holds it. */
  acquirePublishLease(list: PublishedList, owner: string, until: number, now: number): Promise<boolean>;
  /** Records that the public copy carries `version`, while `owner` still holds the lease. */
  markListPublished(list: PublishedList, version: number, owner: string): Promise<void>;
  releasePublishLease(list: PublishedList, owner: string): Promise<void>;
}
