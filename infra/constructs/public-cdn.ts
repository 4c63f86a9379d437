import { Duration } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  type BehaviorOptions,
  CacheCookieBehavior,
  CachedMethods,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from '../nag/acknowledge.js';

/**
 * Files that never change once published (credentials, baked images, keys) and files that do (status and
 * revocation lists, profiles, badge classes, and hosted OB 2.0 assertions, which answer `revoked: true` once
 * revoked). CloudFront takes the first matching pattern, so the specific mutable pattern under /credentials/
 * comes first. The same split is `mutabilityOf` in shared/site/layout.ts, which sets each object's Cache-Control.
 */
export const MUTABLE_PATHS = [
  '/credentials/*.ob2.json',
  '/status/*',
  '/issuer*',
  '/.well-known/*',
  '/achievements/*',
] as const;
export const IMMUTABLE_PATHS = ['/credentials/*', '/keys/*'] as const;

const ONE_YEAR = Duration.days(365);
const ONE_MINUTE = Duration.seconds(60);

export interface PublicCdnProps {
  bucket: IBucket;
  logBucket: IBucket;
  /** A custom host; with it, the ACM certificate (us-east-1) that covers it. */
  domainName?: string;
  certificateArn?: string;
}

/**
 * The one public origin of the issuer: HTTPS only, the private bucket read through origin access control,
 * security headers and CORS for wallets that fetch cross-origin, and a cache lifetime per kind of file.
 */
export class PublicCdn extends Construct {
  readonly distribution: Distribution;
  /** `https://<host>`: what the functions publish URLs under (PUBLIC_BASE_URL). */
  readonly baseUrl: string;

  constructor(scope: Construct, id: string, props: PublicCdnProps) {
    super(scope, id);
    const origin = S3BucketOrigin.withOriginAccessControl(props.bucket);
    const immutable = this.behavior(
      origin,
      'Immutable',
      ONE_YEAR,
      ONE_YEAR,
      'public, max-age=31536000, immutable',
    );
    const mutable = this.behavior(origin, 'Mutable', Duration.seconds(0), ONE_MINUTE, 'public, max-age=60');
    const additionalBehaviors: Record<string, BehaviorOptions> = {};
    for (const path of MUTABLE_PATHS) additionalBehaviors[path] = mutable;
    for (const path of IMMUTABLE_PATHS) additionalBehaviors[path] = immutable;

    const custom = props.domainName !== undefined && props.certificateArn !== undefined;
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Open Badges public files',
      defaultBehavior: mutable,
      additionalBehaviors,
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      enableIpv6: true,
      enableLogging: true,
      logBucket: props.logBucket,
      logFilePrefix: 'cdn/',
      ...(custom
        ? {
            domainNames: [props.domainName as string],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn as string),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    });
    this.baseUrl = `https://${custom ? props.domainName : this.distribution.distributionDomainName}`;

    acknowledge(
      this.distribution,
      'AwsSolutions-CFR1',
      'Credentials must verify from anywhere: a geographic restriction would break verification for holders abroad.',
    );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR2',
      'The origin serves public, static, read-only files (GET/HEAD); there is no application input for a WAF to inspect, and Shield Standard covers the edge.',
    );
    if (!custom) {
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR4',
        'Without a custom domain the distribution uses the *.cloudfront.net certificate, whose TLS policy cannot be set; stages with a domainName get TLSv1.2_2021.',
      );
    }
    // The bucket lives in the stateful stack, whose policy grants CloudFront of this account (see StatefulStack).
    acknowledge(
      this,
      '@aws-cdk/aws-cloudfront-origins:updateImportedBucketPolicyOac',
      'The public bucket policy is set in the stateful stack, where the bucket is defined.',
    );
  }

  private behavior(
    origin: ReturnType<typeof S3BucketOrigin.withOriginAccessControl>,
    name: string,
    minTtl: Duration,
    ttl: Duration,
    browserCacheControl: string,
  ): BehaviorOptions {
    const cachePolicy = new CachePolicy(this, `${name}CachePolicy`, {
      comment: `${name} public files: cached for ${ttl.toHumanString()}`,
      minTtl,
      defaultTtl: ttl,
      maxTtl: ttl,
      cookieBehavior: CacheCookieBehavior.none(),
      headerBehavior: CacheHeaderBehavior.none(),
      queryStringBehavior: CacheQueryStringBehavior.none(),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
    });
    const responseHeadersPolicy = new ResponseHeadersPolicy(this, `${name}Headers`, {
      comment: `Security headers, CORS for wallets, and browser caching of ${name.toLowerCase()} files`,
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
      },
      corsBehavior: {
        accessControlAllowCredentials: false,
        accessControlAllowHeaders: ['*'],
        accessControlAllowMethods: ['GET', 'HEAD'],
        accessControlAllowOrigins: ['*'],
        accessControlExposeHeaders: ['ETag', 'Content-Type'],
        accessControlMaxAge: Duration.days(1),
        originOverride: true,
      },
      // The publisher sets Cache-Control per object; this only fills in when it did not.
      customHeadersBehavior: {
        customHeaders: [{ header: 'Cache-Control', value: browserCacheControl, override: false }],
      },
    });
    return {
      origin,
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
      cachedMethods: CachedMethods.CACHE_GET_HEAD,
      compress: true,
      cachePolicy,
      responseHeadersPolicy,
    };
  }
}
