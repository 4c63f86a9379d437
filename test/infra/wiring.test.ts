import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/paths.js';
import { ENV, ENV_NAMES } from '../../shared/config/env.js';
import {
  buildTestApp,
  type CfnJson,
  type CfnTemplate,
  props,
  resourcesOfType,
  synthesizeTemplates,
} from './templates.js';

let stateful: CfnTemplate;
let stateless: CfnTemplate;

beforeAll(() => {
  ({ stateful, stateless } = synthesizeTemplates());
});

const functions = () => resourcesOfType(stateless, 'AWS::Lambda::Function');
const getAttId = (value: unknown): string => (value as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];

describe('functions', () => {
  it('names its entry file and handler in metadata, for the local cloud', () => {
    const entries = functions().map(([, fn]) => fn.Metadata?.['badges:entry']);
    expect(entries.sort()).toEqual([
      'functions/api/handler.ts',
      'functions/award/handler.ts',
      'functions/seed/handler.ts',
    ]);
    for (const [id, fn] of functions()) {
      expect(fn.Metadata?.['badges:handler'], id).toBe('handler');
      expect(existsSync(join(REPO_ROOT, fn.Metadata?.['badges:entry'] as string)), id).toBe(true);
    }
  });

  it('runs on Node.js 24 on ARM64 with tracing and its own JSON log group', () => {
    for (const [id, fn] of functions()) {
      expect(props(fn), id).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: expect.any(String) } },
      });
      const logGroup = stateless.Resources[props(fn).LoggingConfig.LogGroup.Ref];
      expect(props(logGroup as never).RetentionInDays, id).toBeGreaterThan(0);
    }
  });

  it('sets only environment variables named in shared/config/env.ts', () => {
    for (const [id, fn] of functions()) {
      const names = Object.keys(props(fn).Environment.Variables);
      for (const name of names) expect(ENV_NAMES, `${id} ${name}`).toContain(name);
    }
  });

  it('sets every variable the runtime configuration requires, and the optional ones each function needs', () => {
    const core = [
      ENV.TABLE_NAME,
      ENV.EVENT_BUS_NAME,
      ENV.PUBLIC_BASE_URL,
      ENV.ISSUER_NAME,
      ENV.ISSUER_URL,
      ENV.ISSUER_EMAIL,
    ];
    const needs: Record<string, string[]> = {
      'functions/award/handler.ts': [
        ...core,
        ENV.PUBLIC_BUCKET,
        ENV.SIGNING_KEY_SECRET_ID,
        ENV.DEAD_LETTER_QUEUE_URL,
      ],
      'functions/api/handler.ts': [
        ...core,
        ENV.PUBLIC_BUCKET,
        ENV.JWT_ISSUER,
        ENV.JWT_AUDIENCE,
        ENV.INGEST_HMAC_SECRET_ID,
      ],
      'functions/seed/handler.ts': [...core, ENV.PUBLIC_BUCKET, ENV.SIGNING_KEY_SECRET_ID],
    };
    for (const [, fn] of functions()) {
      const entry = fn.Metadata?.['badges:entry'] as string;
      expect(Object.keys(props(fn).Environment.Variables)).toEqual(
        expect.arrayContaining(needs[entry] ?? ['?']),
      );
    }
  });

  it('publishes under the CDN origin', () => {
    for (const [, fn] of functions()) {
      expect(props(fn).Environment.Variables[ENV.PUBLIC_BASE_URL]).toEqual({
        'Fn::Join': [
          '',
          ['https://', { 'Fn::GetAtt': [expect.stringMatching(/^CdnDistribution/), 'DomainName'] }],
        ],
      });
    }
  });
});

