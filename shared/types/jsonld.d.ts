declare module 'jsonld' {
  export type JsonLdDocument = object;
  interface Options {
    documentLoader?: (url: string) => Promise<unknown>;
    safe?: boolean;
    algorithm?: string;
    format?: string;
    [option: string]: unknown;
  }
  const jsonld: {
    toRDF(input: JsonLdDocument, options?: Options): Promise<unknown>;
    canonize(input: JsonLdDocument, options?: Options): Promise<string>;
    expand(input: JsonLdDocument, options?: Options): Promise<unknown[]>;
    compact(input: JsonLdDocument, ctx: unknown, options?: Options): Promise<object>;
  };
  namespace jsonld {
    type JsonLdDocument = object;
  }
  export default jsonld;
}
declare module 'rdf-canonize' {
  const canonize: {
    canonize(input: unknown, options: Record<string, unknown>): Promise<string>;
    _canonizeSync(input: unknown, options: Record<string, unknown>): string;
  };
  export default canonize;
}
