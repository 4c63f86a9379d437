import { join } from 'node:path';
import { type CfnResource, Duration } from 'aws-cdk-lib';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV, type EnvName } from '../../shared/config/env.js';
import { acknowledge, acknowledgeWildcardResource } from '../nag/acknowledge.js';
import { REPO_ROOT } from '../paths.js';

/** CloudFormation Metadata keys the local cloud reads to run the same handler in-process. */
export const ENTRY_METADATA_KEY = 'badges:entry';
export const HANDLER_METADATA_KEY = 'badges:handler';
const HANDLER_EXPORT = 'handler';

/**
 * Run-time files (JSON-LD contexts, JSON schemas, badge images) are read from `shared/assets` relative to the
 * reading module, which sits one folder below `shared/` (`new URL('../assets/…', import.meta.url)`). The bundle
 * goes one folder deep and the assets next to that folder, so the same relative URLs resolve in Lambda.
 */
const BUNDLE_FOLDER = 'app';
const ASSETS_SOURCE = 'shared/assets';

/** ESM bundles have no `require`; some CommonJS dependencies still call it for Node built-ins. */
const ESM_REQUIRE_BANNER =
  "import { createRequire as createRequireForEsm } from 'node:module'; const require = createRequireForEsm(import.meta.url);";

export interface BadgeFunctionProps {
  /** The entry file, relative to the repository root (e.g. `functions/award/handler.ts`); it exports `handler`. */
  entry: string;
  /** Powertools service name, for logs, metrics and traces. */
  serviceName: string;
  description: string;
  memorySize?: number;
  timeout?: Duration;
  logRetention?: RetentionDays;
  environment?: Partial<Record<EnvName, string>>;
}

/** What a bind needs of a resource: an L2 construct fits, and so do values imported from another stack. */
export interface TableRef {
  tableName: string;
  tableArn: string;
}
export interface BucketRef {
  bucketName: string;
  bucketArn: string;
}
export interface BusRef {
  eventBusName: string;
  eventBusArn: string;
}
export interface SecretRef {
  secretArn: string;
}

export type TableAccess = 'read' | 'readWrite';
export type BucketAccess = 'read' | 'write' | 'readWrite';
export type SecretAccess = 'read' | 'readWrite';
export type SecretVariable = typeof ENV.SIGNING_KEY_SECRET_ID | typeof ENV.INGEST_HMAC_SECRET_ID;

export interface QueueConsumerOptions {
  batchSize: number;
  maxBatchingWindow: Duration;
  /** Bounds how many concurrent invocations the queue may drive (2 to 1000). */
  maxConcurrency: number;
}

const TABLE_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];
const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
];

/**
 * Every Lambda function of the product, with the defaults fixed in one place (Node.js 24 on ARM64, ESM bundle
 * with source maps, JSON logs into its own log group, X-Ray) and `bind…` helpers that set the environment
 * variable and grant exactly the access it names, in one call. The role has no AWS managed policy.
 */
