import { mutabilityOf } from '../site/layout.js';

/** One public file as it is published: object key (path without the leading slash), bytes, and HTTP headers. */
export interface PublishedFile {
  key: string;
  body: Uint8Array;
  contentType: string;
  cacheControl: string;
}

export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
export const MUTABLE_CACHE = 'public, max-age=60';

export function publishedFile(
  key: string,
  body: Uint8Array | string | object,
  contentType: string,
): PublishedFile {
  const bytes =
    body instanceof Uint8Array
      ? body
      : Buffer.from(typeof body === 'string' ? body : `${JSON.stringify(body, null, 2)}\n`, 'utf8');
  return {
    key,
    body: bytes,
    contentType,
    cacheControl: mutabilityOf(key) === 'immutable' ? IMMUTABLE_CACHE : MUTABLE_CACHE,
  };
}

export const CONTENT_TYPES = {
  jsonLd: 'application/ld+json',
  credentialJsonLd: 'application/vc+ld+json',
  json: 'application/json',
  jwk: 'application/jwk+json',
  vcJwt: 'application/vc+jwt',
  didJson: 'application/did+json',
  png: 'image/png',
  svg: 'image/svg+xml',
  html: 'text/html; charset=utf-8',
} as const;
