import { readFileSync } from 'node:fs';
import Ajv2019, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';

/**
 * The 1EdTech OB 3.0 JSON Schemas (draft 2019-09), bundled and compiled once per process. Credentials cite them
 * in `credentialSchema` by their purl URL, which differs from the `$id` inside the published files, so both
 * names resolve to the same compiled validator.
 */
export type SchemaValidation = { valid: true } | { valid: false; errors: SchemaError[] };

export interface SchemaError {
  /** JSON Pointer into the validated document ('' is the document itself). */
  path: string;
  message: string;
}

const PURL_BASE = 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/';

const bundledSchemas = {
  achievementcredential: 'achievementcredential.json',
  endorsementcredential: 'endorsementcredential.json',
  profile: 'profile.json',
  getopenbadgecredentialsresponse: 'getopenbadgecredentialsresponse.json',
} as const;
type BundledSchemaName = keyof typeof bundledSchemas;

/** The purl URL a credential cites in `credentialSchema[].id` for each bundled schema. */
export const CREDENTIAL_SCHEMA_URLS: Record<BundledSchemaName, string> = {
  achievementcredential: `${PURL_BASE}ob_v3p0_achievementcredential_schema.json`,
  endorsementcredential: `${PURL_BASE}ob_v3p0_endorsementcredential_schema.json`,
  profile: `${PURL_BASE}ob_v3p0_profile_schema.json`,
  getopenbadgecredentialsresponse: `${PURL_BASE}ob_v3p0_getopenbadgecredentialsresponse_schema.json`,
};

const MAX_REPORTED_ERRORS = 20;

let compiled: Map<string, ValidateFunction> | undefined;

function validators(): Map<string, ValidateFunction> {
  if (compiled) return compiled;
  // strict: false because the published schemas carry annotation keywords ($comment on every node) that strict
  // mode rejects; allErrors so that a report lists every problem, not the first one.
  const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: true });
  addFormats.default(ajv);
  const byName = new Map<string, ValidateFunction>();
  for (const [name, file] of Object.entries(bundledSchemas) as Array<[BundledSchemaName, string]>) {
    const schema = JSON.parse(readFileSync(new URL(`../assets/schemas/${file}`, import.meta.url), 'utf8')) as {
      $id: string;
    };
    const validate = ajv.compile(schema);
    byName.set(name, validate);
    byName.set(schema.$id, validate);
    byName.set(CREDENTIAL_SCHEMA_URLS[name], validate);
  }
  compiled = byName;
  return byName;
}

function run(validate: ValidateFunction, document: unknown): SchemaValidation {
  if (validate(document)) return { valid: true };
  return { valid: false, errors: (validate.errors ?? []).slice(0, MAX_REPORTED_ERRORS).map(toSchemaError) };
}

function toSchemaError(error: ErrorObject): SchemaError {
  const detail = error.keyword === 'enum' || error.keyword === 'const' ? ` (${JSON.stringify(error.params)})` : '';
  return { path: error.instancePath, message: `${error.message ?? error.keyword}${detail}` };
}

export function validateAchievementCredential(document: unknown): SchemaValidation {
  return run(validators().get('achievementcredential') as ValidateFunction, document);
}

export function validateEndorsementCredential(document: unknown): SchemaValidation {
  return run(validators().get('endorsementcredential') as ValidateFunction, document);
}

export function validateProfile(document: unknown): SchemaValidation {
  return run(validators().get('profile') as ValidateFunction, document);
}

/** True when `url` names one of the bundled schemas (by its purl URL or its `$id`). */
export function isBundledSchema(url: string): boolean {
  return validators().has(url) && url.includes('/');
}

/** Validates against the bundled schema a credential cites by URL; undefined when the schema is not bundled. */
export function validateAgainstSchemaUrl(url: string, document: unknown): SchemaValidation | undefined {
  if (!isBundledSchema(url)) return undefined;
  return run(validators().get(url) as ValidateFunction, document);
}

/**
 * The raw Ajv errors of the last run are not exposed; callers that need to repair a document before a second
 * validation (see verify/schema-check.ts) get the instance paths where an array was expected instead.
 */
export function pathsExpectingArrays(schemaUrlOrName: string, document: unknown): string[] | undefined {
  const validate = validators().get(schemaUrlOrName);
  if (!validate) return undefined;
  if (validate(document)) return [];
  return (validate.errors ?? [])
    .filter((error) => error.keyword === 'type' && error.params.type === 'array')
    .map((error) => error.instancePath);
}
