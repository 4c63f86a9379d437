import { bundledContext, OB_V2_CONTEXT } from '../formats/contexts.js';
import { isObject, listOf } from './values.js';

/**
 * The JSON-LD context check of an OB 2.0 document. Verification reads documents as plain JSON, so what matters is
 * that the terms it reads mean what the OB 2.0 context says they mean. Accepted: the OB 2.0 context URL (or one of
 * its published aliases), first; an inline context object that maps those terms to the same IRIs (1EdTech's
 * fixtures inline an earlier copy of the context); extension contexts after the OB 2.0 one.
 */
export type ContextVerdict = { ok: true } | { ok: false; reason: ContextFailure; message: string };
export type ContextFailure = 'CONTEXT_MISSING' | 'CONTEXT_NOT_OB2' | 'CONTEXT_TERMS_REDEFINED';

type TermMap = Record<string, unknown>;

/** The terms verification reads; an inline context must not give any of them another meaning. */
const TERMS_READ = [
  'id',
  'type',
  'Assertion',
  'BadgeClass',
  'Issuer',
  'Profile',
  'CryptographicKey',
  'RevocationList',
  'HostedBadge',
  'hosted',
  'SignedBadge',
  'signed',
  'recipient',
  'identity',
  'hashed',
  'salt',
  'badge',
  'verification',
  'creator',
  'issuedOn',
  'expires',
  'image',
  'evidence',
  'narrative',
  'revoked',
  'name',
  'description',
  'criteria',
  'issuer',
  'url',
  'email',
  'publicKey',
  'revocationList',
  'owner',
  'publicKeyPem',
  'allowedOrigins',
  'startsWith',
  'revokedAssertions',
] as const;

const MAX_CONTEXT_ENTRIES = 32;

let ob2Terms: TermMap | undefined;

function ob2TermMap(): TermMap {
  ob2Terms ??= (bundledContext(OB_V2_CONTEXT) as { '@context': TermMap })['@context'];
  return ob2Terms;
}

export function checkOb2Context(context: unknown): ContextVerdict {
  if (context === undefined || context === null) {
    return { ok: false, reason: 'CONTEXT_MISSING', message: '@context is missing' };
  }
  const entries = listOf(context);
  if (entries.length === 0 || entries.length > MAX_CONTEXT_ENTRIES) {
    return { ok: false, reason: 'CONTEXT_NOT_OB2', message: '@context has no usable entries' };
  }
  const terms: TermMap = {};
  let hasOb2Context = false;
  for (const entry of entries) {
    if (typeof entry === 'string') {
      if (isOb2ContextUrl(entry)) {
        Object.assign(terms, ob2TermMap());
        hasOb2Context = true;
      } else if (!hasOb2Context) {
        return {
          ok: false,
          reason: 'CONTEXT_NOT_OB2',
          message: `@context ${entry} is not the OB 2.0 context`,
        };
      }
    } else if (isObject(entry)) {
      Object.assign(terms, entry);
    } else {
      return { ok: false, reason: 'CONTEXT_NOT_OB2', message: '@context entries are URLs or objects' };
    }
  }
  const redefined = TERMS_READ.filter((term) => expandTerm(terms, term) !== expandTerm(ob2TermMap(), term));
  if (redefined.length > 0) {
    return {
      ok: false,
      reason: hasOb2Context ? 'CONTEXT_TERMS_REDEFINED' : 'CONTEXT_NOT_OB2',
      message: `@context does not give these terms their OB 2.0 meaning: ${redefined.join(', ')}`,
    };
  }
  return { ok: true };
}

function isOb2ContextUrl(url: string): boolean {
  const document = bundledContext(url);
  return document !== undefined && document === bundledContext(OB_V2_CONTEXT);
}

/** Whether a `type` value (one string or a list) names the given OB 2.0 class, by term, compact IRI or IRI. */
export function hasOb2Type(type: unknown, className: string): boolean {
  const expected = expandTerm(ob2TermMap(), className);
  if (expected === undefined) return false;
  return listOf(type).some(
    (value) => typeof value === 'string' && expandValue(ob2TermMap(), value) === expected,
  );
}

/** The IRI a term stands for in a context, expanding compact IRIs (`obi:Assertion`) through their prefixes. */
function expandTerm(terms: TermMap, term: string): string | undefined {
  const definition = Object.hasOwn(terms, term) ? terms[term] : undefined;
  const iri =
    typeof definition === 'string' ? definition : isObject(definition) ? definition['@id'] : undefined;
  if (typeof iri !== 'string') return undefined;
  return expandCompactIri(terms, iri, 0);
}

function expandValue(terms: TermMap, value: string): string {
  return expandTerm(terms, value) ?? expandCompactIri(terms, value, 0);
}

function expandCompactIri(terms: TermMap, iri: string, depth: number): string {
  if (depth > 4 || iri.startsWith('@')) return iri;
  const colon = iri.indexOf(':');
  if (colon <= 0 || iri.slice(colon + 1).startsWith('//')) return iri;
  const prefix = iri.slice(0, colon);
  const definition = Object.hasOwn(terms, prefix) ? terms[prefix] : undefined;
  const base =
    typeof definition === 'string' ? definition : isObject(definition) ? definition['@id'] : undefined;
  if (typeof base !== 'string') return iri;
  return expandCompactIri(terms, base, depth + 1) + iri.slice(colon + 1);
}
