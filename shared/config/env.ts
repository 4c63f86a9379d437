/**
 * The names of the environment variables the functions read. The CDK constructs set them and the runtime
 * parses them (see load-config.ts), both from these constants, so the two sides cannot drift.
 */
export const ENV = {
  TABLE_NAME: 'TABLE_NAME',
  PUBLIC_BUCKET: 'PUBLIC_BUCKET',
  EVENT_BUS_NAME: 'EVENT_BUS_NAME',
  SIGNING_KEY_SECRET_ID: 'SIGNING_KEY_SECRET_ID',
  INGEST_HMAC_SECRET_ID: 'INGEST_HMAC_SECRET_ID',
  /** Where a consumer sends messages that can never succeed (invalid events), with the reason attached. */
  DEAD_LETTER_QUEUE_URL: 'DEAD_LETTER_QUEUE_URL',
  PUBLIC_BASE_URL: 'PUBLIC_BASE_URL',
  ISSUER_NAME: 'ISSUER_NAME',
  ISSUER_URL: 'ISSUER_URL',
  ISSUER_EMAIL: 'ISSUER_EMAIL',
  /** Formats issued besides OB 3.0 Data Integrity and OB 2.0 hosted: a comma list of `vc-jwt`, `ob2-signed`. */
  CREDENTIAL_FORMATS: 'CREDENTIAL_FORMATS',
  JWT_ISSUER: 'JWT_ISSUER',
  JWT_AUDIENCE: 'JWT_AUDIENCE',
  STAGE: 'STAGE',
  POWERTOOLS_SERVICE_NAME: 'POWERTOOLS_SERVICE_NAME',
  POWERTOOLS_METRICS_NAMESPACE: 'POWERTOOLS_METRICS_NAMESPACE',
  POWERTOOLS_LOG_LEVEL: 'POWERTOOLS_LOG_LEVEL',
  /** Set by the function construct to `--enable-source-maps`, so stack traces point at the TypeScript. */
  NODE_OPTIONS: 'NODE_OPTIONS',
} as const;

export type EnvName = (typeof ENV)[keyof typeof ENV];

export const ENV_NAMES: readonly EnvName[] = Object.freeze(Object.values(ENV));

export function isEnvName(name: string): name is EnvName {
  return (ENV_NAMES as readonly string[]).includes(name);
}
