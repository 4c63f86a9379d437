import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { RuleStore } from '../../awards/admin-ports.js';
import type { Rule } from '../../awards/rules.js';
import { isConditionalCheckFailed } from './conditional.js';

/**
 * Rules written by the API, in DynamoDbRuleRepository's layout: the current version under `RULE` / `<ruleId>`,
 * every version under `RULE#<ruleId>` / `V#<000001>`. Replacing the current rule is conditional on the version
 * and lock that were read, so a rule the award function locks meanwhile is never changed in place.
 */
export class DynamoDbRuleStore implements RuleStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(ruleId: string): Promise<Rule | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: 'RULE', sk: ruleId }, ConsistentRead: true }),
    );
    return result.Item?.rule as Rule | undefined;
  }

  list(): Promise<Rule[]> {
    return this.query('RULE');
  }

  versions(ruleId: string): Promise<Rule[]> {
    return this.query(`RULE#${ruleId}`);
  }

  async create(rule: Rule): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: 'RULE', sk: rule.ruleId, kind: 'rule', rule },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
    await this.putVersion(rule);
    return true;
  }

  async replace(rule: Rule, expected: { version: number; locked: boolean }): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: 'RULE', sk: rule.ruleId, kind: 'rule', rule },
          ConditionExpression: '#rule.#version = :version AND #rule.#locked = :locked',
          ExpressionAttributeNames: { '#rule': 'rule', '#version': 'version', '#locked': 'locked' },
          ExpressionAttributeValues: { ':version': expected.version, ':locked': expected.locked },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async putVersion(rule: Rule): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: `RULE#${rule.ruleId}`,
          sk: `V#${String(rule.version).padStart(6, '0')}`,
          kind: 'rule-version',
          rule,
        },
      }),
    );
  }

  private async query(partition: string): Promise<Rule[]> {
    const rules: Rule[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': partition },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) rules.push(item.rule as Rule);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return rules;
  }
}
