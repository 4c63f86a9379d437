import { unbake } from '../baking/index.js';
import { isBadgeError } from '../errors.js';
import { verifyOb2 } from '../ob2/verify.js';
import { decodeCompactJws } from '../ob3/vc-jwt.js';
import type { FetchedDocument } from '../ports/fetcher.js';
import { classifyDocument } from './classify.js';
import { type DetectedInput, detectInput, detectText, MAX_INPUT_BYTES } from './detect-input.js';
import { fetchDocument } from './fetch-json.js';
import { verifyOb3Credential } from './ob3-credential.js';
import { verifyOb3Jwt } from './ob3-jwt.js';
import type { VerifyOptions } from './options.js';
import { CheckCode, summarize, type VerificationCheck, type VerificationResult } from './result.js';

export type { VerifyOptions } from './options.js';
export { CheckCode, type VerificationCheck, type VerificationResult } from './result.js';

/**
 * Verifies an Open Badge, whatever form it arrives in: OB 3.0 JSON with an embedded proof, an OB 3.0 VC-JWT, an
 * OB 2.0 assertion (JSON, signed JWS, or hosted URL), a baked PNG or SVG carrying any of these, or a URL serving
 * any of these. Never throws: unreadable input is a failed INPUT check with a reason.
 */
export async function verify(
  input: string | Uint8Array | URL,
  options: VerifyOptions,
): Promise<VerificationResult> {
  try {
    return await verifyDetected(detectInput(input), options, 0, []);
  } catch (error) {
    // Only a defect lands here; the caller gets a result, never an exception.
    const reason = isBadgeError(error) ? error.code : 'INTERNAL_ERROR';
    return inputFailure(reason, 'the input could not be verified');
  }
}

/** A URL can serve an image whose payload is a URL: the chain is followed this far and no further. */
const MAX_INDIRECTIONS = 3;
const URL_ACCEPT =
  'application/vc+ld+json, application/ld+json, application/vc+jwt, application/jwt, image/png, image/svg+xml, application/json;q=0.9, */*;q=0.1';

async function verifyDetected(
  detected: DetectedInput,
  options: VerifyOptions,
  depth: number,
  path: string[],
): Promise<VerificationResult> {
  switch (detected.kind) {
    case 'invalid':
      return inputFailure(detected.reason, detected.message);
    case 'json':
      return verifyJson(detected.value, options, path);
    case 'jws':
      return verifyJws(detected.jws, options, path);
    case 'image':
      return verifyImage(detected.bytes, options, depth, path);
    case 'url':
      return verifyUrl(detected.url, options, depth, path);
  }
}

async function verifyJson(
  value: unknown,
  options: VerifyOptions,
  path: string[],
): Promise<VerificationResult> {
  switch (classifyDocument(value)) {
    case 'ob3':
      return verifyOb3Credential(
        value as Record<string, unknown>,
        options,
        passedInput([...path, 'OB 3.0 credential (JSON)']),
      );
    case 'ob2':
      return verifyOb2({ kind: 'json', assertion: value }, options);
    case 'unknown':
      return inputFailure(
        'NOT_A_CREDENTIAL',
        'the JSON is neither an OB 3.0 credential nor an OB 2.0 assertion',
      );
  }
}

async function verifyJws(jws: string, options: VerifyOptions, path: string[]): Promise<VerificationResult> {
  const decoded = decodeCompactJws(jws);
  if (!decoded) return inputFailure('JWS_MALFORMED', 'not a compact JWS with a JSON header and payload');
  const payload = decoded.payload;
  const carriesVc = payload.vc !== undefined || classifyDocument(payload) === 'ob3';
  if (carriesVc) return verifyOb3Jwt(jws, options, passedInput([...path, 'OB 3.0 credential (VC-JWT)']));
  if (classifyDocument(payload) === 'ob2') return verifyOb2({ kind: 'jws', jws }, options);
  return inputFailure(
    'NOT_A_CREDENTIAL',
    'the JWS payload is neither an OB 3.0 credential nor an OB 2.0 assertion',
  );
}

async function verifyImage(
  bytes: Uint8Array,
  options: VerifyOptions,
  depth: number,
  path: string[],
): Promise<VerificationResult> {
  let payloads: ReturnType<typeof unbake>;
  try {
    payloads = unbake(bytes);
  } catch (error) {
    if (!isBadgeError(error)) throw error;
    return inputFailure(error.code, error.message);
  }
  // One image may carry both versions; the 3.0 credential is the one to verify.
  const payload = payloads.ob3 ?? payloads.ob2;
  if (payload === undefined) {
    return inputFailure('NO_BAKED_CREDENTIAL', `the ${payloads.imageType.toUpperCase()} carries no badge`);
  }
  const where = `baked ${payloads.imageType.toUpperCase()}`;
  if (depth >= MAX_INDIRECTIONS) {
    return inputFailure('TOO_MANY_INDIRECTIONS', 'the badge points through too many documents');
  }
  const detected = detectText(payload);
  if (detected.kind === 'image') {
    return inputFailure('BAKED_PAYLOAD_INVALID', 'a baked payload cannot be another image');
  }
  if (detected.kind === 'url' && payloads.ob3 === undefined) {
    // An OB 2.0 hosted badge bakes the URL of its assertion; verifying it is hosted verification.
    return verifyOb2({ kind: 'url', url: detected.url }, options);
  }
  return verifyDetected(detected, options, depth + 1, [...path, where]);
}

async function verifyUrl(
  url: string,
  options: VerifyOptions,
  depth: number,
  path: string[],
): Promise<VerificationResult> {
  if (depth >= MAX_INDIRECTIONS) {
    return inputFailure('TOO_MANY_INDIRECTIONS', 'the badge points through too many documents');
  }
  let response: FetchedDocument;
  try {
    response = await fetchDocument(options.fetcher, url, URL_ACCEPT, MAX_INPUT_BYTES);
  } catch (error) {
    const status = isBadgeError(error) ? error.details?.status : undefined;
    // 410 Gone is how an OB 2.0 hosted assertion says it was revoked: that verdict belongs to the OB 2.0 verifier.
    if (status === 410) return verifyOb2({ kind: 'url', url }, options);
    return inputFailure('FETCH_FAILED', error instanceof Error ? error.message : `could not fetch ${url}`);
  }
  // Content decides what the document is (servers mislabel); the one type worth a word of its own is a web page.
  if (/^\s*(text\/html|application\/xhtml\+xml)/i.test(response.contentType ?? '')) {
    return inputFailure(
      'NOT_A_CREDENTIAL',
      `${url.slice(0, 200)} serves a web page, not a credential or badge image`,
    );
  }
  const detected = detectInput(response.body);
  if (detected.kind === 'json' && classifyDocument(detected.value) === 'ob2') {
    // Hosted verification needs the URL itself (the assertion must live at its own id).
    return verifyOb2({ kind: 'url', url }, options);
  }
  return verifyDetected(detected, options, depth + 1, [...path, `fetched from ${url.slice(0, 200)}`]);
}

function passedInput(path: string[]): VerificationCheck {
  return { code: CheckCode.INPUT, status: 'passed', message: path.join(' → ') };
}

function inputFailure(reason: string, message: string): VerificationResult {
  return summarize('unknown', [{ code: CheckCode.INPUT, status: 'failed', reason, message }]);
}
