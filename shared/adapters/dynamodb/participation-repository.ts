import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ParticipationRepository, StoredParticipation } from '../../awards/ports.js';
import type { RecordedParticipation } from '../../awards/rules.js';
import { isConditionalCheckFailed } from './conditional.js';

/**
 * Participation events: `EVENT#<eventKey>` holds the first copy received (a conditional put), and
 * `PARTICIPANT#<key>` / `EVENT#<occurredAt>#<eventKey>` indexes it for rule evaluation. The index item is always
 * written from the stored copy, so a crash between the two writes is repaired by the next delivery.
 */
export class DynamoDbParticipationRepository implements ParticipationRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(
    participation: StoredParticipation,
  ): Promise<{ stored: StoredParticipation; duplicate: boolean }> {
    let stored = participation;
    let duplicate = false;
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: `EVENT#${participation.eventKey}`, sk: 'EVENT', kind: 'participation', participation },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      duplicate = true;
      const existing = await this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { pk: `EVENT#${participation.eventKey}`, sk: 'EVENT' },
          ConsistentRead: true,
        }),
      );
      stored = (existing.Item?.participation as StoredParticipation | undefined) ?? participation;
    }
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: `PARTICIPANT#${stored.participantKey}`,
          sk: `EVENT#${stored.event.occurredAt}#${stored.eventKey}`,
          kind: 'participation-index',
          eventKey: stored.eventKey,
          role: stored.event.role,
          activityId: stored.event.activity.id,
          occurredAt: stored.event.occurredAt,
        },
      }),
    );
    return { stored, duplicate };
  }

  async forParticipant(participantKey: string): Promise<RecordedParticipation[]> {
    const items: RecordedParticipation[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': `PARTICIPANT#${participantKey}`, ':prefix': 'EVENT#' },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        items.push({
          eventKey: item.eventKey,
          role: item.role,
          activityId: item.activityId,
          occurredAt: item.occurredAt,
        });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }
}
