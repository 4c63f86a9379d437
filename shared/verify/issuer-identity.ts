/**
 * Who the issuer of a credential is, and whether a key's controller is that issuer. A controller matches when it
 * is the issuer's id, or the `did:web` of the host that serves an `https` issuer id (both are controlled by
 * whoever controls that host).
 */
export function issuerIdOf(credential: Record<string, unknown>): string | undefined {
  const issuer = credential.issuer;
  if (typeof issuer === 'string') return issuer || undefined;
  if (issuer !== null && typeof issuer === 'object' && !Array.isArray(issuer)) {
    const id = (issuer as Record<string, unknown>).id;
    if (typeof id === 'string' && id) return id;
  }
  return undefined;
}

export function controllerMatchesIssuer(controller: string, issuerId: string): boolean {
  if (controller === issuerId) return true;
  const didWeb = didWebOfHttpsUrl(issuerId);
  return didWeb !== undefined && controller === didWeb;
}

/** `https://example.org:8443/issuer` → `did:web:example.org%3A8443`. */
export function didWebOfHttpsUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:') return undefined;
  return `did:web:${parsed.host.replace(':', '%3A')}`;
}

/**
 * True when `keyUrl` is an https URL served by the issuer's own host: the same origin as an https issuer id, or
 * the host of a `did:web` issuer. Whoever controls that host controls the issuer.
 */
export function servedByIssuerHost(keyUrl: string, issuerId: string): boolean {
  let key: URL;
  try {
    key = new URL(keyUrl);
  } catch {
    return false;
  }
  if (key.protocol !== 'https:') return false;
  const didWeb = didWebOfHttpsUrl(key.href);
  if (issuerId.startsWith('did:web:'))
    return didWeb !== undefined && withoutFragment(issuerId).split(':').slice(0, 3).join(':') === didWeb;
  try {
    const issuer = new URL(issuerId);
    return issuer.protocol === 'https:' && issuer.origin === key.origin;
  } catch {
    return false;
  }
}

export function withoutFragment(url: string): string {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
}