describe('event routing', () => {
  it('routes Participation Recorded events from the bus to the award queue', () => {
    const [[busId]] = resourcesOfType(stateless, 'AWS::Events::EventBus') as [[string, unknown]];
    Template.fromJSON(stateless).hasResourceProperties('AWS::Events::EventBus', { Name: 'badges' });
    Template.fromJSON(stateless).hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: busId },
      EventPattern: { 'detail-type': ['Participation Recorded'] },
      Targets: [
        Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AwardConsumerQueue'), 'Arn'] } }),
      ],
    });
  });

  it('archives every event of the bus for replays', () => {
    Template.fromJSON(stateless).hasResourceProperties('AWS::Events::Archive', {
      SourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Bus'), 'Arn'] },
      EventPattern: Match.absent(),
      RetentionDays: Match.anyValue(),
    });
  });

  it('gives every consumer queue a dead-letter queue', () => {
    const consumed = new Set(
      resourcesOfType(stateless, 'AWS::Lambda::EventSourceMapping').map(([, m]) =>
        getAttId(props(m).EventSourceArn),
      ),
    );
    const ruleTargets = resourcesOfType(stateless, 'AWS::Events::Rule').flatMap(([, rule]) =>
      (props(rule).Targets as Array<{ Arn: unknown }>).map((target) => getAttId(target.Arn)),
    );
    for (const target of ruleTargets) consumed.add(target);
    expect(consumed.size).toBeGreaterThan(0);
    for (const queueId of consumed) {
      const queue = stateless.Resources[queueId];
      expect(queue?.Type).toBe('AWS::SQS::Queue');
      const redrive = props(queue as never).RedrivePolicy;
      expect(redrive, queueId).toMatchObject({ maxReceiveCount: expect.any(Number) });
      expect(stateless.Resources[getAttId(redrive.deadLetterTargetArn)]?.Type).toBe('AWS::SQS::Queue');
    }
  });

  it('drains the queue in bounded, partially failing batches with room for retries', () => {
    const mappings = resourcesOfType(stateless, 'AWS::Lambda::EventSourceMapping');
    // Participations, and the API's commands, each from their own queue.
    expect(mappings).toHaveLength(2);
    for (const [, mapping] of mappings) {
      const p = props(mapping);
      expect(p).toMatchObject({
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        BatchSize: expect.any(Number),
        MaximumBatchingWindowInSeconds: expect.any(Number),
        ScalingConfig: { MaximumConcurrency: expect.any(Number) },
      });
      expect(p.ScalingConfig.MaximumConcurrency).toBeLessThanOrEqual(10);
      const fn = stateless.Resources[p.FunctionName.Ref] as never;
      const queue = stateless.Resources[getAttId(p.EventSourceArn)] as never;
      expect(props(queue).VisibilityTimeout).toBeGreaterThanOrEqual(6 * props(fn).Timeout);
    }
  });

  it('lets only the rule send to the queues, over TLS', () => {
    const policies = resourcesOfType(stateless, 'AWS::SQS::QueuePolicy');
    expect(policies).toHaveLength(4);
    for (const [, policy] of policies) {
      const statements = props(policy).PolicyDocument.Statement as Array<Record<string, CfnJson>>;
      const allow = statements.filter((s) => s.Effect === 'Allow');
      expect(allow.length).toBeGreaterThan(0);
      for (const statement of allow) {
        expect(statement.Principal).toEqual({ Service: 'events.amazonaws.com' });
        expect(getAttId(statement.Condition.ArnEquals['aws:SourceArn'])).toMatch(
          /^(Award|Command)ConsumerRule/,
        );
      }
      expect(
        statements.some((s) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false'),
      ).toBe(true);
    }
  });
});

