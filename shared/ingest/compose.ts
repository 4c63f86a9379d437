import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { loadConfig } from '../config/index.js';
import { DynamoDbNonceStore } from './adapters/dynamodb-nonce-store.js';
import { EventBridgeIngestBus } from './adapters/eventbridge-ingest-bus.js';
import { SecretsManagerIngestKeys } from './adapters/secrets-manager-ingest-keys.js';
import { cachedIngestKeys } from './cached-keys.js';
import type { Clock, IngestDependencies } from './ports.js';

const systemClock: Clock = { now: () => new Date() };

/**
 * The real adapters for `ingestEvents`, built once per container. The AWS clients find local endpoints through
 * the SDK's standard AWS_ENDPOINT_URL_* variables, so nothing here knows whether it runs on AWS or locally.
 */
export function composeIngestDependencies(env: NodeJS.ProcessEnv = process.env): IngestDependencies {
  const config = loadConfig(env, { require: ['ingestHmacSecretId'] as const });
  const secrets = new SecretsManagerIngestKeys(new SecretsManagerClient({}), config.ingestHmacSecretId);
  return {
    keys: cachedIngestKeys(() => secrets.load(), { clock: systemClock }),
    nonces: new DynamoDbNonceStore(DynamoDBDocumentClient.from(new DynamoDBClient({})), config.tableName),
    bus: new EventBridgeIngestBus(new EventBridgeClient({}), config.eventBusName),
    clock: systemClock,
  };
}
