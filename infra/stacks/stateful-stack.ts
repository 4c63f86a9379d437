import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  FeaturePlan,
  Mfa,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { AttributeType, BillingMode, ProjectionType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { type CfnSecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { exportName, type StatefulExport } from '../config/names.js';
import type { StageConfig } from '../config/stages.js';
import { acknowledge } from '../nag/acknowledge.js';

export interface StatefulStackProps extends StackProps {
  config: StageConfig;
}

/**
 * What must outlive any deployment: the table, the published files, the signing keys and the organisers'
 * accounts. Termination protection is on and every resource is retained when removed from the stack.
 */
export class StatefulStack extends Stack {
  readonly table: Table;
  readonly publicBucket: Bucket;
  readonly accessLogBucket: Bucket;
  readonly signingKeySecret: Secret;
  readonly ingestHmacSecret: Secret;
  readonly userPool: UserPool | undefined;
  readonly userPoolClient: UserPoolClient | undefined;
  private readonly stage: string;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, { terminationProtection: true, ...props });
    this.stage = props.config.name;

    this.table = this.createTable();
    this.accessLogBucket = this.createAccessLogBucket();
    this.publicBucket = this.createPublicBucket(this.accessLogBucket);
    this.signingKeySecret = this.createSigningKeySecret();
    this.ingestHmacSecret = this.createIngestHmacSecret();

    this.export('TableName', this.table.tableName);
    this.export('TableArn', this.table.tableArn);
    this.export('PublicBucketName', this.publicBucket.bucketName);
    this.export('PublicBucketArn', this.publicBucket.bucketArn);
    this.export('PublicBucketRegionalDomainName', this.publicBucket.bucketRegionalDomainName);
    this.export('AccessLogBucketName', this.accessLogBucket.bucketName);
    this.export('AccessLogBucketArn', this.accessLogBucket.bucketArn);
    this.export('AccessLogBucketRegionalDomainName', this.accessLogBucket.bucketRegionalDomainName);
    this.export('SigningKeySecretArn', this.signingKeySecret.secretArn);
    this.export('IngestHmacSecretArn', this.ingestHmacSecret.secretArn);

    if (props.config.auth.kind === 'cognito') {
      const { userPool, client } = this.createUserPool();
      this.userPool = userPool;
      this.userPoolClient = client;
      this.export('UserPoolId', userPool.userPoolId);
      this.export('UserPoolArn', userPool.userPoolArn);
      this.export('UserPoolClientId', client.userPoolClientId);
    }
  }

  private export(name: StatefulExport, value: string): void {
    new CfnOutput(this, name, { value, exportName: exportName(this.stage, name) });
  }

  /** One table, single-table design: `pk`/`sk`, `gsi1` by recipient, `gsi2` by badge and status. */
  private createTable(): Table {
    const table = new Table(this, 'Table', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      timeToLiveAttribute: 'expiresAt',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of ['gsi1', 'gsi2']) {
      table.addGlobalSecondaryIndex({
        indexName: index,
        partitionKey: { name: `${index}pk`, type: AttributeType.STRING },
        sortKey: { name: `${index}sk`, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }
    return table;
  }

  private createAccessLogBucket(): Bucket {
    const bucket = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logging writes through the bucket ACL (awslogsdelivery), so ACLs stay enabled.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ id: 'expire-logs', expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    return bucket;
  }

  private createPublicBucket(accessLogs: Bucket): Bucket {
    const bucket = new Bucket(this, 'PublicFiles', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'public-files/',
      lifecycleRules: [
        { id: 'expire-old-versions', noncurrentVersionExpiration: Duration.days(90) },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The distribution lives in the stateless stack, which depends on this one, so its id cannot appear here
    // without a cycle: the grant is to CloudFront distributions of this account only (origin access control).
    bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudFrontOriginAccessControlRead',
        principals: [new ServicePrincipal('cloudfront.amazonaws.com')],
        actions: ['s3:GetObject'],
        resources: [bucket.arnForObjects('*')],
        conditions: {
          StringEquals: { 'AWS:SourceAccount': this.account },
          ArnLike: { 'AWS:SourceArn': `arn:${this.partition}:cloudfront::${this.account}:distribution/*` },
        },
      }),
    );
    return bucket;
  }

  /**
   * Created empty: the award function generates the key pairs at first use and stores them with
   * PutSecretValue, so no key material ever passes through a template, an output or a deployment log.
   */
  private createSigningKeySecret(): Secret {
    const secret = new Secret(this, 'SigningKeys', {
      description: 'Issuer signing keys (Ed25519, RSA): written by the award function at first use',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    (secret.node.defaultChild as CfnSecret).addPropertyDeletionOverride('GenerateSecretString');
    acknowledge(
      secret,
      'AwsSolutions-SMG4',
      'Signing keys rotate in the application: a new key is added and old public keys stay published so issued credentials keep verifying; a rotation Lambda cannot do that.',
    );
    return secret;
  }

  /** Shared keys for `POST /events` HMAC signatures, one per registration system: `{ "<keyId>": "<secret>" }`. */
  private createIngestHmacSecret(): Secret {
    const secret = new Secret(this, 'IngestHmacKeys', {
      description: 'HMAC keys of registration systems that post events over HTTPS: {"<keyId>": "<secret>"}',
      generateSecretString: {
        secretStringTemplate: '{}',
        generateStringKey: 'default',
        excludePunctuation: true,
        passwordLength: 64,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      secret,
      'AwsSolutions-SMG4',
      'The keys are shared with external registration systems; operators rotate them by adding a new key id next to the old one, which a rotation Lambda cannot coordinate.',
    );
    return secret;
  }

  private createUserPool(): { userPool: UserPool; client: UserPoolClient } {
    const userPool = new UserPool(this, 'Organisers', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      userPool,
      'AwsSolutions-COG8',
      'Organiser accounts are few and created by administrators with TOTP MFA required; the Plus plan adds a per-user cost without a matching risk.',
    );
    for (const group of ['organizer', 'admin']) {
      new CfnUserPoolGroup(this, `Group-${group}`, { userPoolId: userPool.userPoolId, groupName: group });
    }
    // Organisers sign in with SRP from the console or CLI; no hosted-UI OAuth flow until a console needs one.
    const client = userPool.addClient('OrganiserConsole', {
      authFlows: { userSrp: true },
      disableOAuth: true,
      generateSecret: false,
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
    });
    return { userPool, client };
  }
}