export class BadgeFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
  readonly entry: string;

  constructor(scope: Construct, id: string, props: BadgeFunctionProps) {
    super(scope, id);
    this.entry = props.entry;
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${props.serviceName} function`,
    });
    this.logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention ?? RetentionDays.ONE_MONTH });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: join(REPO_ROOT, props.entry),
      handler: `${BUNDLE_FOLDER}/index.${HANDLER_EXPORT}`,
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(30),
      tracing: Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      environment: {
        [ENV.POWERTOOLS_SERVICE_NAME]: props.serviceName,
        [ENV.POWERTOOLS_METRICS_NAMESPACE]: 'Badges',
        [ENV.POWERTOOLS_LOG_LEVEL]: 'INFO',
        [ENV.NODE_OPTIONS]: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        // The SDK is bundled from the lockfile, so the deployed code runs the versions the tests ran.
        externalModules: [],
        forceDockerBundling: false,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir: string, outputDir: string) => [
            `mkdir -p "${outputDir}/${BUNDLE_FOLDER}"`,
            `mv "${outputDir}/index.mjs" "${outputDir}/index.mjs.map" "${outputDir}/${BUNDLE_FOLDER}/"`,
            `cp -R "${inputDir}/${ASSETS_SOURCE}" "${outputDir}/assets"`,
          ],
        },
      },
    });
    (this.function.node.defaultChild as CfnResource).addMetadata(ENTRY_METADATA_KEY, props.entry);
    (this.function.node.defaultChild as CfnResource).addMetadata(HANDLER_METADATA_KEY, HANDLER_EXPORT);

    acknowledge(
      this,
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permissions (AWS X-Ray IAM reference).',
    );
    acknowledge(
      this,
      'AwsSolutions-L1',
      'nodejs24.x is the runtime the bundles are built and tested for (Active LTS); newer lines are adopted once tested.',
    );
  }

  setEnvironment(name: EnvName, value: string): this {
    this.function.addEnvironment(name, value);
    return this;
  }

  private allow(actions: string[], resources: string[]): void {
    this.role.addToPrincipalPolicy(new PolicyStatement({ effect: Effect.ALLOW, actions, resources }));
  }

  /** Items and the GSIs; `read` is Get/BatchGet/Query, `readWrite` adds Put/Update/Delete/BatchWrite/ConditionCheck. */
  bindTable(table: TableRef, access: TableAccess): this {
    const indexes = `${table.tableArn}/index/*`;
    const actions = access === 'read' ? TABLE_READ_ACTIONS : [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS];
    this.allow(actions, [table.tableArn]);
    this.allow(['dynamodb:Query'], [indexes]);
    acknowledgeWildcardResource(
      this,
      indexes,
      'Queries may use any GSI of the one table (gsi1, gsi2) and no other.',
    );
    return this.setEnvironment(ENV.TABLE_NAME, table.tableName);
  }

  /** Objects of the bucket: `read` (GetObject, plus ListBucket so a missing key is a 404, not a 403), `write` (PutObject). */
  bindBucket(bucket: BucketRef, access: BucketAccess): this {
    const objects = `${bucket.bucketArn}/*`;
    if (access !== 'write') {
      this.allow(['s3:GetObject'], [objects]);
      this.allow(['s3:ListBucket'], [bucket.bucketArn]);
    }
    if (access !== 'read') this.allow(['s3:PutObject'], [objects]);
    acknowledgeWildcardResource(
      this,
      objects,
      'Object keys are content-addressed and made at run time (credentials, status lists) under one bucket.',
    );
    return this.setEnvironment(ENV.PUBLIC_BUCKET, bucket.bucketName);
  }

  /**
   * Objects under one key prefix only (e.g. `achievements/`): GetObject and PutObject, no ListBucket, so the
   * function can neither read nor overwrite anything else the CDN serves (credentials, status lists, keys).
   */
  bindBucketPrefix(bucket: BucketRef, prefix: string, access: BucketAccess): this {
    if (!/^[a-z0-9][a-z0-9-]*\/$/.test(prefix)) {
      throw new Error(
        `a bucket prefix is one lower-case folder ending in "/", not ${JSON.stringify(prefix)}`,
      );
    }
    const objects = `${bucket.bucketArn}/${prefix}*`;
    if (access !== 'write') this.allow(['s3:GetObject'], [objects]);
    if (access !== 'read') this.allow(['s3:PutObject'], [objects]);
    acknowledgeWildcardResource(
      this,
      objects,
      `Object keys under ${prefix} are named at run time (one per badge class) and nothing outside that prefix is granted.`,
    );
    return this.setEnvironment(ENV.PUBLIC_BUCKET, bucket.bucketName);
  }

  /** PutEvents on this one bus. */
  bindBus(bus: BusRef): this {
    this.allow(['events:PutEvents'], [bus.eventBusArn]);
    return this.setEnvironment(ENV.EVENT_BUS_NAME, bus.eventBusName);
  }

  /** GetSecretValue, and PutSecretValue for `readWrite` (the function writes key material it generates). */
  bindSecret(secret: SecretRef, variable: SecretVariable, access: SecretAccess): this {
    const actions = ['secretsmanager:GetSecretValue'];
    if (access === 'readWrite') actions.push('secretsmanager:PutSecretValue');
    this.allow(actions, [secret.secretArn]);
    return this.setEnvironment(variable, secret.secretArn);
  }

  /** SendMessage to a dead-letter queue, for messages that can never succeed (sent there at once, with the reason). */
  bindDeadLetterQueue(queue: IQueue): this {
    this.allow(['sqs:SendMessage'], [queue.queueArn]);
    return this.setEnvironment(ENV.DEAD_LETTER_QUEUE_URL, queue.queueUrl);
  }

  /** Consumes the queue with partial batch failures: a failed record returns alone, the rest are deleted. */
  bindQueue(queue: IQueue, options: QueueConsumerOptions): this {
    this.function.addEventSource(
      new SqsEventSource(queue, {
        batchSize: options.batchSize,
        maxBatchingWindow: options.maxBatchingWindow,
        maxConcurrency: options.maxConcurrency,
        reportBatchItemFailures: true,
      }),
    );
    return this;
  }
}
