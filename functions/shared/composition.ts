import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbAwardRepository } from '../../shared/adapters/dynamodb/award-repository.js';
import { DynamoDbBadgeClassRepository } from '../../shared/adapters/dynamodb/badge-class-repository.js';
import { DynamoDbParticipationRepository } from '../../shared/adapters/dynamodb/participation-repository.js';
import { DynamoDbRevocationRepository } from '../../shared/adapters/dynamodb/revocation-repository.js';
import { DynamoDbRuleRepository } from '../../shared/adapters/dynamodb/rule-repository.js';
import { EventBridgeEventPublisher } from '../../shared/adapters/eventbridge-event-publisher.js';
import { S3PublicFileStore } from '../../shared/adapters/s3-public-file-store.js';
import { SecretsManagerKeyStore } from '../../shared/adapters/secrets-manager-key-store.js';
import { SqsDeadLetters } from '../../shared/adapters/sqs-dead-letters.js';
import { IssuingCache } from '../../shared/awards/issuing-cache.js';
import type { AwardDependencies } from '../../shared/awards/ports.js';
import { loadConfig } from '../../shared/config/index.js';

/**
 * The one place where the runtime is put together: configuration parsed once from the environment, AWS clients
 * created once per container (they find local endpoints through the SDK's standard AWS_ENDPOINT_URL_* variables,
 * so nothing here knows whether it runs on AWS or on the local cloud), adapters, and the issuing cache.
 */
export function composeAwardRuntime(env: NodeJS.ProcessEnv = process.env): {
  deps: AwardDependencies;
  cache: IssuingCache;
  deadLetters: SqsDeadLetters | undefined;
} {
  const config = loadConfig(env, { require: ['publicBucket', 'signingKeySecretId'] as const });
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const s3 = new S3Client({
    forcePathStyle: Boolean(env.AWS_ENDPOINT_URL_S3),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const deps: AwardDependencies = {
    revocations: new DynamoDbRevocationRepository(documents, config.tableName),
    participations: new DynamoDbParticipationRepository(documents, config.tableName),
    rules: new DynamoDbRuleRepository(documents, config.tableName),
    awards: new DynamoDbAwardRepository(documents, config.tableName),
    badgeClasses: new DynamoDbBadgeClassRepository(documents, config.tableName),
    files: new S3PublicFileStore(s3, config.publicBucket),
    events: new EventBridgeEventPublisher(new EventBridgeClient({}), config.eventBusName),
    keyStore: new SecretsManagerKeyStore(new SecretsManagerClient({}), config.signingKeySecretId),
    issuer: {
      baseUrl: config.publicBaseUrl,
      name: config.issuerName,
      url: config.issuerUrl,
      email: config.issuerEmail,
      formats: { vcJwt: true, ob2Signed: false },
    },
    clock: { now: () => new Date() },
  };
  const deadLetters = config.deadLetterQueueUrl
    ? new SqsDeadLetters(new SQSClient({ useQueueUrlAsEndpoint: false }), config.deadLetterQueueUrl)
    : undefined;
  return { deps, cache: new IssuingCache(deps), deadLetters };
}
