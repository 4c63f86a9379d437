import type { AwardSearch, BadgeClassStore, RuleStore } from '../awards/admin-ports.js';
import type {
  AwardRepository,
  BadgeClassRepository,
  Clock,
  EventPublisher,
  PublicFileStore,
  RevocationRepository,
} from '../awards/ports.js';
import type { AccessTokenVerifier } from './auth.js';
import type { IdempotencyStore } from './idempotency.js';

/** A request to `POST /events`, handed on untouched: the HMAC covers the exact body. */
export interface IngestRequest {
  body: string;
  headers: Record<string, string | undefined>;
}

export type IngestEvents = (request: IngestRequest) => Promise<{ status: number; body: unknown }>;

/** Everything the API's handlers use, built once per container by the composition module. */
export interface ApiRuntime {
  awards: AwardRepository;
  badgeClasses: BadgeClassRepository;
  badgeClassStore: BadgeClassStore;
  rules: RuleStore;
  search: AwardSearch;
  revocations: RevocationRepository;
  events: EventPublisher;
  /** The public bucket, for badge class files (the function may write `achievements/*` only). */
  files: PublicFileStore;
  idempotency: IdempotencyStore;
  tokens: AccessTokenVerifier;
  clock: Clock;
  /** The CDN's base URL, and whether credentials also get a VC-JWT (to name its URL). */
  publicBaseUrl: string;
  vcJwt: boolean;
  /** `POST /events`; absent where ingestion is not available. */
  ingest?: IngestEvents;
}
