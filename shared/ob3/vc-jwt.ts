import { createPublicKey, type KeyObject } from 'node:crypto';
import { CompactSign, compactVerify, errors as joseErrors } from 'jose';
import { BadgeError, isBadgeError } from '../errors.js';
import type { DocumentFetcher } from '../ports/fetcher.js';
import { MAX_JSON_DEPTH, MAX_JSON_VALUES, measureJson } from '../verify/detect-input.js';
import { fetchJsonObject, isJsonObject } from '../verify/fetch-json.js';
import { controllerMatchesIssuer, issuerIdOf, servedByIssuerHost } from '../verify/issuer-identity.js';
import { CheckCode, type VerificationCheck } from '../verify/result.js';
import { validityChecks } from '../verify/validity.js';

/**
 * OB 3.0 credentials secured as VC-JWT (the JOSE form 1EdTech accepts): a compact JWS whose payload is the
 * credential itself at top level plus the registered claims `iss`, `jti`, `sub`, `nbf`, `exp`, `iat`. The older
 * form with the credential under a `vc` claim is still read.
 */
type Json = Record<string, unknown>;

const REGISTERED_CLAIMS = ['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti'] as const;
const ACCEPTED_ALGORITHMS = ['RS256', 'ES256', 'EdDSA', 'Ed25519'];
const MAX_JWS_LENGTH = 1024 * 1024;

export interface SignVcJwtOptions {
  /** RSA private key: RS256 is what every VC-JWT verifier, 1EdTech's included, can check. */
  privateKey: KeyObject;
  /** URL of the bare public JWK. */
  kid: string;
  /** Issued-at time; defaults to the current time. */
  now?: Date;
}

export async function signVcJwt(credential: Json, options: SignVcJwtOptions): Promise<string> {
  if (options.privateKey.type !== 'private' || options.privateKey.asymmetricKeyType !== 'rsa') {
    throw new BadgeError(
      'KEY_TYPE_UNSUPPORTED',
      'VC-JWT credentials are signed with an RSA private key (RS256)',
    );
  }
  const issuer = issuerIdOf(credential);
  if (!issuer) throw new BadgeError('CREDENTIAL_INVALID', 'the credential has no issuer id');
  if (typeof credential.id !== 'string')
    throw new BadgeError('CREDENTIAL_INVALID', 'the credential has no id');
  const notBefore = epochSeconds(credential.validFrom, 'validFrom');
  if (notBefore === undefined) throw new BadgeError('CREDENTIAL_INVALID', 'the credential has no validFrom');
  const expires =
    credential.validUntil === undefined ? undefined : epochSeconds(credential.validUntil, 'validUntil');
  const { proof: _proofsDoNotTravelInAJwt, ...unsecured } = credential;
  const subject = subjectOf(credential);
  const payload: Json = {
    ...unsecured,
    iss: issuer,
    jti: credential.id,
    ...(subject === undefined ? {} : { sub: subject }),
    nbf: notBefore,
    ...(expires === undefined ? {} : { exp: expires }),
    iat: Math.floor((options.now ?? new Date()).getTime() / 1000),
  };
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'RS256', kid: options.kid, typ: 'JWT' })
    .sign(options.privateKey);
}

function epochSeconds(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(time)) throw new BadgeError('CREDENTIAL_INVALID', `${name} is not a date-time`);
  return Math.floor(time / 1000);
}

function subjectOf(credential: Json): string | undefined {
  const subject = credential.credentialSubject;
  if (!isJsonObject(subject)) return undefined;
  if (typeof subject.id === 'string') return subject.id;
  const identifiers = Array.isArray(subject.identifier) ? subject.identifier : [subject.identifier];
  const first = identifiers.find((entry) => isJsonObject(entry) && typeof entry.identityHash === 'string');
  return first ? ((first as Json).identityHash as string) : undefined;
}

/** A public key behind a DID URL `kid`, with its controller; injected so this module needs no DID resolver. */
export type DidKeyResolver = (
  didUrl: string,
) => Promise<{ publicKey: KeyObject; controller: string | undefined }>;

