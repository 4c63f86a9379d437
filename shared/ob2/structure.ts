import { hasOb2Type } from './context.js';
import {
  isDataUri,
  isDateTime,
  isEmail,
  isHttpUrl,
  isIri,
  isObject,
  type JsonObject,
  listOf,
  nodeId,
} from './values.js';

/**
 * The OB 2.0 structural rules (required properties and value types per class), after 1EdTech's validator
 * (openbadges-validator-core `ClassValidators`). Each rule that fails gives a problem with a stable reason.
 */
export interface StructureProblem {
  reason: 'PROPERTY_MISSING' | 'PROPERTY_INVALID' | 'DATA_URI_IMAGE_ON_ASSERTION' | 'IDENTITY_INVALID';
  message: string;
}

class Problems {
  readonly list: StructureProblem[] = [];

  constructor(private readonly where: string) {}

  missing(property: string): void {
    this.list.push({ reason: 'PROPERTY_MISSING', message: `${this.where}: ${property} is required` });
  }

  invalid(property: string, expectation: string): void {
    this.list.push({ reason: 'PROPERTY_INVALID', message: `${this.where}: ${property} ${expectation}` });
  }

  add(reason: StructureProblem['reason'], message: string): void {
    this.list.push({ reason, message: `${this.where}: ${message}` });
  }

  /** Checks presence, then the value (each of a list, when lists are allowed). */
  check(
    node: JsonObject,
    property: string,
    options: { required: boolean; many?: boolean },
    valid: (value: unknown) => boolean,
    expectation: string,
  ): void {
    const value = node[property];
    if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) {
      if (options.required) this.missing(property);
      return;
    }
    if (Array.isArray(value) && !options.many) {
      this.invalid(property, 'must be a single value');
      return;
    }
    if (!listOf(value).every(valid)) this.invalid(property, expectation);
  }
}

const isText = (value: unknown): boolean => typeof value === 'string';
const isIriOrNode = (value: unknown): boolean => isIri(value) || (isObject(value) && idIsAbsentOrIri(value));
const idIsAbsentOrIri = (node: JsonObject): boolean => node.id === undefined || isIri(node.id);
const HASHED_IDENTITY = /^(sha256\$[0-9a-fA-F]{64}|md5\$[0-9a-fA-F]{32})$/;

export function assertionProblems(assertion: JsonObject): StructureProblem[] {
  const problems = new Problems('Assertion');
  problems.check(assertion, 'id', { required: true }, isIri, 'must be an IRI');
  recipientProblems(problems, assertion.recipient);
  problems.check(assertion, 'badge', { required: true }, isIriOrNode, 'must be a BadgeClass IRI or object');
  verificationProblems(problems, assertion.verification);
  problems.check(
    assertion,
    'issuedOn',
    { required: true },
    isDateTime,
    'must be an ISO 8601 date-time with a zone',
  );
  problems.check(
    assertion,
    'expires',
    { required: false },
    isDateTime,
    'must be an ISO 8601 date-time with a zone',
  );
  problems.check(assertion, 'narrative', { required: false }, isText, 'must be text');
  problems.check(
    assertion,
    'evidence',
    { required: false, many: true },
    isIriOrNode,
    'must be IRIs or objects',
  );
  problems.check(
    assertion,
    'revoked',
    { required: false },
    (v) => typeof v === 'boolean',
    'must be a boolean',
  );
  imageProblems(problems, assertion.image, { required: false, allowDataUri: false });
  return problems.list;
}

function recipientProblems(problems: Problems, recipient: unknown): void {
  if (recipient === undefined || recipient === null) {
    problems.missing('recipient');
    return;
  }
  if (!isObject(recipient)) {
    problems.invalid('recipient', 'must be an IdentityObject');
    return;
  }
  if (!['id', 'email', 'url', 'telephone'].includes(recipient.type as string)) {
    problems.invalid('recipient.type', 'must be one of id, email, url, telephone');
  }
  if (typeof recipient.identity !== 'string') problems.missing('recipient.identity');
  if (typeof recipient.hashed !== 'boolean') problems.invalid('recipient.hashed', 'must be a boolean');
  if (recipient.salt !== undefined && recipient.salt !== null && typeof recipient.salt !== 'string') {
    problems.invalid('recipient.salt', 'must be text');
  }
  if (typeof recipient.identity !== 'string' || typeof recipient.hashed !== 'boolean') return;
  const looksHashed = HASHED_IDENTITY.test(recipient.identity);
  if (recipient.hashed && !looksHashed) {
    problems.add('IDENTITY_INVALID', 'a hashed identity must be sha256$<64 hex> or md5$<32 hex>');
  } else if (!recipient.hashed && looksHashed) {
    problems.add('IDENTITY_INVALID', 'an identity that is a hash must say hashed: true');
  } else if (!recipient.hashed && recipient.type === 'email' && !isEmail(recipient.identity)) {
    problems.add('IDENTITY_INVALID', 'an unhashed email identity must be an email address');
  }
}

