import { type DynamoDBDocumentClient, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { RuleRepository } from '../../awards/ports.js';
import type { Rule } from '../../awards/rules.js';
import { isConditionalCheckFailed } from './conditional.js';

/** Rules: the current version of each under `RULE` / `<ruleId>`; every version under `RULE#<ruleId>` / `V#<n>`. */
export class DynamoDbRuleRepository implements RuleRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async active(): Promise<Rule[]> {
    const page = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'RULE' },
        ConsistentRead: true,
      }),
    );
    return (page.Items ?? []).map((item) => item.rule as Rule);
  }

  async seed(rules: Rule[]): Promise<void> {
    for (const rule of rules) {
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { pk: 'RULE', sk: rule.ruleId, kind: 'rule', rule },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
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
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
      }
    }
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
}
