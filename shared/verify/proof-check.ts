import { CRYPTOSUITE, verifyEddsaRdfc2022 } from '../crypto/data-integrity.js';
import { isBadgeError } from '../errors.js';
import type { DocumentFetcher } from '../ports/fetcher.js';
import { MAX_JSON_DEPTH, measureJson } from './detect-input.js';
import { isJsonObject } from './fetch-json.js';
import { issuerIdOf } from './issuer-identity.js';
import { checkKeyBinding } from './key-binding.js';
import { resolveVerificationMethod } from './key-resolution.js';
import { CheckCode, type VerificationCheck } from './result.js';

/**
 * PROOF and KEY_BINDING of a credential with embedded Data Integrity proofs. Of the proofs present, those in
 * the `eddsa-rdfc-2022` cryptosuite are tried (others are ignored when one of those exists); one valid proof
 * with a key bound to the issuer is enough. A credential whose only proofs use a suite this verifier cannot
 * check fails: a signature that was not checked is never reported as verified.
 */
type Json = Record<string, unknown>;

const MAX_PROOFS = 8;
const MAX_PROOFS_TRIED = 3;
/**
 * Canonicalization costs roughly 80 µs per JSON value on one core: past this many values a document is refused
 * rather than let one request hold a core for seconds. Credentials have a few hundred.
 */
export const MAX_SIGNED_VALUES = 10_000;

export interface EmbeddedProofOutcome {
  proof: VerificationCheck;
  keyBinding: VerificationCheck;
}

export async function checkEmbeddedProof(
  credential: Json,
  fetcher: DocumentFetcher,
): Promise<EmbeddedProofOutcome> {
  const skippedBinding: VerificationCheck = {
    code: CheckCode.KEY_BINDING,
    status: 'skipped',
    message: 'no verified key',
  };
  const failed = (reason: string, message: string): EmbeddedProofOutcome => ({
    proof: { code: CheckCode.PROOF, status: 'failed', reason, message },
    keyBinding: skippedBinding,
  });
  if (credential.proof === undefined) return failed('PROOF_MISSING', 'the credential has no proof');
  const proofs = Array.isArray(credential.proof) ? credential.proof : [credential.proof];
  if (proofs.length === 0) return failed('PROOF_MISSING', 'the credential has no proof');
  if (proofs.length > MAX_PROOFS || !proofs.every(isJsonObject)) {
    return failed('PROOF_MALFORMED', `proof must be one to ${MAX_PROOFS} objects`);
  }
  if (typeof measureJson(credential, MAX_JSON_DEPTH, MAX_SIGNED_VALUES) !== 'number') {
    return failed('DOCUMENT_TOO_LARGE', `signed documents are limited to ${MAX_SIGNED_VALUES} JSON values`);
  }
  const candidates = (proofs as Json[]).filter(
    (proof) => proof.type === 'DataIntegrityProof' && proof.cryptosuite === CRYPTOSUITE,
  );
  if (candidates.length === 0) return unsupported(proofs as Json[], failed);
  let firstFailure: EmbeddedProofOutcome | undefined;
  for (const proof of candidates.slice(0, MAX_PROOFS_TRIED)) {
    const outcome = await checkOneProof(credential, proof, fetcher, skippedBinding);
    if (outcome.proof.status === 'passed') return outcome;
    firstFailure ??= outcome;
  }
  return firstFailure as EmbeddedProofOutcome;
}

function unsupported(
  proofs: Json[],
  failed: (reason: string, message: string) => EmbeddedProofOutcome,
): EmbeddedProofOutcome {
  const legacy = proofs.find(
    (proof) => proof.type === 'DataIntegrityProof' && proof.cryptosuite === 'eddsa-2022',
  );
  if (legacy) {
    return failed(
      'LEGACY_CRYPTOSUITE',
      'eddsa-2022 is the superseded name of eddsa-rdfc-2022; such proofs are not checked',
    );
  }
  const described = proofs
    .slice(0, 3)
    .map(
      (proof) =>
        [proof.type, proof.cryptosuite].filter((part) => typeof part === 'string').join('/') || 'untyped',
    )
    .join(', ');
  return failed('UNSUPPORTED_CRYPTOSUITE', `no eddsa-rdfc-2022 proof (found ${described.slice(0, 200)})`);
}

async function checkOneProof(
  credential: Json,
  proof: Json,
  fetcher: DocumentFetcher,
  skippedBinding: VerificationCheck,
): Promise<EmbeddedProofOutcome> {
  const failed = (reason: string, message: string): EmbeddedProofOutcome => ({
    proof: { code: CheckCode.PROOF, status: 'failed', reason, message },
    keyBinding: skippedBinding,
  });
  if (proof.proofPurpose !== 'assertionMethod') {
    return failed('PROOF_PURPOSE_INVALID', 'a credential proof must have proofPurpose assertionMethod');
  }
  let method: Awaited<ReturnType<typeof resolveVerificationMethod>>;
  try {
    method = await resolveVerificationMethod(proof.verificationMethod, { fetcher });
  } catch (error) {
    if (!isBadgeError(error)) throw error;
    return failed(error.code, error.message);
  }
  if (method.publicKey.asymmetricKeyType !== 'ed25519') {
    return failed('KEY_TYPE_UNSUPPORTED', 'eddsa-rdfc-2022 needs an Ed25519 key');
  }
  const verification = await verifyEddsaRdfc2022(credential, proof, { publicKey: method.publicKey });
  if (!verification.valid) return failed(verification.reason, verification.message);
  return {
    proof: {
      code: CheckCode.PROOF,
      status: 'passed',
      message: `eddsa-rdfc-2022 proof by ${method.id.slice(0, 200)}`,
    },
    keyBinding: await checkKeyBinding(method, issuerIdOf(credential), fetcher),
  };
}