describe('HTTP API', () => {
  const routes = () =>
    Object.fromEntries(
      resourcesOfType(stateless, 'AWS::ApiGatewayV2::Route').map(([, r]) => [props(r).RouteKey, props(r)]),
    );

  it('requires a JWT on /v1 only; the OpenAPI document and event ingestion are open', () => {
    const byKey = routes();
    expect(Object.keys(byKey).sort()).toEqual(['ANY /v1/{proxy+}', 'GET /openapi.json', 'POST /events']);
    expect(byKey['ANY /v1/{proxy+}']).toMatchObject({
      AuthorizationType: 'JWT',
      AuthorizerId: { Ref: expect.any(String) },
    });
    expect(byKey['GET /openapi.json']?.AuthorizationType).toBe('NONE');
    expect(byKey['POST /events']?.AuthorizationType).toBe('NONE');
  });

  it('checks tokens from the stage’s user pool and app client', () => {
    Template.fromJSON(stateless).hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ 'Fn::ImportValue': 'badges-dev-UserPoolClientId' }],
        Issuer: Match.objectLike({
          'Fn::Join': ['', Match.arrayWith([{ 'Fn::ImportValue': 'badges-dev-UserPoolId' }])],
        }),
      },
    });
  });

  it('uses an external OIDC issuer and audience when the stage names one', () => {
    const { stateless: oidc } = synthesizeTemplates({
      context: { oidcIssuer: 'https://login.example.org/realms/badges', oidcAudience: 'badges-api' },
    });
    Template.fromJSON(oidc).hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      JwtConfiguration: { Audience: ['badges-api'], Issuer: 'https://login.example.org/realms/badges' },
    });
    const [[, api]] = resourcesOfType(oidc, 'AWS::Lambda::Function').filter(
      ([, fn]) => fn.Metadata?.['badges:entry'] === 'functions/api/handler.ts',
    ) as [[string, never]];
    expect(props(api).Environment.Variables).toMatchObject({
      [ENV.JWT_ISSUER]: 'https://login.example.org/realms/badges',
      [ENV.JWT_AUDIENCE]: 'badges-api',
    });
  });

  it('throttles the default stage and writes access logs', () => {
    Template.fromJSON(stateless).hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
      AccessLogSettings: {
        DestinationArn: Match.anyValue(),
        Format: Match.stringLikeRegexp('\\$context.requestId'),
      },
    });
  });
});

describe('CDN', () => {
  const behaviors = () => {
    const [[, distribution]] = resourcesOfType(stateless, 'AWS::CloudFront::Distribution') as [
      [string, never],
    ];
    const config = props(distribution).DistributionConfig;
    return {
      config,
      byPath: Object.fromEntries((config.CacheBehaviors as CfnJson[]).map((b) => [b.PathPattern, b])),
    };
  };
  const ttlOf = (behavior: CfnJson) =>
    props(stateless.Resources[behavior.CachePolicyId.Ref] as never).CachePolicyConfig as Record<
      string,
      number
    >;
  const YEAR = 365 * 24 * 3600;

  it('caches immutable files for a year and mutable ones for a minute', () => {
    const { byPath, config } = behaviors();
    for (const path of ['/credentials/*', '/keys/*']) {
      expect(ttlOf(byPath[path]), path).toMatchObject({ MinTTL: YEAR, DefaultTTL: YEAR, MaxTTL: YEAR });
    }
    for (const path of [
      '/credentials/*.ob2.json',
      '/status/*',
      '/issuer*',
      '/.well-known/*',
      '/achievements/*',
    ]) {
      expect(ttlOf(byPath[path]), path).toMatchObject({ MinTTL: 0, DefaultTTL: 60, MaxTTL: 60 });
    }
    expect(ttlOf(config.DefaultCacheBehavior)).toMatchObject({ DefaultTTL: 60 });
  });

  it('matches the revocable hosted assertions before the immutable credential files', () => {
    const { config } = behaviors();
    const order = (config.CacheBehaviors as Array<{ PathPattern: string }>).map(
      (behavior) => behavior.PathPattern,
    );
    expect(order.indexOf('/credentials/*.ob2.json')).toBeLessThan(order.indexOf('/credentials/*'));
  });

  it('redirects HTTP to HTTPS on every path and serves GET and HEAD only', () => {
    const { byPath, config } = behaviors();
    for (const behavior of [config.DefaultCacheBehavior, ...Object.values(byPath)]) {
      expect(behavior).toMatchObject({
        ViewerProtocolPolicy: 'redirect-to-https',
        AllowedMethods: ['GET', 'HEAD'],
      });
    }
  });

  it('adds security headers and CORS for cross-origin wallets to every response', () => {
    const { byPath, config } = behaviors();
    for (const behavior of [config.DefaultCacheBehavior, ...Object.values(byPath)]) {
      const policy = props(
        stateless.Resources[behavior.ResponseHeadersPolicyId.Ref] as never,
      ).ResponseHeadersPolicyConfig;
      expect(policy.SecurityHeadersConfig).toMatchObject({
        StrictTransportSecurity: { AccessControlMaxAgeSec: expect.any(Number), Override: true },
        ContentTypeOptions: { Override: true },
        FrameOptions: { FrameOption: 'DENY' },
        ReferrerPolicy: { ReferrerPolicy: expect.any(String) },
      });
      expect(policy.CorsConfig).toMatchObject({
        AccessControlAllowOrigins: { Items: ['*'] },
        AccessControlAllowMethods: { Items: ['GET', 'HEAD'] },
        AccessControlAllowCredentials: false,
      });
    }
    expect(
      props(stateless.Resources[byPath['/credentials/*'].ResponseHeadersPolicyId.Ref] as never)
        .ResponseHeadersPolicyConfig.CustomHeadersConfig.Items,
    ).toEqual([{ Header: 'Cache-Control', Value: 'public, max-age=31536000, immutable', Override: false }]);
  });
});

