import { bundledContext, bundledContextUrls } from '../formats/contexts.js';

/**
 * What the bundled contexts define, as far as shape templates care:
 * - `terms`: every term name, so that a string like `term:x` (a compact IRI the context would rewrite) is known;
 * - `verbatimKeys`: keys whose string values change how the document is read, so they belong to the shape:
 *   `@type` and its aliases, terms coerced to `@vocab` or `@json`, and JSON-LD keywords that carry no data.
 */
export interface ContextVocabulary {
  terms: ReadonlySet<string>;
  verbatimKeys: ReadonlySet<string>;
}

let cached: ContextVocabulary | undefined;

export function contextVocabulary(): ContextVocabulary {
  if (cached) return cached;
  const terms = new Set<string>();
  const verbatimKeys = new Set<string>([
    '@context',
    '@type',
    '@language',
    '@direction',
    '@vocab',
    '@base',
    '@json',
  ]);
  const visit = (context: unknown): void => {
    if (Array.isArray(context)) {
      for (const item of context) visit(item);
      return;
    }
    if (context === null || typeof context !== 'object') return;
    for (const [term, definition] of Object.entries(context as Record<string, unknown>)) {
      if (term.startsWith('@')) continue;
      terms.add(term);
      if (definition === '@type') verbatimKeys.add(term);
      if (definition && typeof definition === 'object') {
        const d = definition as Record<string, unknown>;
        if (d['@id'] === '@type' || d['@type'] === '@vocab' || d['@type'] === '@json') verbatimKeys.add(term);
        if (d['@context'] !== undefined) visit(d['@context']);
      }
    }
  };
  for (const url of bundledContextUrls()) {
    const document = bundledContext(url) as { '@context'?: unknown } | undefined;
    visit(document?.['@context']);
  }
  cached = { terms, verbatimKeys };
  return cached;
}
