import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { BadgeClassRepository } from '../../awards/ports.js';
import type { BadgeClassDefinition } from '../../issuance/issuer-settings.js';
import { isConditionalCheckFailed } from './conditional.js';

type StoredBadgeClass = Omit<BadgeClassDefinition, 'image'> & { updatedAt: string };

/** Badge classes under `BADGECLASS` / `<slug>`; their images live in the public bucket beside them. */
export class DynamoDbBadgeClassRepository implements BadgeClassRepository {
  constructor(
    protected readonly client: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  async get(slug: string): Promise<StoredBadgeClass | undefined> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: 'BADGECLASS', sk: slug },
        ConsistentRead: true,
      }),
    );
    return result.Item?.badgeClass as StoredBadgeClass | undefined;
  }

  async list(): Promise<StoredBadgeClass[]> {
    const badgeClasses: StoredBadgeClass[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': 'BADGECLASS' },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) badgeClasses.push(item.badgeClass as StoredBadgeClass);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return badgeClasses;
  }

  async seed(definitions: Array<Omit<BadgeClassDefinition, 'image'>>, now: string): Promise<void> {
    for (const definition of definitions) {
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              pk: 'BADGECLASS',
              sk: definition.slug,
              kind: 'badge-class',
              badgeClass: { ...definition, updatedAt: now },
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
      }
    }
  }
}
