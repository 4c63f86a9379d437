import { randomBytes } from 'node:crypto';
import jsonld from 'jsonld';
import canonize from 'rdf-canonize';
import { BadgeError } from '../errors.js';
import { bundledDocumentLoader } from '../formats/contexts.js';
import { contextVocabulary } from './context-vocabulary.js';
import type { Quad, Term } from './rdf.js';

/**
 * RDFC-1.0 canonical N-Quads of a JSON-LD document, as required by the `eddsa-rdfc-2022` cryptosuite.
 *
 * JSON-LD expansion dominates the cost of canonicalizing a credential, yet it depends only on the document's
 * structure (keys, `type` values, `@context`) and not on the values of its strings. So the expansion of each
 * structure ("shape") is computed once, by jsonld.js itself, on a copy whose strings are unique placeholders;
 * later documents of the same shape get their RDF by putting their strings where the placeholders came out.
 * RDFC-1.0 itself (rdf-canonize) then runs on every document, because blank node labels depend on values.
 *
 * Anything the template cannot reproduce exactly falls back to the full jsonld.js path: a string that would be
 * interpreted differently from its placeholder (a relative or compact IRI, a blank node id) or a shape whose
 * placeholders did not come out verbatim. Tests compare both paths on many documents.
 */
export interface Canonicalizer {
  canonize(document: object): Promise<string>;
  /** For tests and benchmarks: the full jsonld.js path, with no templates. */
  canonizeWithoutTemplates(document: object): Promise<string>;
  readonly stats: { templateHits: number; templateMisses: number; fallbacks: number };
}

type DocumentLoader = (url: string) => Promise<unknown>;

interface Shape {
  key: string;
  values: string[];
}

/** A compiled shape: quads whose terms are constants or references to the document's n-th string. */
interface Template {
  quads: TemplateQuad[];
  /** Which string values end up as IRIs (they must then be absolute IRIs that no context would rewrite). */
  iriSlots: Set<number>;
}
type TemplateTerm =
  | Term
  | { slot: number; kind: 'NamedNode' }
  | { slot: number; kind: 'Literal'; datatype: string; language?: string };
interface TemplateQuad {
  subject: TemplateTerm;
  predicate: TemplateTerm;
  object: TemplateTerm;
  graph: TemplateTerm;
}

