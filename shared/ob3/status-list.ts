import { gunzipSync, gzipSync } from 'node:zlib';
import { BadgeError } from '../errors.js';
import type { DocumentFetcher } from '../ports/fetcher.js';
import { fetchDocument, isJsonObject, parseJsonObject } from '../verify/fetch-json.js';
import { issuerIdOf } from '../verify/issuer-identity.js';
import { CheckCode, type VerificationCheck } from '../verify/result.js';
import { validityChecks } from '../verify/validity.js';

/**
 * Credential status for OB 3.0: W3C Bitstring Status List v1.0 (`BitstringStatusListEntry` pointing at a
 * `BitstringStatusListCredential` whose `encodedList` is multibase base64url of a GZIP'd bitstring, most
 * significant bit first) and the older 1EdTech Revocation List (`1EdTechRevocationList`: a JSON document
 * listing `revokedCredentials`).
 */
type Json = Record<string, unknown>;

/** The W3C minimum: a list this long hides which credential a verifier asks about (herd privacy). */
export const MINIMUM_STATUS_LIST_ENTRIES = 131_072;
/** A decompressed list larger than this is refused (about 16 million entries): bounded memory for any input. */
const MAX_BITSTRING_BYTES = 2 * 1024 * 1024;

export function newStatusListBitstring(length = MINIMUM_STATUS_LIST_ENTRIES): Uint8Array {
  if (!Number.isInteger(length) || length < 8 || length % 8 !== 0) {
    throw new BadgeError('STATUS_LIST_LENGTH_INVALID', 'a status list length is a positive multiple of 8');
  }
  return new Uint8Array(length / 8);
}

/** `u` + base64url(GZIP(bits)), as `encodedList` requires. */
export function encodeStatusList(bits: Uint8Array): string {
  return `u${gzipSync(bits).toString('base64url')}`;
}

export function decodeStatusList(encodedList: string): Uint8Array {
  if (typeof encodedList !== 'string' || !/^u[A-Za-z0-9_-]+$/.test(encodedList)) {
    throw new BadgeError('STATUS_LIST_INVALID', 'encodedList is not multibase base64url (u…)');
  }
  try {
    return gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'), {
      maxOutputLength: MAX_BITSTRING_BYTES,
    });
  } catch (cause) {
    throw new BadgeError('STATUS_LIST_INVALID', 'encodedList is not a GZIP stream of a bounded size', {
      cause,
    });
  }
}

/** Bit `index` of the list, counting from the most significant bit of the first byte. */
export function readStatusBit(bits: Uint8Array, index: number): boolean {
  const byte = bits[assertIndex(bits, index) >> 3] as number;
  return (byte & (0x80 >> (index & 7))) !== 0;
}

export function writeStatusBit(bits: Uint8Array, index: number, value: boolean): void {
  const at = assertIndex(bits, index) >> 3;
  const mask = 0x80 >> (index & 7);
  bits[at] = value ? (bits[at] as number) | mask : (bits[at] as number) & ~mask;
}

function assertIndex(bits: Uint8Array, index: number): number {
  if (!Number.isInteger(index) || index < 0 || index >= bits.length * 8) {
    throw new BadgeError('STATUS_LIST_INDEX_OUT_OF_RANGE', `status list index ${index} is outside the list`);
  }
  return index;
}

/** Verifies the status list credential's own proof; injected so this module needs no key resolution. */
export type StatusListProofVerifier = (
  listCredential: Json,
) => Promise<{ valid: true } | { valid: false; reason: string; message: string }>;

export interface CredentialStatusOptions {
  fetcher: DocumentFetcher;
  now: Date;
  verifyListProof: StatusListProofVerifier;
}

const REVOCATION_LIST_1EDTECH = '1EdTechRevocationList';
const BITSTRING_ENTRY = 'BitstringStatusListEntry';
const PURPOSE_REASONS: Record<string, string> = { revocation: 'REVOKED', suspension: 'SUSPENDED' };

