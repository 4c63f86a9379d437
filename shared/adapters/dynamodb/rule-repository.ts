import { type DynamoDBDocumentClient, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RuleRepository } from '../../awards/ports.js';
import type { Rule } from '../../awards/rules.js';
import { isConditionalCheckFailed } from './conditional.js';

/** Rules: the current version of each under `RULE` / `<ruleId>`; every version under `RULE#<ruleId>` / `V#<n>`. */
export class DynamoDbRuleRepository implements RuleRepository {
  constructor(
    protected readonly client: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  active(): Promise<Rule[]> {
    return this.query('RULE');
  }

  async seed(rules: Rule[]): Promise<void> {
    for (const rule of rules) await this.create(rule);
  }

  /** Adds a rule that does not exist yet (false if one with its id does), and records its version. */
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

  async lock(ruleId: string, version: number): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: 'RULE', sk: ruleId },
          UpdateExpression: 'SET #rule.#locked = :true',
          ConditionExpression: '#rule.#version = :version',
          ExpressionAttributeNames: { '#rule': 'rule', '#locked': 'locked', '#version': 'version' },
          ExpressionAttributeValues: { ':true': true, ':version': version },
        }),
      );
    } catch (error) {
      // A newer version took its place: the version that awarded stays as it was recorded.
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  protected async query(partition: string): Promise<Rule[]> {
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