const UNUSABLE = Symbol('unusable');
const ABSOLUTE_IRI = /^[A-Za-z][A-Za-z0-9+\-.]*:[^\s<>"{}|^`\\]*$/;

export function createCanonicalizer(
  options: { documentLoader?: DocumentLoader; maxShapes?: number } = {},
): Canonicalizer {
  const documentLoader = options.documentLoader ?? bundledDocumentLoader;
  const maxShapes = options.maxShapes ?? 512;
  const vocabulary = contextVocabulary();
  const templates = new Map<string, Template | typeof UNUSABLE>();
  const placeholderPrefix = `urn:x-canon-${randomBytes(8).toString('hex')}:`;
  const stats = { templateHits: 0, templateMisses: 0, fallbacks: 0 };

  async function toRdf(document: object): Promise<Quad[]> {
    try {
      return (await jsonld.toRDF(document as jsonld.JsonLdDocument, {
        documentLoader: documentLoader as never,
        safe: true,
      })) as unknown as Quad[];
    } catch (cause) {
      throw new BadgeError(
        'CANONICALIZATION_FAILED',
        `the document is not valid JSON-LD for signing: ${describe(cause)}`,
        {
          cause,
        },
      );
    }
  }

  function canonicalNQuads(quads: Quad[]): string {
    try {
      return canonize._canonizeSync(quads, {
        algorithm: 'RDFC-1.0',
        format: 'application/n-quads',
        maxWorkFactor: 1,
      });
    } catch (cause) {
      throw new BadgeError('CANONICALIZATION_FAILED', `RDF canonicalization failed: ${describe(cause)}`, {
        cause,
      });
    }
  }

  async function compile(shape: Shape, document: object): Promise<Template | typeof UNUSABLE> {
    let counter = 0;
    const placeholderDocument = replaceStrings(
      document,
      vocabulary.verbatimKeys,
      () => `${placeholderPrefix}${counter++}`,
    );
    let quads: Quad[];
    try {
      quads = await toRdf(placeholderDocument as object);
    } catch {
      return UNUSABLE;
    }
    const iriSlots = new Set<number>();
    let usable = true;
    const compileTerm = (term: Term): TemplateTerm => {
      if (!term.value.includes(placeholderPrefix)) return term;
      const slot = term.value.startsWith(placeholderPrefix)
        ? Number(term.value.slice(placeholderPrefix.length))
        : Number.NaN;
      if (!Number.isInteger(slot) || slot < 0 || slot >= shape.values.length) {
        usable = false;
        return term;
      }
      if (term.termType === 'NamedNode') {
        iriSlots.add(slot);
        return { slot, kind: 'NamedNode' };
      }
      if (term.termType === 'Literal') {
        return {
          slot,
          kind: 'Literal',
          datatype: term.datatype?.value ?? '',
          ...(term.language ? { language: term.language } : {}),
        };
      }
      usable = false;
      return term;
    };
    const compiled = quads.map((quad) => ({
      subject: compileTerm(quad.subject),
      predicate: compileTerm(quad.predicate),
      object: compileTerm(quad.object),
      graph: compileTerm(quad.graph),
    }));
    return usable ? { quads: compiled, iriSlots } : UNUSABLE;
  }

  function instantiate(template: Template, values: string[]): Quad[] | undefined {
    for (const slot of template.iriSlots) {
      const value = values[slot] as string;
      if (!ABSOLUTE_IRI.test(value)) return undefined;
      const prefix = value.slice(0, value.indexOf(':'));
      // A defined term before the colon makes it a compact IRI that the context would rewrite.
      if (vocabulary.terms.has(prefix) && !value.slice(prefix.length + 1).startsWith('//')) return undefined;
    }
    const term = (t: TemplateTerm): Term => {
      if (!('slot' in t)) return t;
      const value = values[t.slot] as string;
      if (t.kind === 'NamedNode') return { termType: 'NamedNode', value };
      return {
        termType: 'Literal',
        value,
        datatype: { termType: 'NamedNode', value: t.datatype },
        ...(t.language ? { language: t.language } : {}),
      };
    };
    // Two placeholders may receive the same IRI (the same node embedded twice): jsonld.js merges such nodes, so the
    // dataset is a set and the duplicates go.
    const seen = new Set<string>();
    const quads: Quad[] = [];
    for (const q of template.quads) {
      const quad = {
        subject: term(q.subject),
        predicate: term(q.predicate),
        object: term(q.object),
        graph: term(q.graph),
      };
      const key = [quad.subject, quad.predicate, quad.object, quad.graph]
        .map((t) => `${t.termType}\u0000${t.value}\u0000${t.datatype?.value ?? ''}\u0000${t.language ?? ''}`)
        .join('\u0001');
      if (seen.has(key)) continue;
      seen.add(key);
      quads.push(quad);
    }
    return quads;
  }

  async function canonizeFull(document: object): Promise<string> {
    return canonicalNQuads(await toRdf(document));
  }

  return {
    stats,
    canonizeWithoutTemplates: canonizeFull,
    async canonize(document) {
      if (document === null || typeof document !== 'object' || Array.isArray(document)) {
        throw new BadgeError(
          'CANONICALIZATION_FAILED',
          'a JSON-LD document to canonicalize is a JSON object',
        );
      }
      const shape = shapeOf(document, vocabulary.verbatimKeys);
      let template = templates.get(shape.key);
      if (template === undefined) {
        stats.templateMisses++;
        template = await compile(shape, document);
        if (templates.size >= maxShapes) templates.delete(templates.keys().next().value as string);
        templates.set(shape.key, template);
      } else {
        stats.templateHits++;
      }
      const quads = template === UNUSABLE ? undefined : instantiate(template, shape.values);
      if (!quads) {
        stats.fallbacks++;
        return canonizeFull(document);
      }
      return canonicalNQuads(quads);
    },
  };
}

/**
 * The structure of a document: every string outside the verbatim keys becomes a slot, in walk order; the rest
 * (keys, numbers, booleans, null, `@context`, `type` and other values that change how JSON-LD reads the
 * document) is part of the key.
 */
export function shapeOf(document: unknown, verbatimKeys: ReadonlySet<string>): Shape {
  const values: string[] = [];
  const parts: string[] = [];
  const walk = (node: unknown, verbatim: boolean): void => {
    if (typeof node === 'string') {
      if (verbatim) parts.push(JSON.stringify(node));
      else {
        parts.push('$');
        values.push(node);
      }
    } else if (Array.isArray(node)) {
      parts.push('[');
      for (const item of node) {
        walk(item, verbatim);
        parts.push(',');
      }
      parts.push(']');
    } else if (node !== null && typeof node === 'object') {
      parts.push('{');
      for (const [key, value] of Object.entries(node)) {
        parts.push(JSON.stringify(key), ':');
        walk(value, verbatim || verbatimKeys.has(key));
        parts.push(',');
      }
      parts.push('}');
    } else {
      parts.push(JSON.stringify(node) ?? 'undefined');
    }
  };
  walk(document, false);
  return { key: parts.join(''), values };
}

function replaceStrings(node: unknown, verbatimKeys: ReadonlySet<string>, next: () => string): unknown {
  if (typeof node === 'string') return next();
  if (Array.isArray(node)) return node.map((item) => replaceStrings(item, verbatimKeys, next));
  if (node !== null && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      out[key] = verbatimKeys.has(key) ? value : replaceStrings(value, verbatimKeys, next);
    }
    return out;
  }
  return node;
}

function describe(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error)
    return String((error as Error).message).slice(0, 200);
  return 'unknown error';
}
