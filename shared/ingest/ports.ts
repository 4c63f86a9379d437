/** What `ingestEvents` needs from the outside world; the adapters live in `adapters/`, the wiring in compose.ts. */

export interface Clock {
  now(): Date;
}

/** The senders' shared secrets by key id; implementations cache the secret read (see cached-keys.ts). */
export type IngestKeys = () => Promise<ReadonlyMap<string, string>>;

/** A request fingerprint remembered until `expiresAt` (Unix seconds), so that request is accepted only once. */
export interface IngestNonce {
  key: string;
  expiresAt: number;
}

export interface NonceStore {
  /** Records the nonce; false when it was already recorded (a replay). Atomic across concurrent callers. */
  recordOnce(nonce: IngestNonce): Promise<boolean>;
}

export interface IngestBusEntry {
  source: string;
  detailType: string;
  /** The event detail, as JSON text. */
  detail: string;
}

export type IngestBusOutcome = { accepted: true } | { accepted: false; errorCode: string };

export interface IngestBus {
  /** Puts at most `MAX_ENTRIES_PER_PUT` entries; one outcome per entry, in order. */
  putEvents(entries: readonly IngestBusEntry[]): Promise<IngestBusOutcome[]>;
}

/** PutEvents takes at most ten entries per call. */
export const MAX_ENTRIES_PER_PUT = 10;

/** Structured warnings for operators (Powertools' Logger fits); never given a secret. */
export interface IngestLogger {
  warn(message: string, attributes?: Record<string, unknown>): void;
}

export interface IngestDependencies {
  keys: IngestKeys;
  nonces: NonceStore;
  bus: IngestBus;
  clock: Clock;
  logger?: IngestLogger;
}
