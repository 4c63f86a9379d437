import { checkCredentialStatus } from '../ob3/status-list.js';
import type { DocumentFetcher } from '../ports/fetcher.js';
import { checkEmbeddedProof } from './proof-check.js';
import type { VerificationCheck } from './result.js';

/**
 * STATUS of an OB 3.0 credential. A status list credential is trusted only when its own proof verifies and its
 * key is bound to its issuer (the list's issuer must also be the credential's, which status-list.ts checks).
 */
export function checkStatus(
  credential: Record<string, unknown>,
  fetcher: DocumentFetcher,
  now: Date,
): Promise<VerificationCheck> {
  return checkCredentialStatus(credential, {
    fetcher,
    now,
    verifyListProof: async (list) => {
      const { proof, keyBinding } = await checkEmbeddedProof(list, fetcher);
      if (proof.status !== 'passed') {
        return {
          valid: false,
          reason: proof.reason ?? 'PROOF_INVALID',
          message: `status list proof: ${proof.message ?? ''}`,
        };
      }
      if (keyBinding.status === 'failed') {
        return {
          valid: false,
          reason: keyBinding.reason ?? 'KEY_BINDING',
          message: `status list key: ${keyBinding.message ?? ''}`,
        };
      }
      return { valid: true };
    },
  });
}
