import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  type ScanCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type {
  AwardSearch,
  AwardSearchPage,
  AwardSearchQuery,
  LinkedAwardRecord,
} from '../../awards/admin-ports.js';
import { BadgeError } from '../../errors.js';
import { isConditionalCheckFailed } from './conditional.js';

/**
 * Award search over the layout of DynamoDbAwardRepository: by person on gsi1 (`PARTICIPANT#<key>` /
 * `AWARD#<awardedAt>#<id>`, a date range is a key condition), by badge on gsi2 (`BADGE#<slug>` /
 * `<status>#<awardedAt>#<id>`, status and date range are key conditions), otherwise a scan of award items.
 * Other criteria are filters. Pages are filled up to the limit by asking DynamoDB for exactly the items still
 * missing, so a page boundary never skips an item.
 */
const MAX_ROUNDS = 25;
const AWARD_PK = /^AWARD#[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A scan stops at whatever item it evaluated last (awards or not); wherever it resumes, it returns awards only. */
const TABLE_KEY = /^.{1,1024}$/s;
const TIME_AND_ID = '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{3})?Z#[0-9a-f-]{36}';

type Plan = {
  kind: 'participant' | 'badge' | 'scan';
  /** The position's attributes and the pattern each must match. */
  position: Record<string, RegExp | string>;
  input: Omit<QueryCommandInput & ScanCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'>;
};

export class DynamoDbAwardQueries implements AwardSearch {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async search(query: AwardSearchQuery): Promise<AwardSearchPage> {
    const plan = planFor(query);
    let startKey = query.after === undefined ? undefined : checkedPosition(plan, query.after);
    const awards: LinkedAwardRecord[] = [];
    for (let round = 0; round < MAX_ROUNDS && awards.length < query.limit; round++) {
      const input = {
        ...plan.input,
        TableName: this.tableName,
        Limit: query.limit - awards.length,
        ExclusiveStartKey: startKey,
      };
      const page = await this.client.send(
        plan.kind === 'scan' ? new ScanCommand(input) : new QueryCommand(input),
      );
      for (const item of page.Items ?? []) awards.push(item.award as LinkedAwardRecord);
      startKey = page.LastEvaluatedKey as Record<string, string> | undefined;
      if (!startKey) break;
    }
    return { awards, ...(startKey ? { next: startKey as Record<string, string> } : {}) };
  }

  async link(
    awardId: string,
    link: { replaces: string } | { replacedBy: string },
  ): Promise<LinkedAwardRecord | undefined> {
    const [field, value] = Object.entries(link)[0] as [string, string];
    try {
      const result = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `AWARD#${awardId}`, sk: 'AWARD' },
          UpdateExpression: 'SET #award.#link = :value',
          ConditionExpression:
            'attribute_exists(pk) AND (attribute_not_exists(#award.#link) OR #award.#link = :value)',
          ExpressionAttributeNames: { '#award': 'award', '#link': field },
          ExpressionAttributeValues: { ':value': value },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return result.Attributes?.award as LinkedAwardRecord | undefined;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const current = await this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { pk: `AWARD#${awardId}`, sk: 'AWARD' },
          ConsistentRead: true,
        }),
      );
      return current.Item?.award as LinkedAwardRecord | undefined;
    }
  }
}

