import type { KeyObject } from 'node:crypto';
import { multibaseFromEd25519PublicKey } from '../crypto/multikey.js';

export const DID_CONTEXT = 'https://www.w3.org/ns/did/v1';
export const MULTIKEY_CONTEXT = 'https://w3id.org/security/multikey/v1';

/** The verification method id of an Ed25519 key in the issuer's DID document. */
export function verificationMethodId(did: string, publicKey: KeyObject): string {
  return `${did}#${multibaseFromEd25519PublicKey(publicKey)}`;
}

/**
 * The `did:web` document: every Ed25519 key the issuer has used, active or retired, as a Multikey authorised
 * for `assertionMethod`, so credentials signed before a rotation keep verifying.
 */
export function buildDidDocument(did: string, ed25519PublicKeys: KeyObject[]): Record<string, unknown> {
  const methods = ed25519PublicKeys.map((publicKey) => ({
    id: verificationMethodId(did, publicKey),
    type: 'Multikey',
    controller: did,
    publicKeyMultibase: multibaseFromEd25519PublicKey(publicKey),
  }));
  return {
    '@context': [DID_CONTEXT, MULTIKEY_CONTEXT],
    id: did,
    verificationMethod: methods,
    assertionMethod: methods.map((method) => method.id),
    authentication: methods.map((method) => method.id),
  };
}