function verificationProblems(problems: Problems, verification: unknown): void {
  if (verification === undefined || verification === null) {
    problems.missing('verification');
    return;
  }
  if (!isObject(verification) || verificationKind(verification) === undefined) {
    problems.invalid('verification', 'must be { type: hosted } or { type: signed, creator? }');
    return;
  }
  if (verification.creator !== undefined && !isHttpUrl(verification.creator)) {
    problems.invalid('verification.creator', 'must be the URL of a CryptographicKey');
  }
}

/** `hosted` / `HostedBadge` and `signed` / `SignedBadge` are aliases of the same two verification classes. */
export function verificationKind(verification: unknown): 'hosted' | 'signed' | undefined {
  if (!isObject(verification)) return undefined;
  if (hasOb2Type(verification.type, 'HostedBadge')) return 'hosted';
  if (hasOb2Type(verification.type, 'SignedBadge')) return 'signed';
  return undefined;
}

function imageProblems(
  problems: Problems,
  image: unknown,
  options: { required: boolean; allowDataUri: boolean },
): void {
  if (image === undefined || image === null) {
    if (options.required) problems.missing('image');
    return;
  }
  const url = nodeId(image);
  if (url === undefined) {
    problems.invalid('image', 'must be a URL or an Image object with an id');
    return;
  }
  if (isDataUri(url)) {
    if (!options.allowDataUri) problems.add('DATA_URI_IMAGE_ON_ASSERTION', 'image must not be a data: URI');
    return;
  }
  if (!isHttpUrl(url)) problems.invalid('image', 'must be an http(s) URL');
}

export function badgeClassProblems(badge: JsonObject): StructureProblem[] {
  const problems = new Problems('BadgeClass');
  problems.check(badge, 'id', { required: true }, isIri, 'must be an IRI');
  problems.check(badge, 'name', { required: true }, isText, 'must be text');
  problems.check(badge, 'description', { required: true }, isText, 'must be text');
  imageProblems(problems, badge.image, { required: true, allowDataUri: true });
  problems.check(badge, 'criteria', { required: true }, isCriteria, 'must be a URL or { id?, narrative? }');
  problems.check(badge, 'issuer', { required: true }, isIriOrNode, 'must be an issuer Profile IRI or object');
  problems.check(badge, 'tags', { required: false, many: true }, isText, 'must be text');
  problems.check(
    badge,
    'alignment',
    { required: false, many: true },
    isAlignment,
    'needs targetName and targetUrl',
  );
  return problems.list;
}

function isCriteria(value: unknown): boolean {
  if (isIri(value)) return true;
  if (!isObject(value)) return false;
  const hasUrl = isIri(value.id) && !String(value.id).startsWith('_:');
  return idIsAbsentOrIri(value) && (hasUrl || typeof value.narrative === 'string');
}

function isAlignment(value: unknown): boolean {
  return isObject(value) && typeof value.targetName === 'string' && isHttpUrl(value.targetUrl);
}

export function issuerProblems(issuer: JsonObject): StructureProblem[] {
  const problems = new Problems('Issuer');
  problems.check(issuer, 'id', { required: true }, isIri, 'must be an IRI');
  problems.check(issuer, 'name', { required: true }, isText, 'must be text');
  problems.check(issuer, 'url', { required: true }, isHttpUrl, 'must be an http(s) URL');
  problems.check(issuer, 'email', { required: true }, isEmail, 'must be an email address');
  problems.check(issuer, 'description', { required: false }, isText, 'must be text');
  imageProblems(problems, issuer.image, { required: false, allowDataUri: true });
  problems.check(
    issuer,
    'publicKey',
    { required: false, many: true },
    isIriOrNode,
    'must be key IRIs or objects',
  );
  problems.check(issuer, 'revocationList', { required: false }, isIri, 'must be an IRI');
  problems.check(issuer, 'verification', { required: false }, isIriOrNode, 'must be a VerificationObject');
  return problems.list;
}

export function cryptographicKeyProblems(key: JsonObject): StructureProblem[] {
  const problems = new Problems('CryptographicKey');
  problems.check(key, 'id', { required: false }, isIri, 'must be an IRI');
  problems.check(key, 'owner', { required: false }, isIri, 'must be an IRI');
  problems.check(key, 'publicKeyPem', { required: true }, isText, 'must be a PEM public key');
  return problems.list;
}

export function revocationListProblems(list: JsonObject): StructureProblem[] {
  const problems = new Problems('RevocationList');
  problems.check(list, 'id', { required: false }, isIri, 'must be an IRI');
  const entries = list.revokedAssertions;
  if (entries === undefined || entries === null) problems.missing('revokedAssertions');
  else if (!listOf(entries).every(isRevocationEntry)) {
    problems.invalid('revokedAssertions', 'entries must be IRIs or { id } / { uid } objects');
  }
  return problems.list;
}

function isRevocationEntry(entry: unknown): boolean {
  if (typeof entry === 'string') return isIri(entry);
  if (!isObject(entry)) return false;
  return entry.id !== undefined ? isIri(entry.id) : typeof entry.uid === 'string';
}
