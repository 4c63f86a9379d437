import { CheckCode } from '../verify/result.js';
import { verifyRs256Jws } from './jws.js';
import { resolveLinkedNode } from './linked-nodes.js';
import { CRYPTOGRAPHIC_KEY_RULE } from './node-rules.js';
import { isObject, type JsonObject, listOf, nodeId } from './values.js';
import type { VerificationContext } from './verification-context.js';

/**
 * PROOF: the JWS verifies with the key at `verification.creator` (or, without a creator, with one of the keys the
 * issuer lists). KEY_BINDING: the issuer lists that key in `publicKey`, and the key's `owner`, when given, is the
 * issuer.
 */
export async function checkSignature(
  jws: string,
  assertion: JsonObject,
  issuer: { node: JsonObject; url: string | undefined } | undefined,
  context: VerificationContext,
): Promise<void> {
  const { checks } = context;
  const verification = isObject(assertion.verification) ? assertion.verification : {};
  const creator = typeof verification.creator === 'string' ? verification.creator : undefined;
  const issuerKeyIds = issuer
    ? listOf(issuer.node.publicKey)
        .map(nodeId)
        .filter((id) => id !== undefined)
    : [];

  const candidates: Array<{ key: JsonObject; reference: string | undefined }> = [];
  if (creator !== undefined) {
    const key = await resolveLinkedNode(creator, CRYPTOGRAPHIC_KEY_RULE, context);
    if (key) candidates.push({ key: key.node, reference: creator });
  } else {
    for (const entry of listOf(issuer?.node.publicKey).slice(0, 8)) {
      const key = await resolveLinkedNode(entry, CRYPTOGRAPHIC_KEY_RULE, context);
      if (key) candidates.push({ key: key.node, reference: nodeId(entry) });
    }
  }
  if (candidates.length === 0) {
    checks.fail(
      CheckCode.PROOF,
      'KEY_UNAVAILABLE',
      'no verification key could be obtained for the signature',
    );
    checks.skip(CheckCode.KEY_BINDING, 'no verification key');
    return;
  }

  let verified: { key: JsonObject; reference: string | undefined } | undefined;
  let lastFailure = { reason: 'SIGNATURE_INVALID', message: 'the signature does not verify' };
  for (const candidate of candidates) {
    const verdict = await verifyRs256Jws(jws, candidate.key.publicKeyPem);
    if (verdict.valid) {
      verified = candidate;
      break;
    }
    lastFailure = {
      reason: verdict.reason === 'ALGORITHM_UNSUPPORTED' ? 'JWS_ALGORITHM_UNSUPPORTED' : verdict.reason,
      message: verdict.message,
    };
  }
  if (!verified) {
    checks.fail(CheckCode.PROOF, lastFailure.reason, lastFailure.message);
    checks.skip(CheckCode.KEY_BINDING, 'the signature did not verify');
    return;
  }
  checks.settle(CheckCode.PROOF, 'the JWS signature verifies (RS256)');

  if (!issuer) {
    checks.skip(CheckCode.KEY_BINDING, 'the issuer Profile is unavailable');
    return;
  }
  const keyIds = [verified.key.id, verified.reference].filter((id): id is string => typeof id === 'string');
  if (!keyIds.some((id) => issuerKeyIds.includes(id))) {
    checks.fail(
      CheckCode.KEY_BINDING,
      'KEY_NOT_LISTED_BY_ISSUER',
      `key ${keyIds[0] ?? '(no id)'} is not among the issuer's publicKey entries`,
    );
  }
  const issuerIds = [issuer.node.id, issuer.url].filter((id): id is string => typeof id === 'string');
  const owner = verified.key.owner;
  if (owner === undefined) {
    checks.warn(CheckCode.KEY_BINDING, 'KEY_OWNER_MISSING', 'the CryptographicKey does not name its owner');
  } else if (typeof owner !== 'string' || !issuerIds.includes(owner)) {
    checks.fail(
      CheckCode.KEY_BINDING,
      'KEY_OWNER_MISMATCH',
      `the key's owner ${String(owner)} is not the issuer`,
    );
  }
  checks.settle(CheckCode.KEY_BINDING, 'the issuer lists the signing key and owns it');
}
