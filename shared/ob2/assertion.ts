import { OB_V2_CONTEXT } from '../formats/contexts.js';
import { InputProblems, toDateTimeString } from './build-input.js';
import type { Ob2Assertion, Ob2Evidence, Ob2HashedEmailRecipient, Ob2Verification } from './types.js';
import { isObject, parseDateTime } from './values.js';

export interface Ob2AssertionInput {
  /** Hosted assertions live at their id (an http(s) URL); signed ones may use a urn:uuid. */
  id: string;
  /** The BadgeClass id. */
  badge: string;
  /** Built with `hashEmailIdentity` and `newSalt`; a plaintext email is refused. */
  recipient: Ob2HashedEmailRecipient;
  issuedOn: Date | string;
  expires?: Date | string;
  /** The baked image's URL. Never a data: URI on an Assertion. */
  image?: string;
  evidence?: string | Ob2Evidence[];
  narrative?: string;
  /** `creator` is the URL of the CryptographicKey that signs the assertion. */
  verification: Ob2Verification;
}

const HASHED_IDENTITY = /^sha256\$[0-9a-f]{64}$/;

export function buildOb2Assertion(input: Ob2AssertionInput): Ob2Assertion {
  const problems = new InputProblems('Assertion');
  const verification = checkVerification(problems, input.verification);
  if (verification?.type === 'hosted') problems.requireHttpUrl('id', input.id);
  else problems.requireIri('id', input.id);
  problems.requireHttpUrl('badge', input.badge);
  checkRecipient(problems, input.recipient);
  const issuedOn = toDateTimeString(input.issuedOn);
  if (issuedOn === undefined)
    problems.add('issuedOn', 'must be a Date or an ISO 8601 date-time with a time zone');
  const expires = input.expires === undefined ? undefined : toDateTimeString(input.expires);
  if (input.expires !== undefined && expires === undefined) {
    problems.add('expires', 'must be a Date or an ISO 8601 date-time with a time zone');
  }
  if (issuedOn && expires && (parseDateTime(expires) ?? 0) <= (parseDateTime(issuedOn) ?? 0)) {
    problems.add('expires', 'must be after issuedOn');
  }
  if (input.image !== undefined) problems.requireImage('image', input.image, { allowDataUri: false });
  checkEvidence(problems, input.evidence);
  problems.optionalText('narrative', input.narrative);
  problems.throwIfAny();

  return {
    '@context': OB_V2_CONTEXT,
    type: 'Assertion',
    id: input.id,
    recipient: {
      type: 'email',
      hashed: true,
      identity: input.recipient.identity,
      salt: input.recipient.salt,
    },
    badge: input.badge,
    issuedOn: issuedOn as string,
    ...(expires === undefined ? {} : { expires }),
    ...(input.image === undefined ? {} : { image: input.image }),
    ...(input.evidence === undefined ? {} : { evidence: copyEvidence(input.evidence) }),
    ...(input.narrative === undefined ? {} : { narrative: input.narrative }),
    verification: verification as Ob2Verification,
  };
}

function checkVerification(problems: InputProblems, value: unknown): Ob2Verification | undefined {
  if (isObject(value) && value.type === 'hosted') return { type: 'hosted' };
  if (isObject(value) && value.type === 'signed') {
    problems.requireHttpUrl('verification.creator', value.creator);
    return { type: 'signed', creator: value.creator as string };
  }
  problems.add('verification', "must be { type: 'hosted' } or { type: 'signed', creator }");
  return undefined;
}

function checkRecipient(problems: InputProblems, value: unknown): void {
  if (!isObject(value)) {
    problems.add('recipient', 'is required: { type: "email", hashed: true, identity, salt }');
    return;
  }
  if (value.type !== 'email') problems.add('recipient.type', 'must be "email"');
  if (value.hashed !== true)
    problems.add('recipient.hashed', 'must be true: plaintext emails are never published');
  if (typeof value.identity !== 'string' || !HASHED_IDENTITY.test(value.identity)) {
    problems.add(
      'recipient.identity',
      'must be sha256$ followed by 64 lowercase hex digits (see hashEmailIdentity)',
    );
  }
  problems.requireText('recipient.salt', value.salt);
}

function checkEvidence(problems: InputProblems, value: unknown): void {
  if (value === undefined) return;
  if (typeof value === 'string') {
    problems.requireHttpUrl('evidence', value);
    return;
  }
  if (!Array.isArray(value)) {
    problems.add('evidence', 'must be a URL or a list of { id?, narrative?, name?, description? }');
    return;
  }
  for (const [index, item] of value.entries()) {
    const field = `evidence[${index}]`;
    if (!isObject(item)) {
      problems.add(field, 'must be { id?, narrative?, name?, description? }');
      continue;
    }
    problems.optionalHttpUrl(`${field}.id`, item.id);
    problems.optionalText(`${field}.narrative`, item.narrative);
    problems.optionalText(`${field}.name`, item.name);
    problems.optionalText(`${field}.description`, item.description);
    if (item.id === undefined && item.narrative === undefined)
      problems.add(field, 'needs an id or a narrative');
  }
}

function copyEvidence(value: string | Ob2Evidence[]): string | Ob2Evidence[] {
  if (typeof value === 'string') return value;
  return value.map((item) => ({
    ...(item.id === undefined ? {} : { id: item.id }),
    ...(item.narrative === undefined ? {} : { narrative: item.narrative }),
    ...(item.name === undefined ? {} : { name: item.name }),
    ...(item.description === undefined ? {} : { description: item.description }),
  }));
}
