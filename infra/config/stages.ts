import { BadgeError } from '../../shared/errors.js';

/** Who may call the organiser API: a user pool the stack creates, or an OIDC provider the organisation runs. */
export type OrganiserAuth =
  | { kind: 'cognito' }
  | { kind: 'oidc'; issuer: string; audience: readonly string[] };

export interface StageConfig {
  /** Part of every stack and export name, so stages can share an account and region. */
  name: string;
  /** Account and region to deploy to; unset means the CLI profile's (environment-agnostic stacks). */
  account?: string;
  region?: string;
  eventBusName: string;
  issuer: { name: string; url: string; email: string };
  /** Formats issued besides OB 3.0 Data Integrity and OB 2.0 hosted (`vc-jwt`, `ob2-signed`). */
  credentialFormats?: ReadonlyArray<'vc-jwt' | 'ob2-signed'>;
  /**
   * The public host of the published files (the issuer's `did:web`). Requires `certificateArn`, an ACM
   * certificate in us-east-1 (CloudFront only reads certificates there). Unset: the distribution's own domain.
   */
  domainName?: string;
  certificateArn?: string;
  auth: OrganiserAuth;
  /** Where alarm notifications go; unset: alarms still fire into the topic, which has no subscriber. */
  alarmEmail?: string;
  api: { rateLimitPerSecond: number; burstLimit: number };
  award: { batchSize: number; maxBatchingWindowSeconds: number; maxConcurrency: number };
  /** Days of events kept in the bus archive, for replays. */
  archiveRetentionDays: number;
}

// Placeholders on a reserved domain: set the real issuer here or with `-c issuerUrl=… -c issuerEmail=…`.
const citizenIssuer = {
  name: 'Citizen 2.1',
  url: 'https://citizen21.example.org',
  email: 'badges@citizen21.example.org',
};

export const STAGES: Readonly<Record<string, StageConfig>> = {
  dev: {
    name: 'dev',
    eventBusName: 'badges',
    issuer: citizenIssuer,
    auth: { kind: 'cognito' },
    api: { rateLimitPerSecond: 20, burstLimit: 40 },
    award: { batchSize: 10, maxBatchingWindowSeconds: 1, maxConcurrency: 2 },
    archiveRetentionDays: 30,
  },
  prod: {
    name: 'prod',
    eventBusName: 'badges',
    issuer: citizenIssuer,
    auth: { kind: 'cognito' },
    api: { rateLimitPerSecond: 50, burstLimit: 100 },
    award: { batchSize: 10, maxBatchingWindowSeconds: 1, maxConcurrency: 5 },
    archiveRetentionDays: 365,
  },
};

export const DEFAULT_STAGE = 'dev';

/** Context keys (`-c key=value`) that override a stage's settings at synth time. */
export const STAGE_OVERRIDE_KEYS = [
  'account',
  'region',
  'eventBusName',
  'issuerName',
  'issuerUrl',
  'issuerEmail',
  'domainName',
  'certificateArn',
  'oidcIssuer',
  'oidcAudience',
  'alarmEmail',
] as const;

export type StageOverrides = Partial<Record<(typeof STAGE_OVERRIDE_KEYS)[number], string>>;

function invalid(message: string, details: Record<string, unknown>): BadgeError {
  return new BadgeError('STAGE_CONFIG_INVALID', message, { details });
}

function applyOverrides(base: StageConfig, overrides: StageOverrides): StageConfig {
  const config: StageConfig = {
    ...base,
    issuer: {
      name: overrides.issuerName ?? base.issuer.name,
      url: overrides.issuerUrl ?? base.issuer.url,
      email: overrides.issuerEmail ?? base.issuer.email,
    },
    eventBusName: overrides.eventBusName ?? base.eventBusName,
  };
  for (const key of ['account', 'region', 'domainName', 'certificateArn', 'alarmEmail'] as const) {
    const value = overrides[key];
    if (value !== undefined) config[key] = value;
  }
  if (overrides.oidcIssuer !== undefined || overrides.oidcAudience !== undefined) {
    if (overrides.oidcIssuer === undefined || overrides.oidcAudience === undefined) {
      throw invalid('oidcIssuer and oidcAudience are set together', { stage: base.name });
    }
    const audience = overrides.oidcAudience
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    config.auth = { kind: 'oidc', issuer: overrides.oidcIssuer, audience };
  }
  return config;
}

function assertValid(config: StageConfig): void {
  if (!/^[a-z][a-z0-9-]{0,15}$/.test(config.name)) {
    throw invalid('A stage name is lower-case letters, digits and dashes', { stage: config.name });
  }
  if (!/^[A-Za-z0-9._-]{1,256}$/.test(config.eventBusName)) {
    throw invalid('The event bus name is not a valid EventBridge name', {
      eventBusName: config.eventBusName,
    });
  }
  for (const [field, value] of [
    ['issuerUrl', config.issuer.url],
    ...(config.auth.kind === 'oidc' ? [['oidcIssuer', config.auth.issuer]] : []),
  ] as const) {
    if (!URL.canParse(value) || new URL(value).protocol !== 'https:') {
      throw invalid(`${field} must be an https URL`, { field });
    }
  }
  if (config.auth.kind === 'oidc' && config.auth.audience.length === 0) {
    throw invalid('oidcAudience names at least one audience', { field: 'oidcAudience' });
  }
  const { batchSize, maxBatchingWindowSeconds, maxConcurrency } = config.award;
  // Lambda's limits for SQS event sources: concurrency 2..1000, batch 1..10 without a batching window.
  if (!Number.isInteger(maxConcurrency) || maxConcurrency < 2 || maxConcurrency > 1000) {
    throw invalid('award.maxConcurrency is an integer from 2 to 1000', { field: 'award.maxConcurrency' });
  }
  if (
    !Number.isInteger(batchSize) ||
    batchSize < 1 ||
    batchSize > (maxBatchingWindowSeconds > 0 ? 10_000 : 10)
  ) {
    throw invalid('award.batchSize is out of range for the batching window', { field: 'award.batchSize' });
  }
  if ((config.domainName === undefined) !== (config.certificateArn === undefined)) {
    throw invalid('domainName and certificateArn are set together', { field: 'domainName' });
  }
  if (config.certificateArn !== undefined && !config.certificateArn.includes(':us-east-1:')) {
    throw invalid('CloudFront reads certificates from us-east-1 only', { field: 'certificateArn' });
  }
}

/** The configuration of a named stage with context overrides applied; throws `STAGE_CONFIG_INVALID`/`STAGE_UNKNOWN`. */
export function resolveStage(name: string = DEFAULT_STAGE, overrides: StageOverrides = {}): StageConfig {
  const base = STAGES[name];
  if (base === undefined) {
    throw new BadgeError('STAGE_UNKNOWN', `Unknown stage ${name}`, {
      details: { stage: name, known: Object.keys(STAGES) },
    });
  }
  const config = applyOverrides(base, overrides);
  assertValid(config);
  return config;
}
