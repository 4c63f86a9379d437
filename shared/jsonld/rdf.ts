/** RDF/JS-style terms and quads as jsonld.js produces and rdf-canonize consumes them. */
export interface Term {
  termType: 'NamedNode' | 'BlankNode' | 'Literal' | 'DefaultGraph';
  value: string;
  datatype?: { termType: 'NamedNode'; value: string };
  language?: string;
}

export interface Quad {
  subject: Term;
  predicate: Term;
  object: Term;
  graph: Term;
}
