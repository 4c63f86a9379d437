import { createHash, type KeyObject, sign, verify } from 'node:crypto';
import { BadgeError } from '../errors.js';
import { type Canonicalizer, createCanonicalizer } from '../jsonld/canonize.js';
import { decodeMultibaseBase58, encodeMultibaseBase58 } from './multikey.js';

/**
 * The `eddsa-rdfc-2022` cryptosuite of W3C VC Data Integrity EdDSA: SHA-256 of the RDFC-1.0 canonical proof
 * configuration, then of the canonical document, signed together with Ed25519; proofValue is base58btc multibase.
 */
export const CRYPTOSUITE = 'eddsa-rdfc-2022';
const LEGACY_CRYPTOSUITE = 'eddsa-2022';

export interface DataIntegrityProof {
  type: 'DataIntegrityProof';
  cryptosuite: string;
  created: string;
  verificationMethod: string;
  proofPurpose: string;
  proofValue: string;
  [extra: string]: unknown;
}

export type ProofVerification =
  | { valid: true }
  | {
      valid: false;
      reason:
        | 'PROOF_MALFORMED'
        | 'UNSUPPORTED_CRYPTOSUITE'
        | 'LEGACY_CRYPTOSUITE'
        | 'CANONICALIZATION_FAILED'
        | 'PROOF_VALUE_INVALID';
      message: string;
    };

let sharedCanonicalizer: Canonicalizer | undefined;
function defaultCanonicalizer(): Canonicalizer {
  sharedCanonicalizer ??= createCanonicalizer();
  return sharedCanonicalizer;
}

type JsonObject = Record<string, unknown>;

async function hashData(
  document: JsonObject,
  proofOptions: JsonObject,
  canonicalizer: Canonicalizer,
): Promise<Buffer> {
  const { proof: _ignored, ...unsecured } = document;
  const proofConfig = { '@context': unsecured['@context'], ...proofOptions };
  const [proofCanon, documentCanon] = await Promise.all([
    canonicalizer.canonize(proofConfig),
    canonicalizer.canonize(unsecured),
  ]);
  return Buffer.concat([sha256(proofCanon), sha256(documentCanon)]);
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Signs `document` (any existing `proof` is replaced) and returns a copy with `proof` as an array of one proof. */
export async function signEddsaRdfc2022<T extends object>(
  document: T,
  options: {
    privateKey: KeyObject;
    verificationMethod: string;
    created: string;
    proofPurpose?: string;
    canonicalizer?: Canonicalizer;
  },
): Promise<T & { proof: DataIntegrityProof[] }> {
  const proofOptions = {
    type: 'DataIntegrityProof' as const,
    cryptosuite: CRYPTOSUITE,
    created: options.created,
    verificationMethod: options.verificationMethod,
    proofPurpose: options.proofPurpose ?? 'assertionMethod',
  };
  const data = await hashData(
    document as JsonObject,
    proofOptions,
    options.canonicalizer ?? defaultCanonicalizer(),
  );
  const proofValue = encodeMultibaseBase58(sign(null, data, options.privateKey));
  const { proof: _replaced, ...unsecured } = document as JsonObject;
  return { ...(unsecured as T), proof: [{ ...proofOptions, proofValue }] };
}

/** Verifies one proof of `document` with the given Ed25519 public key. Never throws for bad input. */
export async function verifyEddsaRdfc2022(
  document: object,
  proof: unknown,
  options: { publicKey: KeyObject; canonicalizer?: Canonicalizer },
): Promise<ProofVerification> {
  if (proof === null || typeof proof !== 'object' || Array.isArray(proof)) {
    return { valid: false, reason: 'PROOF_MALFORMED', message: 'the proof is not an object' };
  }
  const { proofValue, ...proofOptions } = proof as JsonObject;
  if (proofOptions.type !== 'DataIntegrityProof') {
    return {
      valid: false,
      reason: 'UNSUPPORTED_CRYPTOSUITE',
      message: `proof type ${String(proofOptions.type)} is not supported`,
    };
  }
  if (proofOptions.cryptosuite === LEGACY_CRYPTOSUITE) {
    return {
      valid: false,
      reason: 'LEGACY_CRYPTOSUITE',
      message: 'eddsa-2022 is the superseded name of eddsa-rdfc-2022',
    };
  }
  if (proofOptions.cryptosuite !== CRYPTOSUITE) {
    return {
      valid: false,
      reason: 'UNSUPPORTED_CRYPTOSUITE',
      message: `cryptosuite ${String(proofOptions.cryptosuite)} is not supported`,
    };
  }
  if (
    typeof proofValue !== 'string' ||
    typeof proofOptions.verificationMethod !== 'string' ||
    typeof proofOptions.proofPurpose !== 'string'
  ) {
    return {
      valid: false,
      reason: 'PROOF_MALFORMED',
      message: 'proofValue, verificationMethod and proofPurpose are required strings',
    };
  }
  const documentContext = (document as JsonObject)['@context'];
  if ('@context' in proofOptions) {
    if (JSON.stringify(proofOptions['@context']) !== JSON.stringify(documentContext)) {
      return {
        valid: false,
        reason: 'PROOF_MALFORMED',
        message: 'the proof @context differs from the document @context',
      };
    }
    delete proofOptions['@context'];
  }
  let signature: Uint8Array;
  try {
    signature = decodeMultibaseBase58(proofValue);
  } catch {
    return { valid: false, reason: 'PROOF_VALUE_INVALID', message: 'proofValue is not base58btc multibase' };
  }
  if (signature.length !== 64) {
    return { valid: false, reason: 'PROOF_VALUE_INVALID', message: 'an Ed25519 signature is 64 bytes' };
  }
  let data: Buffer;
  try {
    data = await hashData(
      document as JsonObject,
      proofOptions,
      options.canonicalizer ?? defaultCanonicalizer(),
    );
  } catch (error) {
    const message = error instanceof BadgeError ? error.message : 'canonicalization failed';
    return { valid: false, reason: 'CANONICALIZATION_FAILED', message };
  }
  try {
    if (verify(null, data, options.publicKey, signature)) return { valid: true };
  } catch {
    // A key of the wrong type lands here; it is a failed proof either way.
  }
  return {
    valid: false,
    reason: 'PROOF_VALUE_INVALID',
    message: 'the signature does not match the document',
  };
}
