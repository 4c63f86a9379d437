/**
 * The local cloud's plain configuration, read from the synthesized CloudFormation templates by
 * `readCloudConfig` (template.ts). Every name, ARN and URL here is already resolved; values that depend on a
 * local port (the CDN domain, the API endpoint) carry a placeholder that `bindEndpoints` (endpoints.ts)
 * replaces once the servers listen.
 */

export interface CloudConfig {
  region: string;
  accountId: string;
  tables: TableConfig[];
  buckets: BucketConfig[];
  eventBuses: EventBusConfig[];
  rules: RuleConfig[];
  queues: QueueConfig[];
  eventSourceMappings: EventSourceMappingConfig[];
  functions: FunctionConfig[];
  httpApis: HttpApiConfig[];
  distributions: DistributionConfig[];
  secrets: SecretConfig[];
  customResources: CustomResourceConfig[];
}

export interface KeySchemaElement {
  AttributeName: string;
  KeyType: 'HASH' | 'RANGE';
}

export interface AttributeDefinition {
  AttributeName: string;
  AttributeType: 'S' | 'N' | 'B';
}

export interface SecondaryIndexConfig {
  IndexName: string;
  KeySchema: KeySchemaElement[];
  Projection: { ProjectionType?: 'ALL' | 'KEYS_ONLY' | 'INCLUDE'; NonKeyAttributes?: string[] };
}

export interface TableConfig {
  logicalId: string;
  name: string;
  arn: string;
  keySchema: KeySchemaElement[];
  attributeDefinitions: AttributeDefinition[];
  globalSecondaryIndexes: SecondaryIndexConfig[];
  localSecondaryIndexes: SecondaryIndexConfig[];
  /** The TTL attribute: the local DynamoDB does not expire items, but the configuration keeps the name. */
  timeToLiveAttribute: string | undefined;
}

export interface BucketConfig {
  logicalId: string;
  name: string;
  arn: string;
}

export interface EventBusConfig {
  logicalId: string;
  name: string;
  arn: string;
}

export interface RuleTargetConfig {
  id: string;
  arn: string;
  /** Set when the target is a queue of the templates. */
  queueName: string | undefined;
  /** Set when the target is a function of the templates. */
  functionName: string | undefined;
  input: string | undefined;
  inputPath: string | undefined;
  inputTransformer: { InputPathsMap?: Record<string, string>; InputTemplate: string } | undefined;
}

export interface RuleConfig {
  logicalId: string;
  name: string;
  eventBusName: string;
  eventPattern: Record<string, unknown>;
  enabled: boolean;
  targets: RuleTargetConfig[];
}

export interface QueueConfig {
  logicalId: string;
  name: string;
  arn: string;
  url: string;
  fifo: boolean;
  visibilityTimeoutSeconds: number;
  messageRetentionPeriodSeconds: number;
  delaySeconds: number;
  receiveMessageWaitTimeSeconds: number;
  deadLetter: { queueName: string; arn: string; maxReceiveCount: number } | undefined;
}

export interface EventSourceMappingConfig {
  logicalId: string;
  queueName: string;
  queueArn: string;
  functionName: string;
  batchSize: number;
  maximumBatchingWindowSeconds: number;
  reportBatchItemFailures: boolean;
  maximumConcurrency: number | undefined;
  enabled: boolean;
}

export interface FunctionConfig {
  logicalId: string;
  name: string;
  arn: string;
  /** Repository-relative path of the TypeScript entry file (Metadata `badges:entry`). */
  entry: string;
  /** Exported handler name (Metadata `badges:handler`). */
  handler: string;
  environment: Record<string, string>;
  timeoutSeconds: number;
  memorySizeMb: number;
  reservedConcurrency: number | undefined;
}

export interface JwtAuthorizerConfig {
  type: 'JWT';
  name: string;
  issuer: string;
  audience: string[];
  /** API Gateway selection expressions, e.g. `$request.header.Authorization`. */
  identitySource: string[];
}