/** The STATUS check of a credential: passed when no entry says revoked or suspended. */
export async function checkCredentialStatus(
  credential: Json,
  options: CredentialStatusOptions,
): Promise<VerificationCheck> {
  const code = CheckCode.STATUS;
  const status = credential.credentialStatus;
  if (status === undefined)
    return { code, status: 'passed', message: 'the credential has no credentialStatus' };
  const entries = Array.isArray(status) ? status : [status];
  if (entries.length === 0 || entries.length > 8 || !entries.every(isJsonObject)) {
    return {
      code,
      status: 'failed',
      reason: 'STATUS_ENTRY_INVALID',
      message: 'credentialStatus is not one or a few objects',
    };
  }
  const outcomes: VerificationCheck[] = [];
  for (const entry of entries as Json[]) {
    const outcome = await checkEntry(credential, entry, options);
    if (outcome.status === 'failed') return outcome;
    outcomes.push(outcome);
  }
  return outcomes.find((outcome) => outcome.status === 'warning') ?? { code, status: 'passed' };
}

async function checkEntry(
  credential: Json,
  entry: Json,
  options: CredentialStatusOptions,
): Promise<VerificationCheck> {
  const types = Array.isArray(entry.type) ? entry.type : [entry.type];
  if (types.includes(BITSTRING_ENTRY)) return checkBitstringEntry(credential, entry, options);
  if (types.includes(REVOCATION_LIST_1EDTECH)) return check1EdTechRevocationList(credential, entry, options);
  return {
    code: CheckCode.STATUS,
    status: 'warning',
    reason: 'STATUS_METHOD_UNSUPPORTED',
    message: `credentialStatus type ${JSON.stringify(entry.type)} is not known; status not checked`,
  };
}

async function checkBitstringEntry(
  credential: Json,
  entry: Json,
  options: CredentialStatusOptions,
): Promise<VerificationCheck> {
  const code = CheckCode.STATUS;
  const fail = (reason: string, message: string): VerificationCheck => ({
    code,
    status: 'failed',
    reason,
    message,
  });
  const purpose = entry.statusPurpose;
  const index =
    typeof entry.statusListIndex === 'string' && /^\d{1,10}$/.test(entry.statusListIndex)
      ? Number(entry.statusListIndex)
      : entry.statusListIndex;
  const listUrl = entry.statusListCredential;
  if (
    typeof purpose !== 'string' ||
    typeof index !== 'number' ||
    !Number.isInteger(index) ||
    index < 0 ||
    typeof listUrl !== 'string'
  ) {
    return fail(
      'STATUS_ENTRY_INVALID',
      'a BitstringStatusListEntry needs statusPurpose, a non-negative statusListIndex and statusListCredential',
    );
  }
  const statusSize = entry.statusSize ?? 1;
  if (statusSize !== 1) {
    // Multi-bit entries carry status messages, not revocation; they do not decide validity.
    return {
      code,
      status: 'warning',
      reason: 'STATUS_SIZE_UNSUPPORTED',
      message: `statusSize ${String(statusSize)} is not checked`,
    };
  }
  let list: Json;
  try {
    const response = await fetchDocument(
      options.fetcher,
      listUrl,
      'application/vc+ld+json, application/ld+json, application/json',
    );
    list = parseJsonObject(Buffer.from(response.body).toString('utf8'), listUrl);
  } catch (error) {
    return fail(
      'STATUS_LIST_UNAVAILABLE',
      error instanceof Error ? error.message : 'the status list could not be fetched',
    );
  }
  const subject = list.credentialSubject;
  const listTypes = Array.isArray(list.type) ? list.type : [list.type];
  if (!listTypes.includes('BitstringStatusListCredential') || !isJsonObject(subject)) {
    return fail('STATUS_LIST_INVALID', 'the status list is not a BitstringStatusListCredential');
  }
  const listPurposes = Array.isArray(subject.statusPurpose) ? subject.statusPurpose : [subject.statusPurpose];
  if (!listPurposes.includes(purpose)) {
    return fail('STATUS_PURPOSE_MISMATCH', `the status list is not for ${purpose}`);
  }
  let bits: Uint8Array;
  try {
    bits = decodeStatusList(subject.encodedList as string);
  } catch (error) {
    return fail(
      'STATUS_LIST_INVALID',
      error instanceof Error ? error.message : 'encodedList cannot be decoded',
    );
  }
  if (bits.length * 8 < MINIMUM_STATUS_LIST_ENTRIES) {
    return fail(
      'STATUS_LIST_TOO_SHORT',
      `the status list has fewer than ${MINIMUM_STATUS_LIST_ENTRIES} entries`,
    );
  }
  if (index >= bits.length * 8)
    return fail('STATUS_LIST_INDEX_OUT_OF_RANGE', `index ${index} is outside the status list`);
  // A set bit is heeded even from a list whose proof fails: a forged list can then only deny, never vouch.
  if (readStatusBit(bits, index)) {
    const reason = PURPOSE_REASONS[purpose];
    if (reason) return fail(reason, `the issuer's status list marks this credential (${purpose})`);
    return {
      code,
      status: 'warning',
      reason: 'STATUS_FLAGGED',
      message: `status bit set for purpose ${purpose}`,
    };
  }
  return trustListCredential(credential, list, options);
}

