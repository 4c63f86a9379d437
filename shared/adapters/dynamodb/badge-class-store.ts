import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { BadgeClassStore, StoredBadgeClass } from '../../awards/admin-ports.js';
import { DynamoDbBadgeClassRepository } from './badge-class-repository.js';
import { isConditionalCheckFailed } from './conditional.js';

/**
 * Badge classes written by the API, in DynamoDbBadgeClassRepository's layout (`BADGECLASS` / `<slug>`): a create
 * never replaces one, and an update replaces only the version it read (its `updatedAt`), which is also what tells
 * the award function's cache to read the badge class again.
 */
export class DynamoDbBadgeClassStore extends DynamoDbBadgeClassRepository implements BadgeClassStore {
  create(badgeClass: StoredBadgeClass): Promise<boolean> {
    return this.put(badgeClass, { ConditionExpression: 'attribute_not_exists(pk)' });
  }

  update(badgeClass: StoredBadgeClass, expectedUpdatedAt: string): Promise<boolean> {
    return this.put(badgeClass, {
      ConditionExpression: '#badgeClass.#updatedAt = :expected',
      ExpressionAttributeNames: { '#badgeClass': 'badgeClass', '#updatedAt': 'updatedAt' },
      ExpressionAttributeValues: { ':expected': expectedUpdatedAt },
    });
  }

  private async put(badgeClass: StoredBadgeClass, condition: Record<string, unknown>): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: 'BADGECLASS', sk: badgeClass.slug, kind: 'badge-class', badgeClass },
          ...condition,
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }
}