describe('stateful resources', () => {
  it('keeps one on-demand table with pk/sk, gsi1, gsi2, TTL, PITR and deletion protection', () => {
    const template = Template.fromJSON(stateful);
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: ['gsi1', 'gsi2'].map((index) =>
          Match.objectLike({
            IndexName: index,
            KeySchema: [
              { AttributeName: `${index}pk`, KeyType: 'HASH' },
              { AttributeName: `${index}sk`, KeyType: 'RANGE' },
            ],
          }),
        ),
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      }),
    });
  });

  it('retains every stateful resource and protects the stack from termination', () => {
    for (const [id, resource] of Object.entries(stateful.Resources)) {
      if (
        ['AWS::S3::BucketPolicy', 'AWS::Cognito::UserPoolClient', 'AWS::Cognito::UserPoolGroup'].includes(
          resource.Type,
        )
      )
        continue;
      expect((resource as { DeletionPolicy?: string }).DeletionPolicy, id).toBe('Retain');
    }
    const { stateful: stack, stateless: other, remove } = buildTestApp();
    try {
      expect(stack.terminationProtection).toBe(true);
      expect(other.dependencies).toContain(stack);
    } finally {
      remove();
    }
  });

  it('exports what the stateless stack imports, under stable names', () => {
    const exported = new Set(
      Object.values(stateful.Outputs ?? {}).map(
        (output) => (output as { Export: { Name: string } }).Export.Name,
      ),
    );
    const imported = [...JSON.stringify(stateless).matchAll(/"Fn::ImportValue":"([^"]+)"/g)].map(
      (match) => match[1],
    );
    expect(imported.length).toBeGreaterThan(0);
    for (const name of imported) expect(exported, name).toContain(name);
  });

  it('outputs the API URL, the CDN URL and the bus name', () => {
    expect(Object.keys(stateless.Outputs ?? {})).toEqual(
      expect.arrayContaining(['ApiUrl', 'CdnUrl', 'EventBusName']),
    );
  });
});

describe('alarms', () => {
  it('alarms into the topic on dead letters, function errors and throttles', () => {
    const alarms = resourcesOfType(stateless, 'AWS::CloudWatch::Alarm').map(([, alarm]) => props(alarm));
    const [[topicId]] = resourcesOfType(stateless, 'AWS::SNS::Topic') as [[string, unknown]];
    const watched = alarms.map((alarm) => `${alarm.Namespace}:${alarm.MetricName}`).sort();
    expect(watched).toEqual(
      [
        'AWS/Lambda:Errors',
        'AWS/Lambda:Errors',
        'AWS/Lambda:Errors',
        'AWS/Lambda:Throttles',
        'AWS/Lambda:Throttles',
        'AWS/Lambda:Throttles',
        'AWS/SQS:ApproximateNumberOfMessagesVisible',
        'AWS/SQS:ApproximateNumberOfMessagesVisible',
      ].sort(),
    );
    for (const alarm of alarms) {
      expect(alarm).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
      expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
    }
  });
});
