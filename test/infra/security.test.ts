import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { flattenReference } from '../../infra/nag/acknowledge.js';
import { type CfnJson, type CfnTemplate, props, resourcesOfType, synthesizeTemplates } from './templates.js';

type Statement = {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Principal?: unknown;
  Condition?: CfnJson;
};

let stateful: CfnTemplate;
let stateless: CfnTemplate;

beforeAll(() => {
  ({ stateful, stateless } = synthesizeTemplates());
});

const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);
const flat = (resource: unknown): string[] => list(resource).map((entry) => flattenReference(entry as never));

/** The statements of the role a function (found by its entry file) runs as. */
function statementsOf(entry: string): Statement[] {
  const [, fn] =
    resourcesOfType(stateless, 'AWS::Lambda::Function').find(
      ([, r]) => r.Metadata?.['badges:entry'] === entry,
    ) ?? [];
  if (fn === undefined) throw new Error(`no function for ${entry}`);
  const roleId = (props(fn).Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return resourcesOfType(stateless, 'AWS::IAM::Policy')
    .filter(([, policy]) =>
      (props(policy).Roles as Array<{ Ref: string }>).some((role) => role.Ref === roleId),
    )
    .flatMap(([, policy]) => props(policy).PolicyDocument.Statement as Statement[]);
}

function actionsOf(statements: Statement[]): string[] {
  return [...new Set(statements.flatMap((statement) => list(statement.Action)))].sort();
}

function resourcesFor(statements: Statement[], action: string): string[] {
  return statements.filter((s) => list(s.Action).includes(action)).flatMap((s) => flat(s.Resource));
}

const LOGS_AND_TRACES = [
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'xray:PutTelemetryRecords',
  'xray:PutTraceSegments',
];
const TABLE_READ_WRITE = [
  'dynamodb:BatchGetItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DeleteItem',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:Query',
  'dynamodb:UpdateItem',
];

describe('function permissions', () => {
  it('gives the award function exactly what issuing needs', () => {
    const statements = statementsOf('functions/award/handler.ts');
    expect(actionsOf(statements)).toEqual(
      [
        ...LOGS_AND_TRACES,
        ...TABLE_READ_WRITE,
        'events:PutEvents',
        's3:GetObject',
        's3:ListBucket',
        's3:PutObject',
        'secretsmanager:GetSecretValue',
        'secretsmanager:PutSecretValue',
        'sqs:ChangeMessageVisibility',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:ReceiveMessage',
        'sqs:SendMessage',
      ].sort(),
    );
    expect(resourcesFor(statements, 'sqs:SendMessage')).toEqual([
      expect.stringMatching(/^<AwardConsumerDeadLetters[0-9A-F]+\.Arn>$/),
    ]);
    expect(resourcesFor(statements, 's3:PutObject')).toEqual(['badges-dev-PublicBucketArn/*']);
    expect(resourcesFor(statements, 'secretsmanager:PutSecretValue')).toEqual([
      'badges-dev-SigningKeySecretArn',
    ]);
  });

  it('keeps the api function to the badge class files and away from the signing keys', () => {
    const statements = statementsOf('functions/api/handler.ts');
    expect(actionsOf(statements)).toEqual(
      [
        ...LOGS_AND_TRACES,
        ...TABLE_READ_WRITE,
        'events:PutEvents',
        's3:GetObject',
        's3:PutObject',
        'secretsmanager:GetSecretValue',
      ].sort(),
    );
    // Credentials, status lists, keys and profiles are written by the award function alone.
    expect(resourcesFor(statements, 's3:PutObject')).toEqual(['badges-dev-PublicBucketArn/achievements/*']);
    expect(resourcesFor(statements, 's3:GetObject')).toEqual(['badges-dev-PublicBucketArn/achievements/*']);
    expect(actionsOf(statements)).not.toContain('s3:ListBucket');
    expect(resourcesFor(statements, 'secretsmanager:GetSecretValue')).toEqual([
      'badges-dev-IngestHmacSecretArn',
    ]);
    expect(JSON.stringify(statements)).not.toContain('SigningKeySecretArn');
  });

  it('gives the seed function what publishing the issuer needs, and no bus or queue access', () => {
    const statements = statementsOf('functions/seed/handler.ts');
    expect(actionsOf(statements)).toEqual(
      [
        ...LOGS_AND_TRACES,
        ...TABLE_READ_WRITE,
        's3:GetObject',
        's3:ListBucket',
        's3:PutObject',
        'secretsmanager:GetSecretValue',
        'secretsmanager:PutSecretValue',
      ].sort(),
    );
  });

  it('grants no wildcard action, and a wildcard resource only to X-Ray', () => {
    const statements = resourcesOfType(stateless, 'AWS::IAM::Policy').flatMap(
      ([, policy]) => props(policy).PolicyDocument.Statement as Statement[],
    );
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(statement.Effect).toBe('Allow');
      for (const action of list(statement.Action)) expect(action).not.toContain('*');
      if (flat(statement.Resource).includes('*')) {
        expect(list(statement.Action).every((action) => action.startsWith('xray:'))).toBe(true);
      }
    }
  });

  it('scopes data access to the one table, bucket, bus and secrets', () => {
    const allowed = [
      /^badges-dev-TableArn(\/index\/\*)?$/,
      /^badges-dev-PublicBucketArn(\/\*|\/achievements\/\*)?$/,
      /^badges-dev-(SigningKey|IngestHmac)SecretArn$/,
      /^<Bus[0-9A-F]+\.Arn>$/,
      /^<(Award|Command)Consumer(Queue|DeadLetters)[0-9A-F]+\.Arn>$/,
      /^<(Award|Api|Seed)Logs[0-9A-F]+\.Arn>$/,
      /^\*$/,
    ];
    const statements = resourcesOfType(stateless, 'AWS::IAM::Policy').flatMap(
      ([, policy]) => props(policy).PolicyDocument.Statement as Statement[],
    );
    for (const resource of statements.flatMap((statement) => flat(statement.Resource))) {
      expect(
        allowed.some((pattern) => pattern.test(resource)),
        resource,
      ).toBe(true);
    }
  });

  it('attaches no AWS managed policy to any role', () => {
    const roles = [
      ...resourcesOfType(stateful, 'AWS::IAM::Role'),
      ...resourcesOfType(stateless, 'AWS::IAM::Role'),
    ];
    expect(roles.length).toBeGreaterThan(0);
    for (const [id, role] of roles) expect(props(role).ManagedPolicyArns, id).toBeUndefined();
  });
});

