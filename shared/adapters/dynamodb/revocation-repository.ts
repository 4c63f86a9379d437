import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RevocationRepository } from '../../awards/ports.js';

/**
 * Revoked status list indexes are a number set (`ADD` is an atomic union: no read-modify-write, so no lost
 * update however many revocations run at once); revoked OB 2.0 assertions are a map of award id to reason, each
 * entry set on its own path. Every change bumps a version, which publishers compare to know they are current.
 */
export class DynamoDbRevocationRepository implements RevocationRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async revokeStatusIndex(listId: string, index: number): Promise<number> {
    const result = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `STATUSLIST#${listId}`, sk: 'REVOKED' },
        UpdateExpression: 'ADD revokedIndexes :index, version :one SET kind = :kind',
        ExpressionAttributeValues: { ':index': new Set([index]), ':one': 1, ':kind': 'status-list' },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(result.Attributes?.version ?? 0);
  }

  async statusList(listId: string): Promise<{ version: number; revokedIndexes: number[] }> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: `STATUSLIST#${listId}`, sk: 'REVOKED' },
        ConsistentRead: true,
      }),
    );
    const indexes = result.Item?.revokedIndexes as Set<number> | undefined;
    return {
      version: Number(result.Item?.version ?? 0),
      revokedIndexes: indexes ? [...indexes].map(Number).sort((a, b) => a - b) : [],
    };
  }

  async revokeAssertion(awardId: string, reason: string): Promise<number> {
    // The map must exist before one of its paths can be set: create it empty if missing, then set the entry.
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: 'REVOCATIONLIST', sk: 'OB2' },
        UpdateExpression: 'SET entries = if_not_exists(entries, :empty), kind = :kind',
        ExpressionAttributeValues: { ':empty': {}, ':kind': 'revocation-list' },
      }),
    );
    const result = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: 'REVOCATIONLIST', sk: 'OB2' },
        UpdateExpression: 'SET entries.#award = :reason ADD version :one',
        ExpressionAttributeNames: { '#award': awardId },
        ExpressionAttributeValues: { ':reason': reason, ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(result.Attributes?.version ?? 0);
  }

  async revocationList(): Promise<{ version: number; revoked: Array<{ awardId: string; reason: string }> }> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: 'REVOCATIONLIST', sk: 'OB2' },
        ConsistentRead: true,
      }),
    );
    const entries = (result.Item?.entries ?? {}) as Record<string, string>;
    return {
      version: Number(result.Item?.version ?? 0),
      revoked: Object.entries(entries)
        .map(([awardId, reason]) => ({ awardId, reason }))
        .sort((a, b) => a.awardId.localeCompare(b.awardId)),
    };
  }
}
