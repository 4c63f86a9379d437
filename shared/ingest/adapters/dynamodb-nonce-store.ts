import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed } from '../../adapters/dynamodb/conditional.js';
import type { IngestNonce, NonceStore } from '../ports.js';

/** `pk = INGEST#<fingerprint>`, `sk = NONCE`, removed by the table's TTL (`expiresAt`) after it stops mattering. */
export class DynamoDbNonceStore implements NonceStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async recordOnce(nonce: IngestNonce): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: `INGEST#${nonce.key}`, sk: 'NONCE', kind: 'ingest-nonce', expiresAt: nonce.expiresAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }
}
