import { createPublicKey, type KeyObject } from 'node:crypto';
import { ed25519PublicKeyFromMultibase } from '../crypto/multikey.js';
import { BadgeError, isBadgeError } from '../errors.js';
import type { DocumentFetcher } from '../ports/fetcher.js';
import { fetchJsonObject, isJsonObject } from './fetch-json.js';
import { withoutFragment } from './issuer-identity.js';

/**
 * Resolves a proof's `verificationMethod` to a public key, the way 1EdTech's validator does:
 * - `<controller>#<Ed25519 multibase>` (an http(s) URL whose fragment is the key itself): decoded offline, the
 *   controller is the URL before `#` (how the 1EdTech fixtures name their keys);
 * - `did:key:z6Mk…` (with or without `#z6Mk…`): decoded offline, the DID is its own controller;
 * - `did:web:…#frag`: the DID document is fetched, the method must be listed under `verificationMethod` and
 *   authorised under `assertionMethod`;
 * - any other http(s) URL: fetched; a key document (Multikey / Ed25519VerificationKey2020 / JsonWebKey with
 *   `controller`) or a controller document listing the method.
 * Keys are `publicKeyMultibase` (Ed25519) or `publicKeyJwk`. Failures are BadgeErrors with stable codes.
 */
export interface ResolvedVerificationMethod {
  id: string;
  controller: string | undefined;
  publicKey: KeyObject;
  /** How the key was obtained; it decides how much KEY_BINDING can confirm. */
  source: 'key-in-fragment' | 'did:key' | 'did:web' | 'document';
}

export interface KeyResolutionOptions {
  fetcher: DocumentFetcher;
  /** The verification relationship the method must be authorised for (default `assertionMethod`). */
  purpose?: string;
}

type Json = Record<string, unknown>;

const MAX_METHOD_LENGTH = 2048;
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
const DID_ACCEPT = 'application/did+json, application/did+ld+json, application/json';
const KEY_ACCEPT = 'application/ld+json, application/json';

export async function resolveVerificationMethod(
  method: unknown,
  options: KeyResolutionOptions,
): Promise<ResolvedVerificationMethod> {
  if (typeof method !== 'string' || method.length === 0 || method.length > MAX_METHOD_LENGTH) {
    throw new BadgeError('VERIFICATION_METHOD_INVALID', 'verificationMethod is not a URI');
  }
  const scheme = SCHEME.exec(method)?.[1]?.toLowerCase();
  if (!scheme)
    throw new BadgeError('VERIFICATION_METHOD_INVALID', 'verificationMethod is not a URI (no scheme)');
  const purpose = options.purpose ?? 'assertionMethod';
  if (scheme === 'did') return resolveDidUrl(method, options.fetcher, purpose);
  if (scheme !== 'https' && scheme !== 'http') {
    throw new BadgeError(
      'VERIFICATION_METHOD_UNSUPPORTED',
      `verificationMethod scheme ${scheme} is not supported`,
    );
  }
  const fragmentKey = keyInFragment(method);
  if (fragmentKey)
    return {
      id: method,
      controller: withoutFragment(method),
      publicKey: fragmentKey,
      source: 'key-in-fragment',
    };
  return resolveFromDocument(method, options.fetcher, purpose);
}

function keyInFragment(method: string): KeyObject | undefined {
  const hash = method.indexOf('#');
  if (hash === -1) return undefined;
  try {
    return ed25519PublicKeyFromMultibase(method.slice(hash + 1));
  } catch {
    return undefined;
  }
}

async function resolveDidUrl(
  method: string,
  fetcher: DocumentFetcher,
  purpose: string,
): Promise<ResolvedVerificationMethod> {
  const did = withoutFragment(method);
  if (did.startsWith('did:key:')) return resolveDidKey(method, did);
  if (did.startsWith('did:web:')) {
    const document = await fetchOrNotFound(fetcher, didWebDocumentUrl(did), DID_ACCEPT, method);
    if (document.id !== did) {
      throw new BadgeError(
        'VERIFICATION_METHOD_NOT_FOUND',
        `the DID document of ${did} names another subject`,
      );
    }
    return { ...keyFromControllerDocument(document, method, purpose, true), source: 'did:web' };
  }
  throw new BadgeError(
    'VERIFICATION_METHOD_UNSUPPORTED',
    `DID method of ${did.slice(0, 60)} is not supported`,
  );
}

