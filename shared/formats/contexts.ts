import { readFileSync } from 'node:fs';
import { BadgeError } from '../errors.js';

/** JSON-LD contexts are bundled with the product and never fetched. */
export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB_V3_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
export const OB_V2_CONTEXT = 'https://w3id.org/openbadges/v2';
export const OB_V3_CREDENTIAL_CONTEXTS = [VC_V2_CONTEXT, OB_V3_CONTEXT] as const;

function load(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../assets/contexts/${name}`, import.meta.url), 'utf8'));
}

/**
 * Every context document is bundled under the URL it is published at, byte for byte as published: a signature
 * computed over one version of a context only verifies with that version. Earlier OB 3.0 versions are here
 * because credentials issued elsewhere still cite them.
 */
const bundled = new Map<string, unknown>([
  [VC_V2_CONTEXT, load('credentials-v2.json')],
  [OB_V3_CONTEXT, load('ob-v3p0-3.0.3.json')],
  ['https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json', load('ob-v3p0-3.0.2.json')],
  ['https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json', load('ob-v3p0-3.0.1.json')],
  ['https://purl.imsglobal.org/spec/ob/v3p0/context.json', load('ob-v3p0-3.0.0.json')],
  ['https://purl.imsglobal.org/spec/ob/v3p0/extensions.json', load('ob-v3p0-extensions.json')],
  [OB_V2_CONTEXT, load('openbadges-v2.json')],
]);

/** Other URLs the OB 2.0 context is served at (the same document). */
const aliases = new Map<string, string>([
  ['https://w3id.org/openbadges/v2/', OB_V2_CONTEXT],
  ['https://openbadgespec.org/v2/context.json', OB_V2_CONTEXT],
]);

export function bundledContext(url: string): unknown | undefined {
  return bundled.get(url) ?? bundled.get(aliases.get(url) ?? '');
}

export function bundledContextUrls(): string[] {
  return [...bundled.keys(), ...aliases.keys()];
}

export interface RemoteDocument {
  contextUrl: null;
  documentUrl: string;
  document: unknown;
}

/** A jsonld.js document loader that answers only from the bundled contexts. */
export async function bundledDocumentLoader(url: string): Promise<RemoteDocument> {
  const document = bundledContext(url);
  if (document === undefined) {
    throw new BadgeError(
      'CONTEXT_NOT_BUNDLED',
      `JSON-LD context ${url} is not bundled; remote contexts are never fetched`,
    );
  }
  return { contextUrl: null, documentUrl: url, document };
}
