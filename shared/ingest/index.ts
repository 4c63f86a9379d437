export { DynamoDbNonceStore } from './adapters/dynamodb-nonce-store.js';
export { EventBridgeIngestBus } from './adapters/eventbridge-ingest-bus.js';
export { parseIngestKeys, SecretsManagerIngestKeys } from './adapters/secrets-manager-ingest-keys.js';
export { cachedIngestKeys, KEYS_CACHE_MILLISECONDS } from './cached-keys.js';
export { composeIngestDependencies } from './compose.js';
export { INGEST_ERROR_CODES, IngestError, type IngestErrorCode, isIngestError } from './ingest-error.js';
export { type IngestResponse, ingestEvents } from './ingest-events.js';
export { MAX_EVENTS_PER_REQUEST } from './parse-body.js';
export type {
  Clock,
  IngestBus,
  IngestBusEntry,
  IngestBusOutcome,
  IngestDependencies,
  IngestKeys,
  IngestLogger,
  IngestNonce,
  NonceStore,
} from './ports.js';
export { MAX_ENTRIES_PER_PUT } from './ports.js';
export { type IngestResult, type InvalidField, sourceOf } from './publish-events.js';
export { NONCE_LIFETIME_SECONDS, replayKeyOf } from './replay-guard.js';
export { type IngestSignatureHeaders, type SigningKey, signIngestRequest } from './sign-request.js';
export {
  computeSignature,
  KEY_ID_HEADER,
  SIGNATURE_HEADER,
  SIGNATURE_VERSION,
  TIMESTAMP_HEADER,
} from './signature.js';
export {
  type IngestRequest,
  MAX_BODY_BYTES,
  TIMESTAMP_TOLERANCE_SECONDS,
  type VerifiedRequest,
} from './verify-request.js';
