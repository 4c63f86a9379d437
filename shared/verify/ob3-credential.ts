import type { VerifyOptions } from './options.js';
import { checkEmbeddedProof } from './proof-check.js';
import { checkRecipient } from './recipient.js';
import { CheckCode, summarize, type VerificationCheck, type VerificationResult } from './result.js';
import { checkStatus } from './status-check.js';
import { structureChecks } from './structure-checks.js';
import { validityChecks } from './validity.js';

/** Verifies an OB 3.0 credential (OpenBadgeCredential / AchievementCredential / EndorsementCredential) with embedded proofs. */
export async function verifyOb3Credential(
  credential: Record<string, unknown>,
  options: VerifyOptions,
  input: VerificationCheck = { code: CheckCode.INPUT, status: 'passed', message: 'OB 3.0 credential (JSON)' },
): Promise<VerificationResult> {
  const now = options.now ?? new Date();
  const structure = structureChecks(credential);
  const { proof, keyBinding } = await checkEmbeddedProof(credential, options.fetcher);
  const status = await checkStatus(credential, options.fetcher, now);
  const checks = [
    input,
    ...structure.checks,
    proof,
    keyBinding,
    status,
    ...validityChecks(credential, now),
    checkRecipient(credential, options.recipientEmail),
  ];
  return summarize('ob3-json', checks, credential);
}