async function trustListCredential(
  credential: Json,
  list: Json,
  options: CredentialStatusOptions,
): Promise<VerificationCheck> {
  const code = CheckCode.STATUS;
  const credentialIssuer = issuerIdOf(credential);
  const listIssuer = issuerIdOf(list);
  if (credentialIssuer !== undefined && listIssuer !== credentialIssuer) {
    return {
      code,
      status: 'failed',
      reason: 'STATUS_LIST_ISSUER_MISMATCH',
      message: 'the status list is issued by someone else',
    };
  }
  const expired = validityChecks(list, options.now).find((check) => check.status === 'failed');
  if (expired)
    return {
      code,
      status: 'failed',
      reason: 'STATUS_LIST_NOT_CURRENT',
      message: expired.message ?? 'the status list is not current',
    };
  if (list.proof === undefined) {
    return {
      code,
      status: 'warning',
      reason: 'STATUS_LIST_UNSIGNED',
      message: 'not revoked according to an unsigned status list',
    };
  }
  const proof = await options.verifyListProof(list);
  if (!proof.valid)
    return { code, status: 'failed', reason: 'STATUS_LIST_PROOF_INVALID', message: proof.message };
  return { code, status: 'passed', message: 'not revoked according to the signed status list' };
}

async function check1EdTechRevocationList(
  credential: Json,
  entry: Json,
  options: CredentialStatusOptions,
): Promise<VerificationCheck> {
  const code = CheckCode.STATUS;
  if (typeof entry.id !== 'string') {
    return {
      code,
      status: 'failed',
      reason: 'STATUS_ENTRY_INVALID',
      message: 'a 1EdTechRevocationList entry needs an id',
    };
  }
  let list: Json;
  try {
    const response = await fetchDocument(options.fetcher, entry.id);
    list = parseJsonObject(Buffer.from(response.body).toString('utf8'), entry.id);
  } catch (error) {
    // As 1EdTech's validator: an unreachable revocation list is a warning, not a failure.
    return {
      code,
      status: 'warning',
      reason: 'STATUS_LIST_UNAVAILABLE',
      message: error instanceof Error ? error.message : 'unreachable',
    };
  }
  const revoked = Array.isArray(list.revokedCredentials) ? list.revokedCredentials : [];
  const hit = revoked.find(
    (item) =>
      isJsonObject(item) &&
      typeof credential.id === 'string' &&
      item.id === credential.id &&
      (item.revoked === undefined || item.revoked === true),
  );
  if (hit)
    return { code, status: 'failed', reason: 'REVOKED', message: "listed in the issuer's revocation list" };
  return { code, status: 'passed', message: "not in the issuer's revocation list" };
}
