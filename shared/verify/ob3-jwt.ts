import { verifyVcJwt } from '../ob3/vc-jwt.js';
import type { DocumentFetcher } from '../ports/fetcher.js';
import { resolveVerificationMethod } from './key-resolution.js';
import type { VerifyOptions } from './options.js';
import { checkRecipient } from './recipient.js';
import { CheckCode, summarize, type VerificationCheck, type VerificationResult } from './result.js';
import { checkStatus } from './status-check.js';
import { structureChecks } from './structure-checks.js';

/** Verifies an OB 3.0 credential secured as a VC-JWT (compact JWS). */
export async function verifyOb3Jwt(
  jws: string,
  options: VerifyOptions,
  input: VerificationCheck = {
    code: CheckCode.INPUT,
    status: 'passed',
    message: 'OB 3.0 credential (VC-JWT)',
  },
): Promise<VerificationResult> {
  const now = options.now ?? new Date();
  const jwt = await verifyVcJwt(jws, {
    fetcher: options.fetcher,
    now,
    resolveDidKey: didKeyResolver(options.fetcher),
  });
  if (!jwt.credential) return summarize('ob3-jwt', jwt.checks);
  const credential = jwt.credential;
  const structure = structureChecks(credential);
  const status = await checkStatus(credential, options.fetcher, now);
  const byCode = (code: string) => jwt.checks.filter((check) => check.code === code);
  const checks = [
    input,
    ...structure.checks,
    ...byCode(CheckCode.PROOF),
    ...byCode(CheckCode.KEY_BINDING),
    status,
    ...byCode(CheckCode.NOT_YET_VALID),
    ...byCode(CheckCode.EXPIRED),
    checkRecipient(credential, options.recipientEmail),
  ];
  return summarize('ob3-jwt', checks, credential);
}

function didKeyResolver(fetcher: DocumentFetcher) {
  return async (didUrl: string) => {
    const method = await resolveVerificationMethod(didUrl, { fetcher });
    return { publicKey: method.publicKey, controller: method.controller };
  };
}
