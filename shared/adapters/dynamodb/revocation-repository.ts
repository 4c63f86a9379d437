import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { PublishedList, RevocationRepository } from '../../awards/ports.js';
import { isConditionalCheckFailed } from './conditional.js';

/**
 * Revoked status list indexes are a number set (`ADD` is an atomic union: no read-modify-write, so no lost
 * update however many revocations run at once); revoked OB 2.0 assertions are a map of award id to reason, each
 * entry set on its own path. Every change bumps `version`; `publishedVersion` says what the public copy carries,
 * and a lease (`leaseOwner`, `leaseUntil`) lets one writer at a time publish.
 */
export class DynamoDbRevocationRepository implements RevocationRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private keyOf(list: PublishedList) {
    return list === 'ob2-revocations'
      ? { pk: 'REVOCATIONLIST', sk: 'OB2' }
      : { pk: `STATUSLIST#${list.slice('status:'.length)}`, sk: 'REVOKED' };
  }

  async revokeStatusIndex(listId: string, index: number): Promise<number> {
    const result = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: this.keyOf(`status:${listId}`),
        UpdateExpression: 'ADD revokedIndexes :index, version :one SET kind = :kind',
        ExpressionAttributeValues: { ':index': new Set([index]), ':one': 1, ':kind': 'status-list' },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(result.Attributes?.version ?? 0);
  }

  async statusList(
    listId: string,
  ): Promise<{ version: number; publishedVersion: number; revokedIndexes: number[] }> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: this.keyOf(`status:${listId}`),
        ConsistentRead: true,
      }),
    );
    const indexes = result.Item?.revokedIndexes as Set<number> | undefined;
    return {
      version: Number(result.Item?.version ?? 0),
      publishedVersion: Number(result.Item?.publishedVersion ?? 0),
      revokedIndexes: indexes ? [...indexes].map(Number).sort((a, b) => a - b) : [],
    };
  }

  async revokeAssertion(awardId: string, reason: string): Promise<number> {
    // The map must exist before one of its paths can be set: create it empty if missing, then set the entry.
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: this.keyOf('ob2-revocations'),
        UpdateExpression: 'SET entries = if_not_exists(entries, :empty), kind = :kind',
        ExpressionAttributeValues: { ':empty': {}, ':kind': 'revocation-list' },
      }),
    );
    const result = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: this.keyOf('ob2-revocations'),
        UpdateExpression: 'SET entries.#award = :reason ADD version :one',
        ExpressionAttributeNames: { '#award': awardId },
        ExpressionAttributeValues: { ':reason': reason, ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(result.Attributes?.version ?? 0);
  }

  async revocationList(): Promise<{
    version: number;
    publishedVersion: number;
    revoked: Array<{ awardId: string; reason: string }>;
  }> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: this.keyOf('ob2-revocations'), ConsistentRead: true }),
    );
    const entries = (result.Item?.entries ?? {}) as Record<string, string>;
    return {
      version: Number(result.Item?.version ?? 0),
      publishedVersion: Number(result.Item?.publishedVersion ?? 0),
      revoked: Object.entries(entries)
        .map(([awardId, reason]) => ({ awardId, reason }))
        .sort((a, b) => a.awardId.localeCompare(b.awardId)),
    };
  }

  async acquirePublishLease(
    list: PublishedList,
    owner: string,
    until: number,
    now: number,
  ): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.keyOf(list),
          UpdateExpression: 'SET leaseOwner = :owner, leaseUntil = :until',
          ConditionExpression: 'attribute_not_exists(leaseUntil) OR leaseUntil < :now',
          ExpressionAttributeValues: { ':owner': owner, ':until': until, ':now': now },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async markListPublished(list: PublishedList, version: number, owner: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.keyOf(list),
          UpdateExpression: 'SET publishedVersion = :version',
          ConditionExpression:
            'leaseOwner = :owner AND (attribute_not_exists(publishedVersion) OR publishedVersion < :version)',
          ExpressionAttributeValues: { ':version': version, ':owner': owner },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async releasePublishLease(list: PublishedList, owner: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.keyOf(list),
          UpdateExpression: 'REMOVE leaseOwner, leaseUntil',
          ConditionExpression: 'leaseOwner = :owner',
          ExpressionAttributeValues: { ':owner': owner },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }
}
