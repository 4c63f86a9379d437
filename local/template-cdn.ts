import { BadgeError } from '../shared/errors.js';
import type {
  CacheTtls,
  CdnBehaviorConfig,
  CdnFunctionConfig,
  CdnOriginConfig,
  DistributionConfig,
  ResponseHeadersPolicyConfig,
  ToggleHeader,
} from './cloud-config.js';
import {
  LEGACY_DEFAULT_TTLS,
  MANAGED_CACHE_POLICIES,
  MANAGED_RESPONSE_HEADERS_POLICIES,
} from './cloudfront-managed-policies.js';
import { numberOr, props } from './template-props.js';
import { apiEndpoint, bucketRegionalDomainName, type TemplateResolver } from './template-resolver.js';

type Raw = Record<string, unknown>;

/** Reads each CloudFront distribution: origins, behaviors (with their cache and response headers policies), errors. */
export function readDistributions(resolver: TemplateResolver): DistributionConfig[] {
  const cachePolicies = new Map<string, CacheTtls>();
  for (const ref of resolver.resourcesOfType('AWS::CloudFront::CachePolicy')) {
    const config = (props(resolver, ref, ['CachePolicyConfig']).CachePolicyConfig ?? {}) as Raw;
    cachePolicies.set(resolver.ref(ref), {
      minSeconds: numberOr(config.MinTTL, 0),
      defaultSeconds: numberOr(config.DefaultTTL, 86_400),
      maxSeconds: numberOr(config.MaxTTL, 31_536_000),
    });
  }
  const headerPolicies = new Map<string, ResponseHeadersPolicyConfig>();
  for (const ref of resolver.resourcesOfType('AWS::CloudFront::ResponseHeadersPolicy')) {
    const config = (props(resolver, ref, ['ResponseHeadersPolicyConfig']).ResponseHeadersPolicyConfig ??
      {}) as Raw;
    headerPolicies.set(resolver.ref(ref), readResponseHeadersPolicy(config, ref.logicalId));
  }
  const cdnFunctions = new Map<string, { name: string; code: string }>();
  for (const ref of resolver.resourcesOfType('AWS::CloudFront::Function')) {
    const p = props(resolver, ref, ['FunctionCode']);
    cdnFunctions.set(resolver.getAtt(ref, 'FunctionARN'), {
      name: resolver.physicalName(ref),
      code: String(p.FunctionCode ?? ''),
    });
  }
  const buckets = new Map<string, string>();
  for (const ref of resolver.resourcesOfType('AWS::S3::Bucket')) {
    const name = resolver.ref(ref);
    for (const domain of [
      bucketRegionalDomainName(name, resolver.region),
      `${name}.s3.amazonaws.com`,
      resolver.getAtt(ref, 'DualStackDomainName'),
    ]) {
      buckets.set(domain, name);
    }
  }
  const apis = new Map<string, string>();
  for (const ref of resolver.resourcesOfType('AWS::ApiGatewayV2::Api')) {
    const id = resolver.ref(ref);
    apis.set(new URL(apiEndpoint(id, resolver.region)).host, id);
  }

  return resolver.resourcesOfType('AWS::CloudFront::Distribution').map((ref) => {
    const config = (props(resolver, ref, ['DistributionConfig']).DistributionConfig ?? {}) as Raw;
    const origins = new Map<string, CdnOriginConfig>();
    for (const origin of (config.Origins as Raw[] | undefined) ?? []) {
      const domainName = String(origin.DomainName);
      origins.set(String(origin.Id), {
        id: String(origin.Id),
        bucketName: buckets.get(domainName),
        httpApiId: apis.get(domainName),
        domainName,
        originPath: typeof origin.OriginPath === 'string' ? origin.OriginPath : '',
      });
    }
    const behavior = (raw: Raw, pathPattern: string): CdnBehaviorConfig => {
      const origin = origins.get(String(raw.TargetOriginId));
      if (!origin) throw new BadgeError('LOCAL_TEMPLATE_INVALID', `behavior ${pathPattern}: unknown origin`);
      const cachePolicyId = raw.CachePolicyId === undefined ? undefined : String(raw.CachePolicyId);
      const headersPolicyId =
        raw.ResponseHeadersPolicyId === undefined ? undefined : String(raw.ResponseHeadersPolicyId);
      return {
        pathPattern,
        origin,
        allowedMethods: (raw.AllowedMethods as string[] | undefined) ?? ['GET', 'HEAD'],
        ttl: cachePolicyId
          ? (cachePolicies.get(cachePolicyId) ??
            MANAGED_CACHE_POLICIES[cachePolicyId] ??
            unknownPolicy(cachePolicyId))
          : {
              minSeconds: numberOr(raw.MinTTL, LEGACY_DEFAULT_TTLS.minSeconds),
              defaultSeconds: numberOr(raw.DefaultTTL, LEGACY_DEFAULT_TTLS.defaultSeconds),
              maxSeconds: numberOr(raw.MaxTTL, LEGACY_DEFAULT_TTLS.maxSeconds),
            },
        compress: raw.Compress === true,
        responseHeaders: headersPolicyId
          ? (headerPolicies.get(headersPolicyId) ??
            MANAGED_RESPONSE_HEADERS_POLICIES[headersPolicyId] ??
            unknownPolicy(headersPolicyId))
          : undefined,
        functions: ((raw.FunctionAssociations as Raw[] | undefined) ?? []).map(
          (association): CdnFunctionConfig => {
            const found = cdnFunctions.get(String(association.FunctionARN));
            if (!found)
              throw new BadgeError(
                'LOCAL_TEMPLATE_UNSUPPORTED',
                `CloudFront function ${String(association.FunctionARN)}`,
              );
            return {
              name: found.name,
              eventType: association.EventType === 'viewer-response' ? 'viewer-response' : 'viewer-request',
              code: found.code,
            };
          },
        ),
      };
    };
    const behaviors = ((config.CacheBehaviors as Raw[] | undefined) ?? []).map((raw) =>
      behavior(raw, String(raw.PathPattern)),
    );
    behaviors.push(behavior((config.DefaultCacheBehavior ?? {}) as Raw, '*'));
    return {
      logicalId: ref.logicalId,
      id: resolver.ref(ref),
      domainName: resolver.getAtt(ref, 'DomainName'),
      aliases: ((config.Aliases as string[] | undefined) ?? []).map(String),
      defaultRootObject:
        typeof config.DefaultRootObject === 'string' && config.DefaultRootObject !== ''
          ? config.DefaultRootObject
          : undefined,
      behaviors,
      errorResponses: ((config.CustomErrorResponses as Raw[] | undefined) ?? []).map((raw) => ({
        errorCode: numberOr(raw.ErrorCode, 0),
        responseCode: raw.ResponseCode === undefined ? undefined : numberOr(raw.ResponseCode, 0),
        responsePagePath: typeof raw.ResponsePagePath === 'string' ? raw.ResponsePagePath : undefined,
      })),
    };
  });
}

