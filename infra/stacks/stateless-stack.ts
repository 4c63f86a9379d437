import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Aws, CfnOutput, CustomResource, Duration, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import { CfnArchive, EventBus } from 'aws-cdk-lib/aws-events';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { CITIZEN21_BADGES } from '../../shared/catalogue/citizen21.js';
import { ENV } from '../../shared/config/env.js';
import {
  AWARD_REQUESTED,
  ISSUER_SOURCE,
  REVOCATION_REQUESTED,
} from '../../shared/events/participation-recorded.js';
import { exportName, type StatefulExport } from '../config/names.js';
import type { StageConfig } from '../config/stages.js';
import { BadgeFunction } from '../constructs/badge-function.js';
import { BusConsumer } from '../constructs/bus-consumer.js';
import { OperationsAlarms } from '../constructs/operations-alarms.js';
import { OrganiserApi } from '../constructs/organiser-api.js';
import { PublicCdn } from '../constructs/public-cdn.js';

export interface StatelessStackProps extends StackProps {
  config: StageConfig;
}

export const PARTICIPATION_RECORDED = 'Participation Recorded';

/**
 * Everything that can be destroyed and recreated without losing data: the bus and its routing, the
 * functions, the API, the CDN and the alarms. It reads the stateful stack's resources by export name.
 */
export class StatelessStack extends Stack {
  readonly bus: EventBus;
  readonly award: BadgeFunction;
  readonly api: BadgeFunction;
  readonly seed: BadgeFunction;
  readonly awardConsumer: BusConsumer;
  readonly commandConsumer: BusConsumer;
  readonly organiserApi: OrganiserApi;
  readonly cdn: PublicCdn;
  readonly alarms: OperationsAlarms;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { config } = props;
    const imported = (name: StatefulExport): string => Fn.importValue(exportName(config.name, name));

    const table = { tableName: imported('TableName'), tableArn: imported('TableArn') };
    const publicBucketRef = {
      bucketName: imported('PublicBucketName'),
      bucketArn: imported('PublicBucketArn'),
    };
    const signingKeys = { secretArn: imported('SigningKeySecretArn') };
    const ingestKeys = { secretArn: imported('IngestHmacSecretArn') };

    this.bus = new EventBus(this, 'Bus', { eventBusName: config.eventBusName });
    // No event pattern: every event is archived, so any consumer (present or future) can be replayed.
    new CfnArchive(this, 'BusArchive', {
      sourceArn: this.bus.eventBusArn,
      retentionDays: config.archiveRetentionDays,
      description: 'Every event of the badges bus, for replays',
    });

    this.cdn = new PublicCdn(this, 'Cdn', {
      bucket: Bucket.fromBucketAttributes(this, 'PublicBucket', {
        ...publicBucketRef,
        bucketRegionalDomainName: imported('PublicBucketRegionalDomainName'),
      }),
      logBucket: Bucket.fromBucketAttributes(this, 'AccessLogBucket', {
        bucketName: imported('AccessLogBucketName'),
        bucketArn: imported('AccessLogBucketArn'),
        bucketRegionalDomainName: imported('AccessLogBucketRegionalDomainName'),
      }),
      domainName: config.domainName,
      certificateArn: config.certificateArn,
    });

    const issuerEnvironment = {
      [ENV.STAGE]: config.name,
      [ENV.PUBLIC_BASE_URL]: this.cdn.baseUrl,
      [ENV.ISSUER_NAME]: config.issuer.name,
      [ENV.ISSUER_URL]: config.issuer.url,
      [ENV.ISSUER_EMAIL]: config.issuer.email,
      [ENV.CREDENTIAL_FORMATS]: (config.credentialFormats ?? []).join(','),
    };

    this.award = new BadgeFunction(this, 'Award', {
      entry: 'functions/award/handler.ts',
      serviceName: 'award',
      description: 'Turns recorded participations into signed, baked, published Open Badges credentials',
      timeout: Duration.seconds(60),
      memorySize: 1024,
      environment: issuerEnvironment,
    })
      .bindTable(table, 'readWrite')
      .bindBucket(publicBucketRef, 'readWrite')
      .bindBus(this.bus)
      .bindSecret(signingKeys, ENV.SIGNING_KEY_SECRET_ID, 'readWrite');

