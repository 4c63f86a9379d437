import { describe, expect, it } from 'vitest';
import { readCloudConfig } from '../../../local/template.js';
import { type CfnTemplate, TemplateResolver } from '../../../local/template-resolver.js';
import { cloneTemplates, fixtureTemplates } from '../../fixtures/local/templates.js';

const region = 'eu-west-1';
const config = readCloudConfig(fixtureTemplates(), { region });

function single<T>(items: T[], predicate: (item: T) => boolean): T {
  const found = items.filter(predicate);
  expect(found).toHaveLength(1);
  return found[0] as T;
}

describe('reading the synthesized templates', () => {
  it('reads tables of both resource types with their keys, indexes and TTL attribute', () => {
    const table = single(config.tables, (candidate) => candidate.logicalId.startsWith('Table'));
    expect(table.name).toBe(`FixtureStateful-${table.logicalId}`);
    expect(table.keySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(table.globalSecondaryIndexes.map((index) => index.IndexName)).toEqual(['gsi1', 'gsi2']);
    expect(table.globalSecondaryIndexes[0]?.KeySchema).toEqual([
      { AttributeName: 'gsi1pk', KeyType: 'HASH' },
      { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
    ]);
    expect(table.timeToLiveAttribute).toBe('expiresAt');
    const sessions = single(config.tables, (candidate) => candidate.name === 'badges-sessions');
    expect(sessions.keySchema).toEqual([{ AttributeName: 'id', KeyType: 'HASH' }]);
    expect(sessions.arn).toBe('arn:aws:dynamodb:eu-west-1:000000000000:table/badges-sessions');
  });

  it('gives buckets without a name a valid, stable S3 bucket name', () => {
    const [bucket] = config.buckets;
    expect(bucket?.name).toMatch(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/);
    expect(readCloudConfig(fixtureTemplates(), { region }).buckets[0]?.name).toBe(bucket?.name);
  });

  it('routes the bus rule to its queue, and the queue to its dead-letter queue after maxReceiveCount', () => {
    expect(config.eventBuses.map((bus) => bus.name)).toEqual(['badges']);
    const rule = single(config.rules, () => true);
    expect(rule.eventBusName).toBe('badges');
    expect(rule.eventPattern).toEqual({ 'detail-type': ['Participation Recorded'] });
    expect(rule.enabled).toBe(true);
    const queue = single(config.queues, (candidate) => candidate.logicalId.startsWith('AwardQueue'));
    expect(rule.targets.map((target) => target.queueName)).toEqual([queue.name]);
    expect(queue.visibilityTimeoutSeconds).toBe(90);
    const dlq = single(config.queues, (candidate) => candidate.logicalId.startsWith('AwardDlq'));
    expect(queue.deadLetter).toEqual({ queueName: dlq.name, arn: dlq.arn, maxReceiveCount: 5 });
    expect(dlq.deadLetter).toBeUndefined();
  });

  it('reads the event source mapping with its batching, partial failures and concurrency settings', () => {
    const mapping = single(config.eventSourceMappings, () => true);
    const award = single(config.functions, (fn) => fn.logicalId.startsWith('Award'));
    expect(mapping).toMatchObject({
      functionName: award.name,
      queueName: single(config.queues, (candidate) => candidate.logicalId.startsWith('AwardQueue')).name,
      batchSize: 5,
      maximumBatchingWindowSeconds: 1,
      reportBatchItemFailures: true,
      maximumConcurrency: 2,
      enabled: true,
    });
  });

  it('resolves each function entry, handler and environment across stacks', () => {
    const api = single(config.functions, (fn) => fn.logicalId.startsWith('Api'));
    const table = single(config.tables, (candidate) => candidate.logicalId.startsWith('Table'));
    const distribution = single(config.distributions, () => true);
    const queue = single(config.queues, (candidate) => candidate.logicalId.startsWith('AwardQueue'));
    const secret = single(config.secrets, () => true);
    expect(api.entry).toBe('test/fixtures/local/handlers/api.ts');
    expect(api.handler).toBe('handler');
    expect(api.timeoutSeconds).toBe(30);
    expect(api.memorySizeMb).toBe(512);
    expect(api.environment).toEqual({
      TABLE_NAME: table.name,
      PUBLIC_BUCKET: config.buckets[0]?.name,
      EVENT_BUS_NAME: 'badges',
      SIGNING_KEY_SECRET_ID: secret.arn,
      PUBLIC_BASE_URL: `https://${distribution.domainName}`,
      JWT_ISSUER: 'https://issuer.example.org/',
      POWERTOOLS_SERVICE_NAME: 'api',
      API_QUEUE_URL: queue.url,
    });
    const award = single(config.functions, (fn) => fn.logicalId.startsWith('Award'));
    expect(award.environment.POWERTOOLS_SERVICE_NAME).toBe('award');
  });

  it('reads HTTP API routes with their integration, JWT authorizer and scopes', () => {
    const api = single(config.httpApis, () => true);
    const fn = single(config.functions, (candidate) => candidate.logicalId.startsWith('Api'));
    const byKey = new Map(api.routes.map((route) => [route.routeKey, route]));
    expect([...byKey.keys()].sort()).toEqual([
      'ANY /v1/{proxy+}',
      'DELETE /v1/admin/{name}',
      'GET /openapi.json',
      'POST /events',
    ]);
    for (const route of api.routes) {
      expect(route.functionName).toBe(fn.name);
      expect(route.payloadFormatVersion).toBe('2.0');
    }
    expect(byKey.get('GET /openapi.json')?.authorizer).toBeUndefined();
    expect(byKey.get('POST /events')?.authorizer).toBeUndefined();
    expect(byKey.get('ANY /v1/{proxy+}')?.authorizer).toMatchObject({
      type: 'JWT',
      issuer: 'https://issuer.example.org/',
      audience: ['badges-api'],
      identitySource: ['$request.header.Authorization'],
    });
    expect(byKey.get('DELETE /v1/admin/{name}')?.authorizationScopes).toEqual(['admin']);
    expect(api.endpoint).toBe(`https://${api.id}.execute-api.eu-west-1.amazonaws.com`);
    expect(api.cors).toMatchObject({
      allowOrigins: ['*'],
      allowHeaders: ['authorization', 'content-type'],
      maxAgeSeconds: 600,
    });
  });

  it('reads CDN behaviors in evaluation order with cache TTLs and response headers per path', () => {
    const distribution = single(config.distributions, () => true);
    const patterns = distribution.behaviors.map((behavior) => behavior.pathPattern);
    expect(patterns.at(-1)).toBe('*');
    const behavior = (pattern: string) =>
      single(distribution.behaviors, (candidate) => candidate.pathPattern === pattern);
    for (const pattern of ['/credentials/*', '/achievements/*', '/keys/*']) {
      expect(behavior(pattern).ttl).toEqual({
        minSeconds: 31_536_000,
        defaultSeconds: 31_536_000,
        maxSeconds: 31_536_000,
      });
      expect(behavior(pattern).responseHeaders?.customHeaders['cache-control']?.value).toBe(
        'public, max-age=31536000, immutable',
      );
    }
    for (const pattern of ['/status/*', '/issuer*', '/.well-known/*']) {
      expect(behavior(pattern).ttl).toEqual({ minSeconds: 0, defaultSeconds: 60, maxSeconds: 60 });
      expect(behavior(pattern).responseHeaders?.customHeaders['cache-control']?.value).toBe(
        'public, max-age=60',
      );
    }
    // The default behavior uses the managed CachingOptimized policy.
    expect(behavior('*').ttl).toEqual({ minSeconds: 1, defaultSeconds: 86_400, maxSeconds: 31_536_000 });
    expect(behavior('/credentials/*').responseHeaders?.securityHeaders['strict-transport-security']).toEqual({
      value: 'max-age=63072000; includeSubDomains',
      override: true,
    });
    expect(behavior('/credentials/*').origin.bucketName).toBe(config.buckets[0]?.name);
    expect(behavior('/credentials/*').allowedMethods).toEqual(['GET', 'HEAD']);
    expect(behavior('/site/*').functions).toEqual([
      expect.objectContaining({ eventType: 'viewer-request', code: expect.stringContaining('index.html') }),
    ]);
  });

  it('reads secrets with the initial value CloudFormation would generate', () => {
    const secret = single(config.secrets, () => true);
    expect(secret.arn).toMatch(
      /^arn:aws:secretsmanager:eu-west-1:000000000000:secret:FixtureStateful-SigningKeys[A-Z0-9]+-[A-Za-z]{6}$/,
    );
    expect(secret.initialValue).toMatchObject({ kind: 'generated', passwordLength: 32 });
  });

  it('skips functions that carry no badges:entry', () => {
    const templates = cloneTemplates();
    const stack = templates.find((candidate) => candidate.stackName === 'FixtureStateless') as {
      template: CfnTemplate;
    };
    const resources = stack.template.Resources ?? {};
    resources.ProviderFunction = { Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler' } };
    const names = readCloudConfig(templates, { region }).functions.map((fn) => fn.logicalId);
    expect(names).not.toContain('ProviderFunction');
    expect(names).toHaveLength(3);
  });

  it('reads custom resources whose provider is a local function, with string properties as CloudFormation sends them', () => {
    const seed = single(config.functions, (fn) => fn.logicalId.startsWith('Seed'));
    expect(config.customResources).toEqual([
      {
        stackName: 'FixtureStateless',
        logicalId: expect.stringMatching(/^FixtureSeed/),
        resourceType: 'Custom::FixtureSeed',
        functionName: seed.name,
        properties: { ServiceToken: seed.arn, version: '1' },
      },
    ]);
  });
});

describe('resolving intrinsic functions', () => {
  const template: CfnTemplate = {
    Parameters: { Stage: { Type: 'String', Default: 'dev' } },
    Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] } },
    Mappings: { Sizes: { dev: { memory: 256 } } },
    Resources: {
      Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'jobs' } },
      Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'files' } },
      Topic: { Type: 'AWS::SNS::Topic', Condition: 'IsProd', Properties: {} },
    },
    Outputs: {
      Shared: {
        Value: { 'Fn::GetAtt': ['Queue', 'Arn'] },
        // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub placeholders, not JavaScript
        Export: { Name: { 'Fn::Sub': '${AWS::StackName}-queue' } },
      },
    },
  };
  const resolver = new TemplateResolver(
    [
      { stackName: 'One', template },
      { stackName: 'Two', template: { Resources: {} } },
    ],
    { region, accountId: '000000000000' },
  );

  it.each([
    [
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub placeholders, not JavaScript
      { 'Fn::Sub': 'https://${Bucket.RegionalDomainName}/${AWS::Region}/${!Literal}' },
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub placeholders, not JavaScript
      'https://files.s3.eu-west-1.amazonaws.com/eu-west-1/${Literal}',
    ],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub placeholders, not JavaScript
    [{ 'Fn::Sub': ['${Name}-${Stage}', { Name: { Ref: 'Bucket' } }] }, 'files-dev'],
    [
      { 'Fn::Join': [':', ['a', { Ref: 'AWS::AccountId' }, { 'Fn::GetAtt': 'Queue.QueueName' }]] },
      'a:000000000000:jobs',
    ],
    [{ 'Fn::Select': [1, { 'Fn::Split': ['/', 'x/y/z'] }] }, 'y'],
    [{ 'Fn::If': ['IsProd', 'big', 'small'] }, 'small'],
    [{ 'Fn::FindInMap': ['Sizes', { Ref: 'Stage' }, 'memory'] }, 256],
    [{ Ref: 'Queue' }, 'https://sqs.eu-west-1.amazonaws.com/000000000000/jobs'],
  ])('resolves %j', (expression, expected) => {
    expect(resolver.resolve('One', expression)).toEqual(expected);
  });

  it('imports a value another stack exports', () => {
    expect(resolver.resolve('Two', { 'Fn::ImportValue': 'One-queue' })).toBe(
      'arn:aws:sqs:eu-west-1:000000000000:jobs',
    );
  });

  it('drops AWS::NoValue from lists and objects', () => {
    expect(resolver.resolve('One', { a: { Ref: 'AWS::NoValue' }, b: [1, { Ref: 'AWS::NoValue' }] })).toEqual({
      b: [1],
    });
  });

  it('leaves out resources whose condition is false', () => {
    expect(resolver.resourcesOfType('AWS::SNS::Topic')).toEqual([]);
  });

  it('rejects an import nobody exports with LOCAL_TEMPLATE_INVALID', () => {
    expect(() => resolver.resolve('Two', { 'Fn::ImportValue': 'missing' })).toThrow(
      expect.objectContaining({ code: 'LOCAL_TEMPLATE_INVALID' }),
    );
  });

  it('rejects an attribute it cannot give with LOCAL_TEMPLATE_UNSUPPORTED', () => {
    expect(() => resolver.resolve('One', { 'Fn::GetAtt': ['Queue', 'Nonsense'] })).toThrow(
      expect.objectContaining({ code: 'LOCAL_TEMPLATE_UNSUPPORTED' }),
    );
  });
});
