import type { DocumentFetcher } from '../ports/fetcher.js';
import { CheckCode, type VerificationResult } from '../verify/result.js';
import { Ob2Checks } from './checks.js';
import { fetchText, parseJson } from './documents.js';
import { looksLikeCompactJws, readJwsPayload } from './jws.js';
import { isHttpUrl, isObject } from './values.js';
import type { VerificationContext } from './verification-context.js';
import { verifyAssertion } from './verify-assertion.js';
import { isProfileDocument, verifyProfileDocument } from './verify-profile-document.js';

export type Ob2Input =
  | { kind: 'json'; assertion: unknown }
  | { kind: 'jws'; jws: string }
  | { kind: 'url'; url: string };

export interface Ob2VerifyOptions {
  fetcher: DocumentFetcher;
  /** The verification time; defaults to the current time. */
  now?: Date;
  /** When given, the assertion's recipient identity must match this email (RECIPIENT). */
  recipientEmail?: string;
}

/**
 * Verifies an OB 2.0 Assertion given as JSON, as a signed compact JWS, or by the URL it is hosted at (a
 * BadgeClass or issuer Profile given instead is checked structurally). Never throws for bad input: every
 * problem is a check with a code.
 */
export async function verifyOb2(input: Ob2Input, options: Ob2VerifyOptions): Promise<VerificationResult> {
  const context: VerificationContext = {
    fetcher: options.fetcher,
    now: options.now ?? new Date(),
    recipientEmail: options.recipientEmail,
    checks: new Ob2Checks(),
  };
  try {
    return await dispatch(input, context);
  } catch (error) {
    // Only a defect lands here; the input is reported as unreadable rather than crashing the caller.
    const message = error instanceof Error ? error.message : 'unexpected error';
    context.checks.fail(CheckCode.INPUT, 'UNREADABLE', `the input could not be verified: ${message}`);
    return context.checks.result('unknown');
  }
}

async function dispatch(input: Ob2Input, context: VerificationContext): Promise<VerificationResult> {
  const { checks } = context;
  switch (input?.kind) {
    case 'json':
      return verifyDocument(
        typeof input.assertion === 'string' ? parseJson(input.assertion) : input.assertion,
        context,
      );
    case 'jws':
      return verifyJws(input.jws, context);
    case 'url':
      return verifyUrl(input.url, context);
    default:
      checks.fail(CheckCode.INPUT, 'INPUT_KIND_UNKNOWN', "input.kind must be 'json', 'jws' or 'url'");
      return checks.result('unknown');
  }
}

function verifyDocument(document: unknown, context: VerificationContext, fetchedFrom?: string) {
  if (!isObject(document)) {
    context.checks.fail(CheckCode.INPUT, 'NOT_AN_OBJECT', 'the input is not a JSON object');
    return context.checks.result('unknown');
  }
  if (isProfileDocument(document)) return verifyProfileDocument(document, context);
  return verifyAssertion(
    { assertion: document, ...(fetchedFrom === undefined ? {} : { fetchedFrom }) },
    context,
  );
}

async function verifyJws(jws: unknown, context: VerificationContext): Promise<VerificationResult> {
  const { checks } = context;
  const read =
    typeof jws === 'string' ? readJwsPayload(jws) : { ok: false as const, message: 'the JWS is not text' };
  if (!read.ok) {
    checks.fail(CheckCode.INPUT, 'JWS_MALFORMED', read.message);
    checks.fail(CheckCode.PROOF, 'JWS_MALFORMED', read.message);
    return checks.result('ob2-signed');
  }
  if (!isObject(read.payload)) {
    checks.fail(CheckCode.INPUT, 'NOT_AN_OBJECT', 'the JWS payload is not a JSON object');
    checks.fail(CheckCode.PROOF, 'JWS_MALFORMED', 'the JWS payload is not a JSON object');
    return checks.result('ob2-signed');
  }
  return verifyAssertion({ assertion: read.payload, jws: (jws as string).trim() }, context);
}

async function verifyUrl(url: unknown, context: VerificationContext): Promise<VerificationResult> {
  const { checks } = context;
  if (!isHttpUrl(url)) {
    checks.fail(CheckCode.INPUT, 'URL_INVALID', 'the input is not an http(s) URL');
    return checks.result('unknown');
  }
  const response = await fetchText(context.fetcher, url);
  if (response.kind === 'unavailable') {
    checks.fail(CheckCode.INPUT, 'FETCH_FAILED', response.message);
    return checks.result('ob2-hosted');
  }
  if (response.status === 410) {
    checks.settle(CheckCode.INPUT, `${url} answered 410 Gone`);
    checks.fail(CheckCode.STATUS, 'REVOKED', `${url} answered 410 Gone: the assertion is revoked`);
    return checks.result('ob2-hosted');
  }
  if (response.status < 200 || response.status > 299) {
    checks.fail(CheckCode.INPUT, 'FETCH_FAILED', `${url} answered HTTP ${response.status}`);
    return checks.result('ob2-hosted');
  }
  const text = response.text.trim();
  if (looksLikeCompactJws(text)) return verifyJws(text, context);
  const document = parseJson(text);
  if (document === undefined) {
    checks.fail(CheckCode.INPUT, 'NOT_JSON', `${url} is neither JSON nor a compact JWS`);
    return checks.result('ob2-hosted');
  }
  if (isObject(document) && document.revoked === true) {
    checks.settle(CheckCode.INPUT, `${url} serves a revoked assertion`);
    checks.fail(CheckCode.STATUS, 'REVOKED', `${url} says revoked: true`);
    return checks.result('ob2-hosted', document);
  }
  return verifyDocument(document, context, url);
}
