import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbAwardRepository } from '../shared/adapters/dynamodb/award-repository.js';
import { participantKeyOf } from '../shared/awards/award-record.js';
import { BadgeError } from '../shared/errors.js';

/**
 * `badges awards --email <address>`: a participant's awards, read from the table of the running local cloud
 * (`.data/endpoints.json`) or of a deployed stack (`--table <name> [--region <region>]`, AWS credentials from the
 * usual chain). Operators see what happened without the API.
 */
export async function listAwards(values: Record<string, string | boolean | undefined>): Promise<unknown[]> {
  const email = values.email;
  if (typeof email !== 'string' || email === '') throw new BadgeError('USAGE', '--email is required');
  let tableName = typeof values.table === 'string' ? values.table : undefined;
  let client: DynamoDBClient;
  if (tableName) {
    client = new DynamoDBClient(typeof values.region === 'string' ? { region: values.region } : {});
  } else {
    const file = resolve(typeof values.endpoints === 'string' ? values.endpoints : '.data/endpoints.json');
    let endpoints: { dynamodb: string; region: string; tableName: string };
    try {
      endpoints = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      throw new BadgeError(
        'LOCAL_CLOUD_NOT_STARTED',
        `no local cloud endpoints at ${file}: start it with npm start, or give --table`,
      );
    }
    tableName = endpoints.tableName;
    client = new DynamoDBClient({
      endpoint: endpoints.dynamodb,
      region: endpoints.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  }
  const awards = new DynamoDbAwardRepository(DynamoDBDocumentClient.from(client), tableName);
  const records = await awards.listByParticipant(participantKeyOf(email));
  client.destroy();
  return records.map((record) => ({
    awardId: record.awardId,
    badge: record.badge,
    status: record.status,
    awardedAt: record.awardedAt,
    ...(record.revokedAt ? { revokedAt: record.revokedAt, revocationReason: record.revocationReason } : {}),
    urls: record.urls ?? {},
  }));
}