export interface VerifyVcJwtOptions {
  fetcher: DocumentFetcher;
  now?: Date;
  resolveDidKey?: DidKeyResolver;
}

export interface VcJwtVerification {
  /** The credential carried by the JWS (without the JWT registered claims), when the JWS could be read. */
  credential: Json | undefined;
  checks: VerificationCheck[];
}

interface ParsedJws {
  header: Json;
  payload: Json;
}

/** Reads a compact JWS without trusting it; undefined when it is not one, or its JSON is too deep or too large. */
export function decodeCompactJws(jws: string): ParsedJws | undefined {
  if (typeof jws !== 'string' || jws.length > MAX_JWS_LENGTH) return undefined;
  const parts = jws.split('.');
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]*$/.test(part))) return undefined;
  try {
    const header = JSON.parse(Buffer.from(parts[0] as string, 'base64url').toString('utf8')) as unknown;
    const payload = JSON.parse(Buffer.from(parts[1] as string, 'base64url').toString('utf8')) as unknown;
    if (!isJsonObject(header) || !isJsonObject(payload)) return undefined;
    // The same bounds as any JSON input (see verify/detect-input.ts): every later walker stays shallow and short.
    for (const part of [header, payload]) {
      if (typeof measureJson(part, MAX_JSON_DEPTH, MAX_JSON_VALUES) !== 'number') return undefined;
    }
    return { header, payload };
  } catch {
    return undefined;
  }
}

/** The credential inside a VC-JWT payload: the `vc` claim (older form) or the payload minus the JWT claims. */
export function credentialOfJwtPayload(payload: Json): Json {
  if (isJsonObject(payload.vc)) {
    const credential: Json = { ...payload.vc };
    // The older form may leave to the claims what the credential repeats (VC-JWT 1.1 "JWT decoding").
    if (credential.id === undefined && typeof payload.jti === 'string') credential.id = payload.jti;
    if (credential.issuer === undefined && typeof payload.iss === 'string') credential.issuer = payload.iss;
    return credential;
  }
  const credential: Json = { ...payload };
  for (const claim of REGISTERED_CLAIMS) delete credential[claim];
  return credential;
}

export async function verifyVcJwt(jws: string, options: VerifyVcJwtOptions): Promise<VcJwtVerification> {
  const parsed = decodeCompactJws(jws);
  if (!parsed) {
    return {
      credential: undefined,
      checks: [
        {
          code: CheckCode.INPUT,
          status: 'failed',
          reason: 'JWS_MALFORMED',
          message: 'not a compact JWS with JSON header and payload',
        },
      ],
    };
  }
  const credential = credentialOfJwtPayload(parsed.payload);
  const now = options.now ?? new Date();
  const key = await keyFor(parsed.header, options);
  const checks: VerificationCheck[] = [
    await proofCheck(jws, parsed.header, key),
    keyBindingCheck(parsed.payload, credential, key),
  ];
  checks.push(...validityChecks(credential, now, { nbf: parsed.payload.nbf, exp: parsed.payload.exp }));
  return { credential, checks };
}

type JwtKey =
  | { found: true; publicKey: KeyObject; source: 'kid-url'; kid: string }
  | { found: true; publicKey: KeyObject; source: 'kid-did'; kid: string; controller: string | undefined }
  | { found: true; publicKey: KeyObject; source: 'embedded-jwk' }
  | { found: false; reason: string; message: string };