function resolveDidKey(method: string, did: string): ResolvedVerificationMethod {
  const multibase = did.slice('did:key:'.length);
  const fragment = method.slice(did.length + 1);
  if (method.includes('#') && fragment !== multibase) {
    throw new BadgeError('VERIFICATION_METHOD_NOT_FOUND', 'a did:key method fragment must repeat the key');
  }
  return {
    id: method,
    controller: did,
    publicKey: ed25519PublicKeyFromMultibase(multibase),
    source: 'did:key',
  };
}

/** did:web:example.com:users:alice → https://example.com/users/alice/did.json (W3C CCG did:web "Read"). */
export function didWebDocumentUrl(did: string): string {
  const parts = did.slice('did:web:'.length).split(':');
  const host = decodeURIComponent(parts[0] ?? '');
  if (
    !/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(host) ||
    parts.slice(1).some((part) => part === '' || part.includes('/'))
  ) {
    throw new BadgeError('VERIFICATION_METHOD_INVALID', `${did.slice(0, 80)} is not a valid did:web`);
  }
  const path = parts.slice(1).map((part) => decodeURIComponent(part));
  return path.length === 0
    ? `https://${host}/.well-known/did.json`
    : `https://${host}/${path.join('/')}/did.json`;
}

async function resolveFromDocument(
  method: string,
  fetcher: DocumentFetcher,
  purpose: string,
): Promise<ResolvedVerificationMethod> {
  const document = await fetchOrNotFound(fetcher, withoutFragment(method), KEY_ACCEPT, method);
  if (
    document.id === method &&
    (document.publicKeyMultibase !== undefined || document.publicKeyJwk !== undefined)
  ) {
    const controller = typeof document.controller === 'string' ? document.controller : undefined;
    return { id: method, controller, publicKey: publicKeyOf(document), source: 'document' };
  }
  return { ...keyFromControllerDocument(document, method, purpose, false), source: 'document' };
}

async function fetchOrNotFound(
  fetcher: DocumentFetcher,
  url: string,
  accept: string,
  method: string,
): Promise<Json> {
  try {
    return await fetchJsonObject(fetcher, url, accept);
  } catch (error) {
    const why = isBadgeError(error) ? error.message : 'unreachable';
    throw new BadgeError(
      'VERIFICATION_METHOD_NOT_FOUND',
      `the key document of ${method} could not be read: ${why}`,
    );
  }
}

/** Finds `method` in a controller (or DID) document and checks it is authorised for `purpose`. */
function keyFromControllerDocument(
  document: Json,
  method: string,
  purpose: string,
  requireAuthorisation: boolean,
): Omit<ResolvedVerificationMethod, 'source'> {
  const base = typeof document.id === 'string' ? document.id : withoutFragment(method);
  const absolute = (id: unknown) => (typeof id === 'string' && id.startsWith('#') ? `${base}${id}` : id);
  const listed = asArray(document.verificationMethod).filter(isJsonObject);
  const relationship = asArray(document[purpose]);
  const embedded = relationship.filter(isJsonObject);
  const entry = [...listed, ...embedded].find((candidate) => absolute(candidate.id) === method);
  if (!entry)
    throw new BadgeError('VERIFICATION_METHOD_NOT_FOUND', `${method} is not in its controller document`);
  const authorised = relationship.some((item) => absolute(isJsonObject(item) ? item.id : item) === method);
  if (!authorised && (requireAuthorisation || document[purpose] !== undefined)) {
    throw new BadgeError('VERIFICATION_METHOD_NOT_AUTHORIZED', `${method} is not authorised for ${purpose}`);
  }
  const controller =
    typeof entry.controller === 'string'
      ? entry.controller
      : typeof document.id === 'string'
        ? document.id
        : undefined;
  return { id: method, controller, publicKey: publicKeyOf(entry) };
}

function publicKeyOf(method: Json): KeyObject {
  if (typeof method.publicKeyMultibase === 'string')
    return ed25519PublicKeyFromMultibase(method.publicKeyMultibase);
  if (isJsonObject(method.publicKeyJwk)) {
    const { d: _private, ...jwk } = method.publicKeyJwk;
    try {
      return createPublicKey({ key: jwk as never, format: 'jwk' });
    } catch (cause) {
      throw new BadgeError('KEY_INVALID', 'publicKeyJwk is not a usable public key', { cause });
    }
  }
  throw new BadgeError(
    'KEY_INVALID',
    'the verification method has neither publicKeyMultibase nor publicKeyJwk',
  );
}

function asArray(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
