import { z } from 'zod';
import { ConfigError } from './config-error.js';
import { ENV, type EnvName } from './env.js';

/** The settings every function needs. */
export interface CoreConfig {
  stage: string | undefined;
  tableName: string;
  eventBusName: string;
  /** The CDN origin public files are served from, without a trailing slash. */
  publicBaseUrl: string;
  issuerName: string;
  issuerUrl: string;
  issuerEmail: string;
  /** Formats issued besides the primary OB 3.0 (Data Integrity) and OB 2.0 hosted. */
  formats: { vcJwt: boolean; ob2Signed: boolean };
}

/** Settings only some functions need; a function names the ones it needs in `require`. */
export interface OptionalConfig {
  publicBucket: string;
  signingKeySecretId: string;
  ingestHmacSecretId: string;
  deadLetterQueueUrl: string;
  jwtIssuer: string;
  jwtAudience: readonly string[];
}

export type OptionalSetting = keyof OptionalConfig;

export type RuntimeConfig<R extends OptionalSetting = never> = CoreConfig &
  Partial<OptionalConfig> &
  Pick<OptionalConfig, R>;

export interface LoadConfigOptions<R extends OptionalSetting> {
  require?: readonly R[];
}

type Environment = Readonly<Record<string, string | undefined>>;

const text = z.string();
// Local runs serve the CDN over plain HTTP on 127.0.0.1, so http is allowed besides https.
const webUrl = z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, ''));
const email = z.email();
const audienceList = z
  .string()
  .transform((value) => value.split(',').map((entry) => entry.trim()))
  .pipe(z.array(z.string().min(1)).min(1));

const formatList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.enum(['vc-jwt', 'ob2-signed'])))
  .transform((formats) => ({ vcJwt: formats.includes('vc-jwt'), ob2Signed: formats.includes('ob2-signed') }));

const optionalSettings: {
  [K in OptionalSetting]: { variable: EnvName; schema: z.ZodType<OptionalConfig[K]> };
} = {
  publicBucket: { variable: ENV.PUBLIC_BUCKET, schema: text },
  signingKeySecretId: { variable: ENV.SIGNING_KEY_SECRET_ID, schema: text },
  ingestHmacSecretId: { variable: ENV.INGEST_HMAC_SECRET_ID, schema: text },
  deadLetterQueueUrl: { variable: ENV.DEAD_LETTER_QUEUE_URL, schema: webUrl },
  jwtIssuer: { variable: ENV.JWT_ISSUER, schema: webUrl },
  jwtAudience: { variable: ENV.JWT_AUDIENCE, schema: audienceList },
};

function present(env: Environment, variable: EnvName): string | undefined {
  const value = env[variable]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function parseVariable<T>(env: Environment, variable: EnvName, schema: z.ZodType<T>): T | undefined {
  const value = present(env, variable);
  if (value === undefined) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) {
    // The value itself stays out of the message: a misplaced secret must not reach the logs.
    const reason = result.error.issues[0]?.message ?? 'invalid value';
    throw new ConfigError(
      'CONFIG_INVALID',
      variable,
      `Environment variable ${variable} is invalid: ${reason}`,
    );
  }
  return result.data;
}

function requireVariable<T>(env: Environment, variable: EnvName, schema: z.ZodType<T>): T {
  const value = parseVariable(env, variable, schema);
  if (value === undefined) {
    throw new ConfigError('CONFIG_MISSING', variable, `Environment variable ${variable} is not set`);
  }
  return value;
}

/** Parses the environment without caching; `loadConfig` is the cached entry point for handlers. */
export function parseConfig<R extends OptionalSetting = never>(
  env: Environment = process.env,
  options: LoadConfigOptions<R> = {},
): RuntimeConfig<R> {
  const config: CoreConfig & Partial<OptionalConfig> = {
    stage: parseVariable(env, ENV.STAGE, text),
    tableName: requireVariable(env, ENV.TABLE_NAME, text),
    eventBusName: requireVariable(env, ENV.EVENT_BUS_NAME, text),
    publicBaseUrl: requireVariable(env, ENV.PUBLIC_BASE_URL, webUrl),
    issuerName: requireVariable(env, ENV.ISSUER_NAME, text),
    issuerUrl: requireVariable(env, ENV.ISSUER_URL, webUrl),
    issuerEmail: requireVariable(env, ENV.ISSUER_EMAIL, email),
    formats: parseVariable(env, ENV.CREDENTIAL_FORMATS, formatList) ?? { vcJwt: false, ob2Signed: false },
  };
  const required = new Set<OptionalSetting>(options.require ?? []);
  for (const key of Object.keys(optionalSettings) as OptionalSetting[]) {
    const { variable, schema } = optionalSettings[key] as { variable: EnvName; schema: z.ZodType<unknown> };
    const value = required.has(key)
      ? requireVariable(env, variable, schema)
      : parseVariable(env, variable, schema);
    if (value !== undefined) Object.assign(config, { [key]: value });
  }
  return Object.freeze(config) as RuntimeConfig<R>;
}

const cache = new WeakMap<Environment, Map<string, RuntimeConfig<OptionalSetting>>>();

/**
 * The function's settings, parsed once per environment object (in practice once per cold start) and failing
 * fast with a `ConfigError` (`CONFIG_MISSING` / `CONFIG_INVALID`) that names the variable.
 */
export function loadConfig<R extends OptionalSetting = never>(
  env: Environment = process.env,
  options: LoadConfigOptions<R> = {},
): RuntimeConfig<R> {
  const key = [...(options.require ?? [])].sort().join(',');
  let byRequirement = cache.get(env);
  if (byRequirement === undefined) {
    byRequirement = new Map();
    cache.set(env, byRequirement);
  }
  const cached = byRequirement.get(key);
  if (cached !== undefined) return cached as RuntimeConfig<R>;
  const config = parseConfig(env, options);
  byRequirement.set(key, config as RuntimeConfig<OptionalSetting>);
  return config;
}