async function keyFor(header: Json, options: VerifyVcJwtOptions): Promise<JwtKey> {
  const { kid, jwk } = header;
  try {
    if (typeof kid === 'string' && kid.startsWith('did:')) {
      if (!options.resolveDidKey)
        return { found: false, reason: 'KEY_UNRESOLVABLE', message: `no resolver for ${kid}` };
      const resolved = await options.resolveDidKey(kid);
      return { found: true, source: 'kid-did', kid, ...resolved };
    }
    if (typeof kid === 'string' && /^https?:\/\//.test(kid)) {
      const document = await fetchJsonObject(options.fetcher, kid, 'application/jwk+json, application/json');
      return { found: true, source: 'kid-url', kid, publicKey: publicKeyFromJwk(document) };
    }
    if (isJsonObject(jwk)) return { found: true, source: 'embedded-jwk', publicKey: publicKeyFromJwk(jwk) };
  } catch (error) {
    const code = isBadgeError(error) ? error.code : 'KEY_INVALID';
    const message = error instanceof Error ? error.message : 'the key could not be read';
    return {
      found: false,
      reason: code === 'FETCH_FAILED' || code === 'DOCUMENT_INVALID' ? 'KEY_NOT_FOUND' : code,
      message,
    };
  }
  if (typeof kid === 'string')
    return { found: false, reason: 'KEY_NOT_FOUND', message: `kid ${kid} is neither a URL nor a DID URL` };
  return { found: false, reason: 'KEY_MISSING', message: 'the JWS header names no key (kid or jwk)' };
}

function publicKeyFromJwk(jwk: Json): KeyObject {
  if (typeof jwk.kty !== 'string') throw new BadgeError('KEY_INVALID', 'not a JWK (no kty)');
  // Only the public members are read: a JWK that (wrongly) carries private members is not used as a private key.
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, oth: _oth, k: _k, ...publicMembers } = jwk;
  try {
    return createPublicKey({ key: publicMembers as never, format: 'jwk' });
  } catch (cause) {
    throw new BadgeError('KEY_INVALID', 'the JWK is not a usable public key', { cause });
  }
}

async function proofCheck(jws: string, header: Json, key: JwtKey): Promise<VerificationCheck> {
  const code = CheckCode.PROOF;
  if (typeof header.alg !== 'string' || !ACCEPTED_ALGORITHMS.includes(header.alg)) {
    return {
      code,
      status: 'failed',
      reason: 'UNSUPPORTED_ALGORITHM',
      message: `alg ${String(header.alg)} is not accepted`,
    };
  }
  if (!key.found) return { code, status: 'failed', reason: key.reason, message: key.message };
  try {
    await compactVerify(jws, key.publicKey, { algorithms: [header.alg] });
    return { code, status: 'passed', message: `${header.alg} signature verified` };
  } catch (error) {
    if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
      return { code, status: 'failed', reason: 'SIGNATURE_INVALID', message: 'the signature does not match' };
    }
    const message = error instanceof Error ? error.message : 'the JWS could not be verified';
    return { code, status: 'failed', reason: 'JWS_INVALID', message };
  }
}

function keyBindingCheck(payload: Json, credential: Json, key: JwtKey): VerificationCheck {
  const code = CheckCode.KEY_BINDING;
  const issuer = issuerIdOf(credential);
  if (!issuer)
    return { code, status: 'failed', reason: 'ISSUER_MISSING', message: 'the credential names no issuer' };
  if (payload.iss !== undefined && payload.iss !== issuer) {
    return {
      code,
      status: 'failed',
      reason: 'ISSUER_MISMATCH',
      message: 'the iss claim differs from the credential issuer',
    };
  }
  if (!key.found) return { code, status: 'skipped', message: 'no key to bind' };
  switch (key.source) {
    case 'kid-url':
      return servedByIssuerHost(key.kid, issuer)
        ? { code, status: 'passed', message: 'the key is served by the issuer host' }
        : {
            code,
            status: 'warning',
            reason: 'KEY_NOT_BOUND',
            message: 'the key is not served by the issuer host',
          };
    case 'kid-did':
      if (key.controller !== undefined && controllerMatchesIssuer(key.controller, issuer))
        return { code, status: 'passed' };
      return {
        code,
        status: 'failed',
        reason: 'KEY_CONTROLLER_MISMATCH',
        message: 'the key controller is not the issuer',
      };
    case 'embedded-jwk':
      return {
        code,
        status: 'warning',
        reason: 'KEY_NOT_BOUND',
        message: 'the key is embedded in the JWS header; nothing ties it to the issuer',
      };
  }
}
