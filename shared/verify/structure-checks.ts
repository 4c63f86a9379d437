import { OB_V3_CONTEXT, VC_V2_CONTEXT } from '../formats/contexts.js';
import {
  type SchemaError,
  type SchemaValidation,
  validateAchievementCredential,
  validateAgainstSchemaUrl,
  validateEndorsementCredential,
  wrapSingleValuesWhereArraysExpected,
} from '../ob3/schema.js';
import { isJsonObject } from './fetch-json.js';
import { CheckCode, type VerificationCheck } from './result.js';

/**
 * CONTEXT, TYPE and SCHEMA of an OB 3.0 credential, following 1EdTech's validator: the VC context first and
 * the OB 3.0 context second, where an earlier published OB context version or alias is a warning; the VC Data
 * Model 1.1 context of credentials issued before OB 3.0.3 is a warning too. Schema errors are warnings when
 * the credential is valid in its compact JSON-LD form (single values where the plain JSON form wants one-item
 * arrays) or predates the bundled schema (VCDM 1.1).
 */
type Json = Record<string, unknown>;

export const VC_V1_CONTEXT = 'https://www.w3.org/2018/credentials/v1';
const OB_CONTEXT_VERSIONS =
  /^https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/context(-\d+\.\d+\.\d+)?\.json$/;
const OB_CONTEXT_ALIASES = ['https://purl.imsglobal.org/spec/ob/v3p0/context/ob_v3p0.jsonld'];

export type CredentialKind = 'achievement' | 'endorsement';

export interface StructureOutcome {
  checks: VerificationCheck[];
  kind: CredentialKind | undefined;
  /** Written for the VC Data Model 1.1 (OB 3.0 before 3.0.3). */
  legacy: boolean;
}

export function structureChecks(credential: Json): StructureOutcome {
  const context = contextCheck(credential['@context']);
  const type = typeCheck(credential.type);
  const schema = schemaCheck(credential, type.kind, context.legacy);
  return { checks: [context.check, type.check, schema], kind: type.kind, legacy: context.legacy };
}

function contextCheck(value: unknown): { check: VerificationCheck; legacy: boolean } {
  const code = CheckCode.CONTEXT;
  const fail = (reason: string, message: string) => ({
    check: { code, status: 'failed' as const, reason, message },
    legacy: false,
  });
  const entries = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(entries) || entries.length === 0)
    return fail('CONTEXT_INVALID', '@context is not a list of contexts');
  const [first, second] = entries;
  const legacy = first === VC_V1_CONTEXT;
  if (first !== VC_V2_CONTEXT && !legacy) {
    return fail('CONTEXT_VC_MISSING', `the first @context must be ${VC_V2_CONTEXT}`);
  }
  if (
    typeof second !== 'string' ||
    !(OB_CONTEXT_VERSIONS.test(second) || OB_CONTEXT_ALIASES.includes(second))
  ) {
    return fail('CONTEXT_OB_MISSING', `the second @context must be the OB 3.0 context ${OB_V3_CONTEXT}`);
  }
  if (legacy) {
    return {
      check: {
        code,
        status: 'warning',
        reason: 'CONTEXT_VC_V1',
        message: 'VC Data Model 1.1 context (OB 3.0 before 3.0.3)',
      },
      legacy,
    };
  }
  if (second !== OB_V3_CONTEXT) {
    return {
      check: {
        code,
        status: 'warning',
        reason: 'CONTEXT_VERSION_OUTDATED',
        message: `${second} is not the current ${OB_V3_CONTEXT}`,
      },
      legacy,
    };
  }
  return { check: { code, status: 'passed' }, legacy };
}

function typeCheck(value: unknown): { check: VerificationCheck; kind: CredentialKind | undefined } {
  const code = CheckCode.TYPE;
  const types = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
  if (!types.includes('VerifiableCredential')) {
    return {
      check: {
        code,
        status: 'failed',
        reason: 'TYPE_NOT_VERIFIABLE_CREDENTIAL',
        message: 'type lacks VerifiableCredential',
      },
      kind: undefined,
    };
  }
  if (types.includes('OpenBadgeCredential') || types.includes('AchievementCredential')) {
    return { check: { code, status: 'passed' }, kind: 'achievement' };
  }
  if (types.includes('EndorsementCredential'))
    return { check: { code, status: 'passed' }, kind: 'endorsement' };
  return {
    check: {
      code,
      status: 'failed',
      reason: 'TYPE_NOT_OPEN_BADGE',
      message: 'type lacks OpenBadgeCredential, AchievementCredential or EndorsementCredential',
    },
    kind: undefined,
  };
}

function schemaCheck(credential: Json, kind: CredentialKind | undefined, legacy: boolean): VerificationCheck {
  const code = CheckCode.SCHEMA;
  if (kind === undefined) return { code, status: 'skipped', message: 'no schema for this credential type' };
  const schemaName = kind === 'achievement' ? 'achievementcredential' : 'endorsementcredential';
  const validate = kind === 'achievement' ? validateAchievementCredential : validateEndorsementCredential;
  const canonical = validate(credential);
  const cited = citedSchemaChecks(credential, schemaName);
  if (!canonical.valid) {
    const compact = wrapSingleValuesWhereArraysExpected(schemaName, credential);
    const compactResult = compact === undefined ? undefined : validate(compact);
    if (compactResult?.valid) {
      return warning(
        'SCHEMA_COMPACT_FORM',
        `valid only in compact JSON-LD form: ${describe(canonical.errors)}`,
      );
    }
    // Errors that remain once the compact form is tolerated are the ones worth reporting.
    const errors = compactResult && !compactResult.valid ? compactResult.errors : canonical.errors;
    if (legacy) return warning('SCHEMA_LEGACY_FORM', `VC Data Model 1.1 credential: ${describe(errors)}`);
    return { code, status: 'failed', reason: 'SCHEMA_INVALID', message: describe(errors) };
  }
  return cited ?? { code, status: 'passed' };
}

/** Schemas the credential cites in `credentialSchema` besides the canonical one. */
function citedSchemaChecks(credential: Json, canonicalName: string): VerificationCheck | undefined {
  const entries = Array.isArray(credential.credentialSchema)
    ? credential.credentialSchema
    : [credential.credentialSchema];
  let notChecked: VerificationCheck | undefined;
  for (const entry of entries.slice(0, 16)) {
    if (!isJsonObject(entry) || typeof entry.id !== 'string' || entry.id.includes(canonicalName)) continue;
    const result: SchemaValidation | undefined = validateAgainstSchemaUrl(entry.id, credential);
    if (result === undefined) {
      notChecked ??= warning(
        'SCHEMA_NOT_BUNDLED',
        `credentialSchema ${entry.id.slice(0, 200)} is not bundled and was not checked`,
      );
    } else if (!result.valid) {
      return {
        code: CheckCode.SCHEMA,
        status: 'failed',
        reason: 'SCHEMA_INVALID',
        message: describe(result.errors),
      };
    }
  }
  return notChecked;
}

function warning(reason: string, message: string): VerificationCheck {
  return { code: CheckCode.SCHEMA, status: 'warning', reason, message };
}

function describe(errors: SchemaError[]): string {
  return errors
    .slice(0, 5)
    .map((error) => `${error.path || '/'} ${error.message}`)
    .join('; ');
}