export interface RouteConfig {
  routeKey: string;
  /** `ANY`, an HTTP method, or undefined for `$default`. */
  method: string | undefined;
  /** The path template (`/v1/{proxy+}`), or undefined for `$default`. */
  path: string | undefined;
  functionName: string;
  payloadFormatVersion: '1.0' | '2.0';
  timeoutMillis: number;
  authorizer: JwtAuthorizerConfig | undefined;
  authorizationScopes: string[];
}

export interface HttpCorsConfig {
  allowOrigins: string[];
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  allowCredentials: boolean;
  maxAgeSeconds: number | undefined;
}

export interface HttpApiConfig {
  logicalId: string;
  id: string;
  name: string;
  /** The deployed endpoint as the templates name it (a placeholder until bound to the local port). */
  endpoint: string;
  routes: RouteConfig[];
  cors: HttpCorsConfig | undefined;
}

export interface CacheTtls {
  minSeconds: number;
  defaultSeconds: number;
  maxSeconds: number;
}

export interface ToggleHeader {
  value: string;
  override: boolean;
}

export interface ResponseHeadersPolicyConfig {
  name: string;
  /** Security headers as CloudFront renders them (`strict-transport-security`, ...), lower-case names. */
  securityHeaders: Record<string, ToggleHeader>;
  customHeaders: Record<string, ToggleHeader>;
  removeHeaders: string[];
  cors:
    | {
        allowOrigins: string[];
        allowMethods: string[];
        allowHeaders: string[];
        exposeHeaders: string[];
        allowCredentials: boolean;
        maxAgeSeconds: number | undefined;
        originOverride: boolean;
      }
    | undefined;
}

export interface CdnFunctionConfig {
  name: string;
  eventType: 'viewer-request' | 'viewer-response';
  code: string;
}

export interface CdnOriginConfig {
  id: string;
  /** The bucket this origin reads, when it is a bucket of the templates. */
  bucketName: string | undefined;
  /** The HTTP API this origin forwards to, when it is an API of the templates. */
  httpApiId: string | undefined;
  domainName: string;
  originPath: string;
}

export interface CdnBehaviorConfig {
  /** CloudFront path pattern (`/credentials/*`); `*` for the default behavior. */
  pathPattern: string;
  origin: CdnOriginConfig;
  allowedMethods: string[];
  ttl: CacheTtls;
  compress: boolean;
  responseHeaders: ResponseHeadersPolicyConfig | undefined;
  functions: CdnFunctionConfig[];
}

export interface CdnErrorResponseConfig {
  errorCode: number;
  responseCode: number | undefined;
  responsePagePath: string | undefined;
}

export interface DistributionConfig {
  logicalId: string;
  id: string;
  /** The deployed domain name as the templates name it (a placeholder until bound to the local port). */
  domainName: string;
  aliases: string[];
  defaultRootObject: string | undefined;
  /** Ordered as CloudFront evaluates them: the additional behaviors, then the default (`*`). */
  behaviors: CdnBehaviorConfig[];
  errorResponses: CdnErrorResponseConfig[];
}

export interface SecretConfig {
  logicalId: string;
  name: string;
  arn: string;
  description: string | undefined;
  /** The value the secret starts with (SecretString, or one generated as GenerateSecretString asks). */
  initialValue:
    | { kind: 'string'; value: string }
    | {
        kind: 'generated';
        passwordLength: number;
        excludeCharacters: string;
        excludePunctuation: boolean;
        excludeUppercase: boolean;
        excludeLowercase: boolean;
        excludeNumbers: boolean;
        includeSpace: boolean;
        secretStringTemplate: string | undefined;
        generateStringKey: string | undefined;
      }
    | undefined;
}

/** A custom resource whose provider is a function of the templates (others, such as CDK's own, are left out). */
export interface CustomResourceConfig {
  stackName: string;
  logicalId: string;
  /** `Custom::IssuerSeed`, or `AWS::CloudFormation::CustomResource`. */
  resourceType: string;
  functionName: string;
  /** The properties as CloudFormation sends them: ServiceToken included, every scalar as a string. */
  properties: Record<string, unknown>;
}
