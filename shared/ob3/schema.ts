import { readFileSync } from 'node:fs';
import { Ajv2019, type ErrorObject, type ValidateFunction } from 'ajv/dist/2019.js';
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
    const schema = JSON.parse(
      readFileSync(new URL(`../assets/schemas/${file}`, import.meta.url), 'utf8'),
    ) as {
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
  const detail =
    error.keyword === 'enum' || error.keyword === 'const' ? ` (${JSON.stringify(error.params)})` : '';
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
 * JSON-LD lets a single value stand where the plain JSON form has a one-item array (`"proof": {…}`,
 * `"type": "Profile"`). 1EdTech's validator accepts such credentials with a warning when they are valid in that
 * compact form. This returns a copy with single values wrapped wherever the schema expected an array, or
 * undefined when there was nothing to wrap; the caller validates the copy again.
 */
export function wrapSingleValuesWhereArraysExpected(
  schemaUrlOrName: string,
  document: unknown,
): unknown | undefined {
  const validate = validators().get(schemaUrlOrName);
  if (!validate || document === null || typeof document !== 'object') return undefined;
  const current: unknown = structuredClone(document);
  let wrapped = false;
  // A wrapped value can expose a nested one (an object inside the new array), hence a few rounds.
  for (let round = 0; round < 5; round += 1) {
    if (validate(current)) break;
    const paths = (validate.errors ?? [])
      .filter((error) => error.keyword === 'type' && error.params.type === 'array')
      .map((error) => error.instancePath);
    let changed = false;
    for (const path of new Set(paths)) changed = wrapAt(current, path) || changed;
    if (!changed) break;
    wrapped = true;
  }
  return wrapped ? current : undefined;
}

function wrapAt(root: unknown, pointer: string): boolean {
  if (pointer === '') return false;
  const keys = pointer
    .slice(1)
    .split('/')
    .map((key) => key.replaceAll('~1', '/').replaceAll('~0', '~'));
  const last = keys.pop() as string;
  let parent: unknown = root;
  for (const key of keys) {
    if (parent === null || typeof parent !== 'object') return false;
    parent = (parent as Record<string, unknown>)[key];
  }
  if (parent === null || typeof parent !== 'object' || Array.isArray(parent)) return false;
  const holder = parent as Record<string, unknown>;
  if (!(last in holder) || Array.isArray(holder[last])) return false;
  holder[last] = [holder[last]];
  return true;
}
