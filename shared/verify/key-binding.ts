import type { DocumentFetcher } from '../ports/fetcher.js';
import { fetchJsonObject, isJsonObject } from './fetch-json.js';
import { controllerMatchesIssuer } from './issuer-identity.js';
import type { ResolvedVerificationMethod } from './key-resolution.js';
import { CheckCode, type VerificationCheck } from './result.js';

/**
 * KEY_BINDING: the key that signed belongs to the issuer, i.e. its controller is the issuer's id (or the
 * `did:web` of the issuer's https host). How sure that is depends on where the key came from:
 * - a DID document or a key/controller document: the document states the controller; a mismatch fails;
 * - a key written into the method URL's fragment (1EdTech's `https://issuer#z6Mk…` form): the URL names the
 *   controller, but only the issuer's own document can confirm the key. The controller document is fetched;
 *   when it lists the key the binding passes, otherwise it is a warning (accepted, as 1EdTech's validator does);
 * - did:key: self-certifying and controlled by itself; bound only when the issuer is that very DID.
 */
export async function checkKeyBinding(
  method: ResolvedVerificationMethod,
  issuerId: string | undefined,
  fetcher: DocumentFetcher,
): Promise<VerificationCheck> {
  const code = CheckCode.KEY_BINDING;
  if (!issuerId)
    return { code, status: 'failed', reason: 'ISSUER_MISSING', message: 'the credential names no issuer' };
  const controller = method.controller;
  const matches = controller !== undefined && controllerMatchesIssuer(controller, issuerId);
  switch (method.source) {
    case 'did:key':
      return matches
        ? { code, status: 'passed' }
        : {
            code,
            status: 'warning',
            reason: 'KEY_NOT_BOUND',
            message: 'a did:key that is not the issuer signed this credential',
          };
    case 'key-in-fragment':
      if (!matches) return mismatch(controller);
      return (await controllerDocumentLists(method, fetcher))
        ? { code, status: 'passed', message: "the issuer's document lists the key" }
        : {
            code,
            status: 'warning',
            reason: 'KEY_NOT_CONFIRMED',
            message:
              "the key is named in the verification method URL; the issuer's document does not confirm it",
          };
    case 'did:web':
    case 'document':
      if (controller === undefined) return { code, status: 'failed', reason: 'KEY_CONTROLLER_MISSING' };
      return matches ? { code, status: 'passed' } : mismatch(controller);
  }
}

function mismatch(controller: string | undefined): VerificationCheck {
  return {
    code: CheckCode.KEY_BINDING,
    status: 'failed',
    reason: 'KEY_CONTROLLER_MISMATCH',
    message: `the key's controller ${String(controller).slice(0, 200)} is not the issuer`,
  };
}

async function controllerDocumentLists(
  method: ResolvedVerificationMethod,
  fetcher: DocumentFetcher,
): Promise<boolean> {
  if (method.controller === undefined) return false;
  let document: Record<string, unknown>;
  try {
    document = await fetchJsonObject(fetcher, method.controller, 'application/ld+json, application/json');
  } catch {
    return false;
  }
  const multibase = method.id.slice(method.id.indexOf('#') + 1);
  const methods = [document.verificationMethod, document.assertionMethod].flatMap((value) =>
    Array.isArray(value) ? value : value === undefined ? [] : [value],
  );
  return methods.some(
    (entry) => isJsonObject(entry) && (entry.id === method.id || entry.publicKeyMultibase === multibase),
  );
}
