/**
 * Where every public document lives. The same layout is used by the CLI (files in a folder), the S3 bucket and
 * the CDN, so a folder written by `badges issue` served at its base URL is the same site as the deployed one.
 * JSON documents end in `.json` and images in `.png`, so any static server gives them the right Content-Type.
 */
export type Mutability = 'immutable' | 'mutable';

export interface SiteLayout {
  baseUrl: string;
  /** The issuer's DID, `did:web:<host>[:<path>]`. */
  did: string;
  didDocument: string;
  issuerProfile: string;
  ob2Issuer: string;
  publicJwk(kid: string): string;
  cryptographicKey(kid: string): string;
  achievement(slug: string): string;
  badgeClass(slug: string): string;
  achievementImage(slug: string): string;
  credential(id: string): string;
  credentialJwt(id: string): string;
  assertion(id: string): string;
  bakedPng(id: string): string;
  statusList(listId: string): string;
  revocationList: string;
}

/** `did:web` encodes the port's colon as %3A and path separators as colons. */
export function didWebFor(baseUrl: string): string {
  const url = new URL(baseUrl);
  const host = url.port ? `${url.hostname}%3A${url.port}` : url.hostname;
  const path = url.pathname.replace(/\/+$/, '').split('/').filter(Boolean).map(encodeURIComponent);
  return ['did:web', host, ...path].join(':');
}

export function siteLayout(baseUrl: string): SiteLayout {
  const base = baseUrl.replace(/\/+$/, '');
  const hasPath = new URL(base).pathname.replace(/\/+$/, '') !== '';
  return {
    baseUrl: base,
    did: didWebFor(base),
    didDocument: hasPath ? `${base}/did.json` : `${base}/.well-known/did.json`,
    issuerProfile: `${base}/issuer.json`,
    ob2Issuer: `${base}/issuer.ob2.json`,
    publicJwk: (kid) => `${base}/keys/${kid}.json`,
    cryptographicKey: (kid) => `${base}/keys/${kid}.ob2.json`,
    achievement: (slug) => `${base}/achievements/${slug}.json`,
    badgeClass: (slug) => `${base}/achievements/${slug}.ob2.json`,
    achievementImage: (slug) => `${base}/achievements/${slug}.png`,
    credential: (id) => `${base}/credentials/${id}.json`,
    credentialJwt: (id) => `${base}/credentials/${id}.jwt`,
    assertion: (id) => `${base}/credentials/${id}.ob2.json`,
    bakedPng: (id) => `${base}/credentials/${id}.png`,
    statusList: (listId) => `${base}/status/${listId}.json`,
    revocationList: `${base}/status/revocations.ob2.json`,
  };
}

/** The object key (path without the leading slash) of a URL of this site. */
export function objectKeyOf(layout: SiteLayout, url: string): string {
  if (!url.startsWith(`${layout.baseUrl}/`)) throw new TypeError(`${url} is not under ${layout.baseUrl}`);
  return url.slice(layout.baseUrl.length + 1);
}

/**
 * Status lists, profiles, badge classes and hosted OB 2.0 assertions (which answer `revoked: true` once revoked)
 * change; credentials, their baked images and keys, once published, do not.
 */
export function mutabilityOf(objectKey: string): Mutability {
  return /^(status\/|issuer|\.well-known\/|did\.json|achievements\/|credentials\/[^/]+\.ob2\.json$)/.test(
    objectKey,
  )
    ? 'mutable'
    : 'immutable';
}