describe('buckets', () => {
  it('blocks all public access on every bucket', () => {
    const buckets = resourcesOfType(stateful, 'AWS::S3::Bucket');
    expect(buckets).toHaveLength(2);
    for (const [id, bucket] of buckets) {
      expect(props(bucket).PublicAccessBlockConfiguration, id).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
    }
  });

  it('allows no anonymous principal, and CloudFront only from this account’s distributions', () => {
    const policies = resourcesOfType(stateful, 'AWS::S3::BucketPolicy');
    expect(policies.length).toBeGreaterThan(0);
    let cloudFrontGrants = 0;
    for (const [, policy] of policies) {
      const statements = props(policy).PolicyDocument.Statement as Statement[];
      expect(
        statements.some((s) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false'),
      ).toBe(true);
      for (const statement of statements.filter((s) => s.Effect === 'Allow')) {
        expect(JSON.stringify(statement.Principal)).not.toMatch(/"\*"/);
        if (JSON.stringify(statement.Principal).includes('cloudfront.amazonaws.com')) {
          cloudFrontGrants += 1;
          expect(list(statement.Action)).toEqual(['s3:GetObject']);
          expect(flat(statement.Condition.ArnLike['AWS:SourceArn'])).toEqual([
            'arn:<AWS::Partition>:cloudfront::<AWS::AccountId>:distribution/*',
          ]);
          expect(flat(statement.Condition.StringEquals['AWS:SourceAccount'])).toEqual(['<AWS::AccountId>']);
        }
      }
    }
    expect(cloudFrontGrants).toBe(1);
  });

  it('keeps versions of the public files, expires old ones and logs access', () => {
    Template.fromJSON(stateful).hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 90 } })]),
      },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'public-files/' }),
    });
  });

  it('reads the bucket through origin access control only', () => {
    const template = Template.fromJSON(stateless);
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Origins: [
          Match.objectLike({
            DomainName: { 'Fn::ImportValue': 'badges-dev-PublicBucketRegionalDomainName' },
            OriginAccessControlId: Match.anyValue(),
            S3OriginConfig: { OriginAccessIdentity: '' },
          }),
        ],
      }),
    });
  });
});

describe('secrets', () => {
  const PRIVATE_MATERIAL = [
    /-----BEGIN [A-Z ]*-----/,
    /PRIVATE KEY/i,
    /"(d|p|q|dp|dq|qi)"\s*:/,
    /\\"(d|p|q|dp|dq|qi)\\"\s*:/,
    /resolve:secretsmanager/,
    /"SecretString"/,
    /\bz3u2[1-9A-HJ-NP-Za-km-z]{40,}/,
  ];

  it('puts no key material, secret value or dynamic secret reference in either template', () => {
    for (const template of [stateful, stateless]) {
      const text = JSON.stringify(template);
      for (const pattern of PRIVATE_MATERIAL) expect(text).not.toMatch(pattern);
    }
  });

  it('creates the signing-key secret empty, for the function to fill at first use', () => {
    const secrets = resourcesOfType(stateful, 'AWS::SecretsManager::Secret');
    const [, signing] = secrets.find(([id]) => id.startsWith('SigningKeys')) ?? [];
    expect(signing).toBeDefined();
    expect(props(signing as never)).not.toHaveProperty('SecretString');
    expect(props(signing as never)).not.toHaveProperty('GenerateSecretString');
  });

  it('exports secret ARNs only, never a value', () => {
    const outputs = JSON.stringify([stateful.Outputs, stateless.Outputs]);
    expect(outputs).not.toMatch(/SecretString|resolve:secretsmanager/);
  });
});