function unknownPolicy(id: string): never {
  throw new BadgeError(
    'LOCAL_TEMPLATE_UNSUPPORTED',
    `CloudFront policy ${id} is neither in the templates nor managed`,
  );
}

function items(value: unknown): string[] {
  return (((value as { Items?: unknown[] } | undefined)?.Items ?? []) as unknown[]).map(String);
}

export function readResponseHeadersPolicy(config: Raw, fallbackName: string): ResponseHeadersPolicyConfig {
  const security = (config.SecurityHeadersConfig ?? {}) as Record<string, Raw | undefined>;
  const securityHeaders: Record<string, ToggleHeader> = {};
  const override = (raw: Raw) => raw.Override === true;
  const hsts = security.StrictTransportSecurity;
  if (hsts) {
    const parts = [`max-age=${numberOr(hsts.AccessControlMaxAgeSec, 0)}`];
    if (hsts.IncludeSubdomains === true) parts.push('includeSubDomains');
    if (hsts.Preload === true) parts.push('preload');
    securityHeaders['strict-transport-security'] = { value: parts.join('; '), override: override(hsts) };
  }
  if (security.ContentTypeOptions) {
    securityHeaders['x-content-type-options'] = {
      value: 'nosniff',
      override: override(security.ContentTypeOptions),
    };
  }
  if (security.FrameOptions) {
    securityHeaders['x-frame-options'] = {
      value: String(security.FrameOptions.FrameOption),
      override: override(security.FrameOptions),
    };
  }
  if (security.ReferrerPolicy) {
    securityHeaders['referrer-policy'] = {
      value: String(security.ReferrerPolicy.ReferrerPolicy),
      override: override(security.ReferrerPolicy),
    };
  }
  const xss = security.XSSProtection;
  if (xss) {
    let value = xss.Protection === true ? '1' : '0';
    if (xss.Protection === true && xss.ModeBlock === true) value += '; mode=block';
    if (xss.Protection === true && typeof xss.ReportUri === 'string') value += `; report=${xss.ReportUri}`;
    securityHeaders['x-xss-protection'] = { value, override: override(xss) };
  }
  if (security.ContentSecurityPolicy) {
    securityHeaders['content-security-policy'] = {
      value: String(security.ContentSecurityPolicy.ContentSecurityPolicy),
      override: override(security.ContentSecurityPolicy),
    };
  }
  const customHeaders: Record<string, ToggleHeader> = {};
  for (const item of ((config.CustomHeadersConfig as { Items?: Raw[] } | undefined)?.Items ?? []) as Raw[]) {
    customHeaders[String(item.Header).toLowerCase()] = {
      value: String(item.Value),
      override: override(item),
    };
  }
  const removeHeaders = ((config.RemoveHeadersConfig as { Items?: Raw[] } | undefined)?.Items ?? []).map(
    (item) => String(item.Header).toLowerCase(),
  );
  const cors = config.CorsConfig as Raw | undefined;
  return {
    name: typeof config.Name === 'string' ? config.Name : fallbackName,
    securityHeaders,
    customHeaders,
    removeHeaders,
    cors: cors
      ? {
          allowOrigins: items(cors.AccessControlAllowOrigins),
          allowMethods: items(cors.AccessControlAllowMethods).map((method) => method.toUpperCase()),
          allowHeaders: items(cors.AccessControlAllowHeaders),
          exposeHeaders: items(cors.AccessControlExposeHeaders),
          allowCredentials: cors.AccessControlAllowCredentials === true,
          maxAgeSeconds:
            cors.AccessControlMaxAgeSec === undefined ? undefined : numberOr(cors.AccessControlMaxAgeSec, 0),
          originOverride: cors.OriginOverride === true,
        }
      : undefined,
  };
}
