import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AwardRecord } from '../../awards/award-record.js';
import type { AwardRepository } from '../../awards/ports.js';
import { isConditionalCheckFailed } from './conditional.js';

/**
 * Awards under `AWARD#<awardId>`, indexed by participant (gsi1: `PARTICIPANT#<key>`, by time) and by badge and
 * status (gsi2: `BADGE#<slug>`, `<status>#<time>`). Status list indexes are claimed under `STATUSLIST#<listId>`.
 */
export class DynamoDbAwardRepository implements AwardRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private key(awardId: string) {
    return { pk: `AWARD#${awardId}`, sk: 'AWARD' };
  }

  private item(record: AwardRecord) {
    return {
      ...this.key(record.awardId),
      kind: 'award',
      gsi1pk: `PARTICIPANT#${record.participantKey}`,
      gsi1sk: `AWARD#${record.awardedAt}#${record.awardId}`,
      gsi2pk: `BADGE#${record.badge}`,
      gsi2sk: `${record.status}#${record.awardedAt}#${record.awardId}`,
      award: record,
    };
  }

  async get(awardId: string): Promise<AwardRecord | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: this.key(awardId), ConsistentRead: true }),
    );
    return result.Item?.award as AwardRecord | undefined;
  }

  async create(record: AwardRecord): Promise<{ created: boolean; record: AwardRecord }> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.item(record),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { created: true, record };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const existing = await this.get(record.awardId);
      if (!existing) throw error;
      return { created: false, record: existing };
    }
  }

  async markPublished(
    record: AwardRecord,
    publishedAt: string,
    urls: NonNullable<AwardRecord['urls']>,
  ): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(record.awardId),
          UpdateExpression:
            'SET #award.#status = :published, #award.publishedAt = :at, #award.notifiedAt = :at, #award.urls = :urls, gsi2sk = :sk',
          ConditionExpression: '#award.#status = :issuing',
          ExpressionAttributeNames: { '#award': 'award', '#status': 'status' },
          ExpressionAttributeValues: {
            ':published': 'published',
            ':issuing': 'issuing',
            ':at': publishedAt,
            ':urls': urls,
            ':sk': `published#${record.awardedAt}#${record.awardId}`,
          },
        }),
      );
    } catch (error) {
      // Published (or revoked) meanwhile by another delivery: nothing left to do.
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async markRevoked(awardId: string, revokedAt: string, reason: string): Promise<AwardRecord | undefined> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.get(awardId);
      if (!current || current.status === 'revoked') return current;
      const next: AwardRecord = { ...current, status: 'revoked', revokedAt, revocationReason: reason };
      if (await this.replace(next, current.status)) return next;
    }
    return this.get(awardId);
  }

  /** Replaces the record if its status is still `expectedStatus`; a concurrent change wins and this is a no-op. */
  private async replace(next: AwardRecord, expectedStatus: AwardRecord['status']): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.item(next),
          ConditionExpression: '#award.#status = :expected',
          ExpressionAttributeNames: { '#award': 'award', '#status': 'status' },
          ExpressionAttributeValues: { ':expected': expectedStatus },
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      return false;
    }
  }

  async claimStatusIndex(listId: string, index: number, awardId: string): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: `STATUSLIST#${listId}`, sk: `INDEX#${index}`, kind: 'status-index', awardId },
          ConditionExpression: 'attribute_not_exists(pk) OR awardId = :awardId',
          ExpressionAttributeValues: { ':awardId': awardId },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async listByParticipant(participantKey: string): Promise<AwardRecord[]> {
    const records: AwardRecord[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
          ExpressionAttributeValues: { ':pk': `PARTICIPANT#${participantKey}`, ':prefix': 'AWARD#' },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) records.push(item.award as AwardRecord);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return records;
  }
}
