import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { BadgeFunction } from '../../infra/constructs/badge-function.js';
import { ENV } from '../../shared/config/env.js';
import { type CfnJson, scratchDir } from './templates.js';

function functionInStack(): { stack: Stack; fn: BadgeFunction; remove(): void } {
  const dir = scratchDir();
  const app = new App({ outdir: dir.path, context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'BindTest');
  const fn = new BadgeFunction(stack, 'Probe', {
    entry: 'functions/api/handler.ts',
    serviceName: 'probe',
    description: 'bind helper probe',
  });
  return { stack, fn, remove: dir.remove };
}

function grantedActions(stack: Stack): string[] {
  const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .flatMap((policy: CfnJson) => policy.Properties.PolicyDocument.Statement)
    .flatMap((statement: CfnJson) =>
      Array.isArray(statement.Action) ? statement.Action : [statement.Action],
    )
    .filter((action: string) => !action.startsWith('logs:') && !action.startsWith('xray:'))
    .sort();
}

describe('BadgeFunction bind helpers', () => {
  it('grants read-only table access for "read" and sets TABLE_NAME', () => {
    const { stack, fn, remove } = functionInStack();
    try {
      fn.bindTable(
        { tableName: 'events', tableArn: 'arn:aws:dynamodb:eu-west-1:123456789012:table/events' },
        'read',
      );
      expect(grantedActions(stack)).toEqual([
        'dynamodb:BatchGetItem',
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:Query',
      ]);
      Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: { [ENV.TABLE_NAME]: 'events' } },
      });
    } finally {
      remove();
    }
  });

  it('separates reading and writing objects', () => {
    const bucket = { bucketName: 'files', bucketArn: 'arn:aws:s3:::files' };
    const reader = functionInStack();
    const writer = functionInStack();
    try {
      reader.fn.bindBucket(bucket, 'read');
      writer.fn.bindBucket(bucket, 'write');
      expect(grantedActions(reader.stack)).toEqual(['s3:GetObject', 's3:ListBucket']);
      expect(grantedActions(writer.stack)).toEqual(['s3:PutObject']);
    } finally {
      reader.remove();
      writer.remove();
    }
  });

  it('confines object access to one prefix, without listing the bucket', () => {
    const { stack, fn, remove } = functionInStack();
    try {
      fn.bindBucketPrefix(
        { bucketName: 'files', bucketArn: 'arn:aws:s3:::files' },
        'achievements/',
        'readWrite',
      );
      expect(grantedActions(stack)).toEqual(['s3:GetObject', 's3:PutObject']);
      const statements = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy')).flatMap(
        (policy: CfnJson) => policy.Properties.PolicyDocument.Statement,
      );
      const s3Resources = statements
        .filter((statement: CfnJson) => String(statement.Action).startsWith('s3:'))
        .map((statement: CfnJson) => statement.Resource);
      expect(s3Resources).toEqual(['arn:aws:s3:::files/achievements/*', 'arn:aws:s3:::files/achievements/*']);
      Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: { [ENV.PUBLIC_BUCKET]: 'files' } },
      });
      expect(() =>
        fn.bindBucketPrefix({ bucketName: 'files', bucketArn: 'arn:aws:s3:::files' }, '', 'read'),
      ).toThrow();
      expect(() =>
        fn.bindBucketPrefix({ bucketName: 'files', bucketArn: 'arn:aws:s3:::files' }, '../', 'read'),
      ).toThrow();
    } finally {
      remove();
    }
  });

  it('lets a function write a secret only when asked, and names it in the chosen variable', () => {
    const { stack, fn, remove } = functionInStack();
    try {
      fn.bindSecret(
        { secretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:k-AbCdEf' },
        ENV.INGEST_HMAC_SECRET_ID,
        'read',
      );
      expect(grantedActions(stack)).toEqual(['secretsmanager:GetSecretValue']);
      Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
        Environment: {
          Variables: {
            [ENV.INGEST_HMAC_SECRET_ID]: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:k-AbCdEf',
          },
        },
      });
    } finally {
      remove();
    }
  });

  it('puts events on the bound bus only', () => {
    const { stack, fn, remove } = functionInStack();
    try {
      fn.bindBus({
        eventBusName: 'badges',
        eventBusArn: 'arn:aws:events:eu-west-1:123456789012:event-bus/badges',
      });
      Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            {
              Action: 'events:PutEvents',
              Effect: 'Allow',
              Resource: 'arn:aws:events:eu-west-1:123456789012:event-bus/badges',
            },
          ]),
        },
      });
      expect(grantedActions(stack)).toEqual(['events:PutEvents']);
    } finally {
      remove();
    }
  });
});
