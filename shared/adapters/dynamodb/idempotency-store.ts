import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { IdempotencyStore, StoredResponse } from '../../api/idempotency.js';
import { isConditionalCheckFailed } from './conditional.js';

/**
 * Responses kept for their Idempotency-Key under `IDEMPOTENCY#<key hash>` / `RESPONSE`, with the table's TTL
 * attribute `expiresAt` (epoch seconds) so DynamoDB removes them after the retention time. The first writer wins.
 */
export class DynamoDbIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(keyHash: string, now: Date): Promise<StoredResponse | undefined> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: `IDEMPOTENCY#${keyHash}`, sk: 'RESPONSE' },
        ConsistentRead: true,
      }),
    );
    const item = result.Item;
    // TTL deletion lags (up to days on AWS, never locally): an expired entry counts as absent.
    if (!item || Number(item.expiresAt) * 1000 <= now.getTime()) return undefined;
    return item.stored as StoredResponse;
  }

  async putFirst(keyHash: string, stored: StoredResponse, now: Date, expiresAt: Date): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: `IDEMPOTENCY#${keyHash}`,
            sk: 'RESPONSE',
            kind: 'idempotency',
            stored,
            expiresAt: Math.floor(expiresAt.getTime() / 1000),
          },
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now',
          ExpressionAttributeValues: { ':now': Math.floor(now.getTime() / 1000) },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }
}
