import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbAwardQueries } from '../../shared/adapters/dynamodb/award-queries.js';
import { DynamoDbAwardRepository } from '../../shared/adapters/dynamodb/award-repository.js';
import { DynamoDbBadgeClassRepository } from '../../shared/adapters/dynamodb/badge-class-repository.js';
import { DynamoDbBadgeClassStore } from '../../shared/adapters/dynamodb/badge-class-store.js';
import { DynamoDbIdempotencyStore } from '../../shared/adapters/dynamodb/idempotency-store.js';
import { DynamoDbParticipationRepository } from '../../shared/adapters/dynamodb/participation-repository.js';
import { DynamoDbRevocationRepository } from '../../shared/adapters/dynamodb/revocation-repository.js';
import { DynamoDbRuleRepository } from '../../shared/adapters/dynamodb/rule-repository.js';
import { DynamoDbRuleStore } from '../../shared/adapters/dynamodb/rule-store.js';
import { EventBridgeEventPublisher } from '../../shared/adapters/eventbridge-event-publisher.js';
import { S3PublicFileStore } from '../../shared/adapters/s3-public-file-store.js';
import { SecretsManagerKeyStore } from '../../shared/adapters/secrets-manager-key-store.js';
import { SqsDeadLetters } from '../../shared/adapters/sqs-dead-letters.js';
import { joseAccessTokenVerifier } from '../../shared/api/auth.js';
import type { ApiRuntime } from '../../shared/api/runtime.js';
import { CachedBadgeClassRepository, CachedRuleRepository } from '../../shared/awards/cached-repositories.js';
import { IssuingCache } from '../../shared/awards/issuing-cache.js';
import type { AwardDependencies } from '../../shared/awards/ports.js';
import { loadConfig } from '../../shared/config/index.js';
import { composeIngestDependencies, ingestEvents } from '../../shared/ingest/index.js';

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
  const clock = { now: () => new Date() };
  const deps: AwardDependencies = {
    revocations: new DynamoDbRevocationRepository(documents, config.tableName),
    participations: new DynamoDbParticipationRepository(documents, config.tableName),
    rules: new CachedRuleRepository(new DynamoDbRuleRepository(documents, config.tableName), clock),
    awards: new DynamoDbAwardRepository(documents, config.tableName),
    badgeClasses: new CachedBadgeClassRepository(
      new DynamoDbBadgeClassRepository(documents, config.tableName),
      clock,
    ),
    files: new S3PublicFileStore(s3, config.publicBucket),
    events: new EventBridgeEventPublisher(new EventBridgeClient({}), config.eventBusName),
    keyStore: new SecretsManagerKeyStore(new SecretsManagerClient({}), config.signingKeySecretId),
    issuer: {
      baseUrl: config.publicBaseUrl,
      name: config.issuerName,
      url: config.issuerUrl,
      email: config.issuerEmail,
      formats: config.formats,
    },
    clock,
  };
  const deadLetters = config.deadLetterQueueUrl
    ? new SqsDeadLetters(new SQSClient({ useQueueUrlAsEndpoint: false }), config.deadLetterQueueUrl)
    : undefined;
  return { deps, cache: new IssuingCache(deps), deadLetters };
}

/**
 * The API function's runtime: the table, the bus, the badge class files (`achievements/*` only) and the token
 * verifier. It has no signing key: whatever must be signed is a command on the bus for the award function.
 * Ingestion's dependencies (its HMAC keys) are built on the first `POST /events`, so organiser calls never wait
 * on them.
 */
export function composeApiRuntime(env: NodeJS.ProcessEnv = process.env): ApiRuntime {
  const config = loadConfig(env, { require: ['publicBucket', 'jwtIssuer', 'jwtAudience'] as const });
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const s3 = new S3Client({
    forcePathStyle: Boolean(env.AWS_ENDPOINT_URL_S3),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  let ingest: ReturnType<typeof composeIngestDependencies> | undefined;
  return {
    awards: new DynamoDbAwardRepository(documents, config.tableName),
    badgeClasses: new DynamoDbBadgeClassRepository(documents, config.tableName),
    badgeClassStore: new DynamoDbBadgeClassStore(documents, config.tableName),
    rules: new DynamoDbRuleStore(documents, config.tableName),
    search: new DynamoDbAwardQueries(documents, config.tableName),
    revocations: new DynamoDbRevocationRepository(documents, config.tableName),
    events: new EventBridgeEventPublisher(new EventBridgeClient({}), config.eventBusName),
    files: new S3PublicFileStore(s3, config.publicBucket),
    idempotency: new DynamoDbIdempotencyStore(documents, config.tableName),
    tokens: joseAccessTokenVerifier({ issuer: config.jwtIssuer, audience: config.jwtAudience }),
    clock: { now: () => new Date() },
    publicBaseUrl: config.publicBaseUrl,
    vcJwt: config.formats.vcJwt,
    ingest: (request) => {
      ingest ??= composeIngestDependencies(env);
      return ingestEvents(request, ingest);
    },
  };
}
