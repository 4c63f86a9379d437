import type { Server } from 'node:http';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { createEventPlane, type EventEnvelope, type EventPlane } from '../../../local/events/index.js';
import { closeServer, listen } from '../../../local/http-server.js';
import { DynamoDbNonceStore } from '../../../shared/ingest/adapters/dynamodb-nonce-store.js';
import { EventBridgeIngestBus } from '../../../shared/ingest/adapters/eventbridge-ingest-bus.js';
import type { IngestDependencies } from '../../../shared/ingest/index.js';

/**
 * Real DynamoDB (dynalite, in memory) and a real EventBridge endpoint (the local event plane) whose bus routes
 * `Participation Recorded` events into a queue the tests read.
 */
export const region = 'eu-west-1';
export const tableName = 'badges-ingest-test';
export const busName = 'badges';
const queueName = 'ingested';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export interface IngestHarness {
  documents: DynamoDBDocumentClient;
  plane: EventPlane;
  /** The real adapters for `busName` (or another bus name, e.g. one that does not exist). */
  nonces: DynamoDbNonceStore;
  busFor(name: string): EventBridgeIngestBus;
  /** Takes every event delivered so far off the queue. */
  drainEvents(): Promise<EventEnvelope[]>;
  stop(): Promise<void>;
}

export async function startIngestHarness(): Promise<IngestHarness> {
  const server: Server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const dynamoEndpoint = await listen(server);
  const dynamodb = new DynamoDBClient({ endpoint: dynamoEndpoint, region, credentials, maxAttempts: 1 });
  await dynamodb.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
    }),
  );
  const plane = await createEventPlane({
    inMemory: true,
    region,
    buses: [
      {
        name: busName,
        rules: [
          {
            name: 'participation',
            eventPattern: { 'detail-type': ['Participation Recorded'] },
            targets: [{ queueName }],
          },
        ],
      },
    ],
    queues: [{ name: queueName }],
  });
  const eventbridge = new EventBridgeClient({
    endpoint: plane.endpoint,
    region,
    credentials,
    maxAttempts: 1,
  });
  const documents = DynamoDBDocumentClient.from(dynamodb);
  return {
    documents,
    plane,
    nonces: new DynamoDbNonceStore(documents, tableName),
    busFor: (name) => new EventBridgeIngestBus(eventbridge, name),
    drainEvents: async () => {
      const events: EventEnvelope[] = [];
      for (;;) {
        const messages = await plane
          .queue(queueName)
          .receive({ maxMessages: 10, visibilityTimeoutSeconds: 300 });
        if (messages.length === 0) return events;
        for (const message of messages) {
          events.push(JSON.parse(message.body) as EventEnvelope);
          await plane.queue(queueName).delete(message.receiptHandle);
        }
      }
    },
    stop: async () => {
      eventbridge.destroy();
      dynamodb.destroy();
      await plane.stop();
      await closeServer(server);
    },
  };
}

export function fixedClock(at: Date): IngestDependencies['clock'] {
  return { now: () => at };
}

export function participation(
  eventId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    specVersion: '1.0',
    eventId,
    occurredAt: '2026-03-12T09:30:00+01:00',
    activity: { id: 'course-lyon-2026', name: 'Digital tools in vocational training' },
    participant: { email: 'ada@example.org', name: 'Ada' },
    role: 'attended',
    ...overrides,
  };
}
