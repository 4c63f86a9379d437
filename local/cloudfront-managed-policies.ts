import type { CacheTtls, ResponseHeadersPolicyConfig } from './cloud-config.js';

/**
 * CloudFront's managed cache and response headers policies, by the IDs templates refer to them with
 * (values from the CloudFront developer guide, "Use managed cache policies" / "managed response headers policies").
 */

export const MANAGED_CACHE_POLICIES: Readonly<Record<string, CacheTtls>> = {
  // CachingOptimized
  '658327ea-f89d-4fab-a63d-7e88639e58f6': { minSeconds: 1, defaultSeconds: 86_400, maxSeconds: 31_536_000 },
  // CachingOptimizedForUncompressedObjects
  'b2884449-e4de-46a7-ac36-70bc7f1ddd6d': { minSeconds: 1, defaultSeconds: 86_400, maxSeconds: 31_536_000 },
  // CachingDisabled
  '4135ea2d-6df8-44a3-9df3-4b5a84be39ad': { minSeconds: 0, defaultSeconds: 0, maxSeconds: 0 },
  // Amplify
  '2e54312d-136d-493c-8eb9-b001f22f67d2': { minSeconds: 2, defaultSeconds: 2, maxSeconds: 31_536_000 },
  // Elemental-MediaPackage
  '08627262-05a9-4f76-9ded-b50ca2e3a84f': { minSeconds: 0, defaultSeconds: 86_400, maxSeconds: 31_536_000 },
  // UseOriginCacheControlHeaders
  '83da9c7e-98b4-4e11-a168-04f0df8e2c65': { minSeconds: 0, defaultSeconds: 0, maxSeconds: 31_536_000 },
  // UseOriginCacheControlHeaders-QueryStrings
  '4cc15a8a-d715-48a4-82b8-cc0b614638fe': { minSeconds: 0, defaultSeconds: 0, maxSeconds: 31_536_000 },
};

/** Legacy behaviors (ForwardedValues, no cache policy) default to these TTLs. */
export const LEGACY_DEFAULT_TTLS: CacheTtls = {
  minSeconds: 0,
  defaultSeconds: 86_400,
  maxSeconds: 31_536_000,
};

const simpleCors: NonNullable<ResponseHeadersPolicyConfig['cors']> = {
  allowOrigins: ['*'],
  allowMethods: ['GET', 'HEAD'],
  allowHeaders: [],
  exposeHeaders: [],
  allowCredentials: false,
  maxAgeSeconds: undefined,
  originOverride: false,
};

const preflightCors: NonNullable<ResponseHeadersPolicyConfig['cors']> = {
  allowOrigins: ['*'],
  allowMethods: ['ALL'],
  allowHeaders: ['*'],
  exposeHeaders: ['*'],
  allowCredentials: false,
  maxAgeSeconds: undefined,
  originOverride: false,
};

const securityHeaders: ResponseHeadersPolicyConfig['securityHeaders'] = {
  'referrer-policy': { value: 'strict-origin-when-cross-origin', override: false },
  'strict-transport-security': { value: 'max-age=31536000', override: false },
  'x-content-type-options': { value: 'nosniff', override: true },
  'x-frame-options': { value: 'SAMEORIGIN', override: false },
  'x-xss-protection': { value: '1; mode=block', override: false },
};

function managed(
  name: string,
  parts: { cors?: ResponseHeadersPolicyConfig['cors']; security?: boolean },
): ResponseHeadersPolicyConfig {
  return {
    name,
    securityHeaders: parts.security ? securityHeaders : {},
    customHeaders: {},
    removeHeaders: [],
    cors: parts.cors,
  };
}

export const MANAGED_RESPONSE_HEADERS_POLICIES: Readonly<Record<string, ResponseHeadersPolicyConfig>> = {
  '60669652-455b-4ae9-85a4-c4c02393f86c': managed('SimpleCORS', { cors: simpleCors }),
  '5cc3b908-e619-4b99-88e5-2cf7f45965bd': managed('CORS-With-Preflight', { cors: preflightCors }),
  '67f7725c-6f97-4210-82d7-5512b31e9d03': managed('SecurityHeadersPolicy', { security: true }),
  'e61eb60c-9c35-4d20-a928-2b84e02af89c': managed('CORS-and-SecurityHeadersPolicy', {
    cors: simpleCors,
    security: true,
  }),
  'eaab4381-ed33-4a86-88ca-d9558dc6cd63': managed('CORS-with-preflight-and-SecurityHeadersPolicy', {
    cors: preflightCors,
    security: true,
  }),
};