    this.seed = new BadgeFunction(this, 'Seed', {
      entry: 'functions/seed/handler.ts',
      serviceName: 'seed',
      description:
        'Makes the issuer ready at deploy: keys, badge classes, rules, published profiles and lists',
      timeout: Duration.seconds(120),
      memorySize: 1024,
      environment: issuerEnvironment,
    })
      .bindTable(table, 'readWrite')
      .bindBucket(publicBucketRef, 'readWrite')
      .bindSecret(signingKeys, ENV.SIGNING_KEY_SECRET_ID, 'readWrite')
      .setEnvironment(ENV.EVENT_BUS_NAME, this.bus.eventBusName);
    // Runs at every deploy whose catalogue changed (and on the first); seeding is idempotent either way.
    new CustomResource(this, 'IssuerSeed', {
      serviceToken: this.seed.function.functionArn,
      resourceType: 'Custom::IssuerSeed',
      properties: { catalogue: catalogueFingerprint() },
    });

    this.awardConsumer = new BusConsumer(this, 'AwardConsumer', {
      bus: this.bus,
      eventPattern: { detailType: [PARTICIPATION_RECORDED] },
      consumer: this.award,
      batchSize: config.award.batchSize,
      maxBatchingWindow: Duration.seconds(config.award.maxBatchingWindowSeconds),
      maxConcurrency: config.award.maxConcurrency,
      description: 'Participation events to the award function',
      handlerSendsToDeadLetters: true,
    });
    // The API's commands get their own queue, so a burst of participations never delays an organiser.
    this.commandConsumer = new BusConsumer(this, 'CommandConsumer', {
      bus: this.bus,
      eventPattern: { source: [ISSUER_SOURCE], detailType: [AWARD_REQUESTED, REVOCATION_REQUESTED] },
      consumer: this.award,
      batchSize: 10,
      maxBatchingWindow: Duration.seconds(0),
      maxConcurrency: config.award.maxConcurrency,
      description: 'Award and revocation commands from the API to the award function',
    });

    const jwt = this.jwtSettings(config, imported);
    this.api = new BadgeFunction(this, 'Api', {
      entry: 'functions/api/handler.ts',
      serviceName: 'api',
      description: 'Organiser API (JWT) and HMAC-signed event ingestion',
      timeout: Duration.seconds(15),
      memorySize: 512,
      environment: {
        ...issuerEnvironment,
        [ENV.JWT_ISSUER]: jwt.issuer,
        [ENV.JWT_AUDIENCE]: Fn.join(',', [...jwt.audience]),
      },
    })
      .bindTable(table, 'readWrite')
      // Badge classes made through the API are published by the API (documents and image); nothing else.
      .bindBucketPrefix(publicBucketRef, 'achievements/', 'readWrite')
      .bindBus(this.bus)
      .bindSecret(ingestKeys, ENV.INGEST_HMAC_SECRET_ID, 'read');

    this.organiserApi = new OrganiserApi(this, 'OrganiserApi', {
      handler: this.api,
      jwtIssuer: jwt.issuer,
      jwtAudience: jwt.audience,
      rateLimitPerSecond: config.api.rateLimitPerSecond,
      burstLimit: config.api.burstLimit,
    });

    this.alarms = new OperationsAlarms(this, 'Alarms', { email: config.alarmEmail })
      .watchDeadLetterQueue('Award', this.awardConsumer.deadLetterQueue)
      .watchDeadLetterQueue('Command', this.commandConsumer.deadLetterQueue)
      .watchFunction('Award', this.award)
      .watchFunction('Api', this.api)
      .watchFunction('Seed', this.seed);

    new CfnOutput(this, 'ApiUrl', { value: this.organiserApi.url, description: 'Organiser API base URL' });
    new CfnOutput(this, 'CdnUrl', {
      value: this.cdn.baseUrl,
      description: 'Base URL of the published files',
    });
    new CfnOutput(this, 'CdnDistributionId', { value: this.cdn.distribution.distributionId });
    new CfnOutput(this, 'EventBusName', { value: this.bus.eventBusName, description: 'PutEvents target' });
    new CfnOutput(this, 'EventBusArn', { value: this.bus.eventBusArn });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
  }

  private jwtSettings(
    config: StageConfig,
    imported: (name: StatefulExport) => string,
  ): { issuer: string; audience: readonly string[] } {
    if (config.auth.kind === 'oidc') return { issuer: config.auth.issuer, audience: config.auth.audience };
    return {
      issuer: `https://cognito-idp.${Aws.REGION}.amazonaws.com/${imported('UserPoolId')}`,
      audience: [imported('UserPoolClientId')],
    };
  }
}

/** Changes whenever a built-in badge class or its image changes, so the seed runs again on deploy. */
function catalogueFingerprint(): string {
  const hash = createHash('sha256').update(JSON.stringify(CITIZEN21_BADGES));
  for (const badge of CITIZEN21_BADGES) {
    hash.update(readFileSync(new URL(`../../shared/assets/badges/${badge.slug}.png`, import.meta.url)));
  }
  return hash.digest('hex').slice(0, 16);
}