function planFor(query: AwardSearchQuery): Plan {
  const filters: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const filterOn = (attribute: string, operator: string, value: unknown) => {
    const name = `#f${filters.length}`;
    const placeholder = `:f${filters.length}`;
    names['#award'] = 'award';
    names[name] = attribute;
    values[placeholder] = value;
    filters.push(`#award.${name} ${operator} ${placeholder}`);
  };
  const withFilters = (input: Plan['input']): Plan['input'] => ({
    ...input,
    ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
    ExpressionAttributeNames: { ...(input.ExpressionAttributeNames ?? {}), ...names },
    ExpressionAttributeValues: { ...(input.ExpressionAttributeValues ?? {}), ...values },
  });
  const emptyNames = (input: Plan['input']): Plan['input'] => {
    if (input.ExpressionAttributeNames && Object.keys(input.ExpressionAttributeNames).length === 0) {
      const { ExpressionAttributeNames: _unused, ...rest } = input;
      return rest;
    }
    return input;
  };

  if (query.participantKey !== undefined) {
    if (query.badge !== undefined) filterOn('badge', '=', query.badge);
    if (query.status !== undefined) filterOn('status', '=', query.status);
    const partition = `PARTICIPANT#${query.participantKey}`;
    return {
      kind: 'participant',
      position: {
        pk: AWARD_PK,
        sk: 'AWARD',
        gsi1pk: partition,
        gsi1sk: new RegExp(`^AWARD#${TIME_AND_ID}$`),
      },
      input: emptyNames(
        withFilters({
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :low AND :high',
          ExpressionAttributeValues: {
            ':pk': partition,
            ':low': `AWARD#${query.from ?? ''}`,
            ':high': `AWARD#${query.to ?? '9999'}~`,
          },
          ScanIndexForward: false,
        }),
      ),
    };
  }
  if (query.badge !== undefined) {
    const partition = `BADGE#${query.badge}`;
    const keyCondition =
      query.status === undefined
        ? { KeyConditionExpression: 'gsi2pk = :pk', ExpressionAttributeValues: { ':pk': partition } }
        : {
            KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :low AND :high',
            ExpressionAttributeValues: {
              ':pk': partition,
              ':low': `${query.status}#${query.from ?? ''}`,
              ':high': `${query.status}#${query.to ?? '9999'}~`,
            },
          };
    if (query.status === undefined && query.from !== undefined) filterOn('awardedAt', '>=', query.from);
    if (query.status === undefined && query.to !== undefined) filterOn('awardedAt', '<=', `${query.to}~`);
    return {
      kind: 'badge',
      position: {
        pk: AWARD_PK,
        sk: 'AWARD',
        gsi2pk: partition,
        gsi2sk: new RegExp(`^(pending|issuing|published|revoked)#${TIME_AND_ID}$`),
      },
      input: emptyNames(withFilters({ IndexName: 'gsi2', ...keyCondition, ScanIndexForward: false })),
    };
  }
  filters.push('#kind = :kind');
  names['#kind'] = 'kind';
  values[':kind'] = 'award';
  if (query.status !== undefined) filterOn('status', '=', query.status);
  if (query.from !== undefined) filterOn('awardedAt', '>=', query.from);
  if (query.to !== undefined) filterOn('awardedAt', '<=', `${query.to}~`);
  return { kind: 'scan', position: { pk: TABLE_KEY, sk: TABLE_KEY }, input: withFilters({}) };
}

/** The position a page stopped at, accepted only with exactly the attributes and values this query produces. */
function checkedPosition(plan: Plan, position: Record<string, string>): Record<string, string> {
  const expected = Object.keys(plan.position).sort();
  const given = Object.keys(position).sort();
  const valid =
    expected.length === given.length &&
    expected.every((name, index) => name === given[index]) &&
    Object.entries(plan.position).every(([name, rule]) => {
      const value = position[name];
      return typeof value === 'string' && (typeof rule === 'string' ? value === rule : rule.test(value));
    });
  // The index key ends with the award id of the table key: a position stitched from two awards is refused.
  const awardId = position.pk?.slice('AWARD#'.length) ?? '';
  const indexSortKey = position.gsi1sk ?? position.gsi2sk;
  if (!valid || (indexSortKey !== undefined && !indexSortKey.endsWith(`#${awardId}`))) {
    throw new BadgeError('CURSOR_INVALID', 'the cursor is not one this query returned', {
      status: 400,
      details: { field: 'cursor' },
    });
  }
  return position;
}
