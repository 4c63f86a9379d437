import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { RuleStore } from '../../awards/admin-ports.js';
import type { Rule } from '../../awards/rules.js';
import { isConditionalCheckFailed } from './conditional.js';
import { DynamoDbRuleRepository } from './rule-repository.js';

/**
 * Rules written by the API, in DynamoDbRuleRepository's layout: the current version under `RULE` / `<ruleId>`,
 * every version under `RULE#<ruleId>` / `V#<000001>`. Replacing the current rule is conditional on the version
 * and lock that were read, so a rule the award function locks meanwhile is never changed in place.
 */
export class DynamoDbRuleStore extends DynamoDbRuleRepository implements RuleStore {
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
}
