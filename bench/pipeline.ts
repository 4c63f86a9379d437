import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { startLocalCloud } from '../local/local-cloud.js';
import { percentile } from './harness.js';

export interface PipelineBenchResult {
  events: number;
  awards: number;
  seconds: number;
  awardsPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
}

/**
 * A burst of participation events through the local cloud (PutEvents → rule → queue → award function →
 * DynamoDB + S3), each earning one Witness badge: awards per second from the first send to the last award
 * published, and each event's latency from its PutEvents to its award's `publishedAt`.
 */
export async function runPipelineBench(
  events = 10_000,
  options: { sendConcurrency?: number } = {},
): Promise<PipelineBenchResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'badges-bench-'));
  const cloud = await startLocalCloud({ inMemory: true, dataDir, warm: true, onFunctionLog: () => {} });
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const eventBridge = new EventBridgeClient({
    endpoint: cloud.endpoints.eventbridge,
    region: cloud.endpoints.region,
    credentials,
  });
  const documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: cloud.endpoints.dynamodb, region: cloud.endpoints.region, credentials }),
  );
  const runId = Date.now().toString(36);
  const sentAt = new Map<string, number>();
  try {
    const started = Date.now();
    let next = 0;
    const sender = async () => {
      while (next < events) {
        const batch = Array.from({ length: Math.min(10, events - next) }, () => next++);
        const now = Date.now();
        const result = await eventBridge.send(
          new PutEventsCommand({
            Entries: batch.map((i) => {
              sentAt.set(`bench-${runId}-${i}@example.org`, now);
              return {
                EventBusName: cloud.endpoints.eventBusName,
                Source: 'registration.bench',
                DetailType: 'Participation Recorded',
                Detail: JSON.stringify({
                  specVersion: '1.0',
                  eventId: `${runId}-${i}`,
                  occurredAt: new Date(now).toISOString(),
                  activity: { id: 'bench-course', name: 'Benchmark course' },
                  participant: { email: `bench-${runId}-${i}@example.org` },
                  role: 'attended',
                }),
              };
            }),
          }),
        );
        if (result.FailedEntryCount) throw new Error(`${result.FailedEntryCount} events were refused`);
      }
    };
    await Promise.all(Array.from({ length: options.sendConcurrency ?? 8 }, sender));

    // Wait for every award, reading the badge's published awards from the table's badge/status index.
    // Counting is cheap for the process that runs the cloud too; the awards are read once, at the end.
    while ((await publishedWitnessCount(documents, cloud.endpoints.tableName)) < events) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const published = await publishedWitnessAwards(documents, cloud.endpoints.tableName);
    const latencies = published
      .filter((award) => sentAt.has(award.email))
      .map((award) => Date.parse(award.publishedAt) - (sentAt.get(award.email) as number))
      .sort((a, b) => a - b);
    const finished = Math.max(...published.map((award) => Date.parse(award.publishedAt)));
    const seconds = (finished - started) / 1000;
    return {
      events,
      awards: published.length,
      seconds,
      awardsPerSecond: published.length / seconds,
      latencyMs: {
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        max: latencies[latencies.length - 1] ?? Number.NaN,
      },
    };
  } finally {
    eventBridge.destroy();
    documents.destroy();
    await cloud.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function publishedWitnessCount(documents: DynamoDBDocumentClient, tableName: string): Promise<number> {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :badge AND begins_with(gsi2sk, :status)',
        ExpressionAttributeValues: { ':badge': 'BADGE#witness', ':status': 'published#' },
        Select: 'COUNT',
        ExclusiveStartKey: startKey,
      }),
    );
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return count;
}

async function publishedWitnessAwards(
  documents: DynamoDBDocumentClient,
  tableName: string,
): Promise<Array<{ email: string; publishedAt: string }>> {
  const awards: Array<{ email: string; publishedAt: string }> = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :badge AND begins_with(gsi2sk, :status)',
        ExpressionAttributeValues: { ':badge': 'BADGE#witness', ':status': 'published#' },
        ProjectionExpression: 'award.email, award.publishedAt',
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? [])
      awards.push({ email: item.award.email, publishedAt: item.award.publishedAt });
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return awards;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await runPipelineBench(Number(process.argv[2] ?? 10_000)), null, 2));
}
