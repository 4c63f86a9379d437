/**
 * The structured outcome of `verify`. Each check has a stable code; callers branch on codes, never on messages.
 */
export type CheckStatus = 'passed' | 'failed' | 'warning' | 'skipped';

export const CheckCode = {
  /** The input could be read at all (JSON, JWS, PNG, SVG, URL) and a credential found in it. */
  INPUT: 'INPUT',
  /** JSON-LD @context is the expected one(s). */
  CONTEXT: 'CONTEXT',
  /** `type` contains the required types. */
  TYPE: 'TYPE',
  /** The 1EdTech JSON Schema (OB 3.0) or the OB 2.0 structural rules. */
  SCHEMA: 'SCHEMA',
  /** The cryptographic proof or signature verifies. */
  PROOF: 'PROOF',
  /** The verification key belongs to the issuer (DID document, issuer profile publicKey, key controller). */
  KEY_BINDING: 'KEY_BINDING',
  /** Not revoked/suspended (BitstringStatusList, 1EdTechRevocationList, OB 2.0 revocationList, hosted `revoked`). */
  STATUS: 'STATUS',
  /** validFrom / issuedOn / nbf is not in the future. */
  NOT_YET_VALID: 'NOT_YET_VALID',
  /** validUntil / expires / exp is not in the past. */
  EXPIRED: 'EXPIRED',
  /** The recipient identity matches a given email (hashed or plain). */
  RECIPIENT: 'RECIPIENT',
  /** OB 2.0 hosted verification: the documents are at their ids, on allowed origins. */
  HOSTED: 'HOSTED',
} as const;
export type CheckCode = (typeof CheckCode)[keyof typeof CheckCode];

export interface VerificationCheck {
  code: CheckCode;
  status: CheckStatus;
  /** A short human explanation; never contains secrets. */
  message?: string;
  /** A more precise, stable reason code, e.g. `PROOF_VALUE_INVALID`, `REVOKED`, `UNSUPPORTED_CRYPTOSUITE`. */
  reason?: string;
}

export type CredentialFormat = 'ob3-json' | 'ob3-jwt' | 'ob2-hosted' | 'ob2-signed' | 'unknown';

export interface VerificationResult {
  /** True when no check failed. Warnings do not fail a credential. */
  verified: boolean;
  format: CredentialFormat;
  /** The decoded credential / assertion, when one was found. */
  credential?: unknown;
  checks: VerificationCheck[];
}

export function summarize(
  format: CredentialFormat,
  checks: VerificationCheck[],
  credential?: unknown,
): VerificationResult {
  return {
    verified: checks.every((check) => check.status !== 'failed'),
    format,
    ...(credential === undefined ? {} : { credential }),
    checks,
  };
}
