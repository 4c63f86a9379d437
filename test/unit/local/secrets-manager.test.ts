import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecretConfig } from '../../../local/cloud-config.js';
import { type LocalSecretsManager, startSecretsManager } from '../../../local/secrets-manager.js';

const dataDir = mkdtempSync(join(tmpdir(), 'secrets-test-'));
const file = join(dataDir, 'secrets-manager', 'secrets.json');
const arnOf = (name: string) => `arn:aws:secretsmanager:eu-west-1:000000000000:secret:${name}-AbCdEf`;
const templateSecrets: SecretConfig[] = [
  {
    logicalId: 'Keys',
    name: 'signing-keys',
    arn: arnOf('signing-keys'),
    description: 'keys',
    initialValue: undefined,
  },
  {
    logicalId: 'Hmac',
    name: 'hmac',
    arn: arnOf('hmac'),
    description: undefined,
    initialValue: {
      kind: 'generated',
      passwordLength: 64,
      excludeCharacters: '',
      excludePunctuation: true,
      excludeUppercase: false,
      excludeLowercase: false,
      excludeNumbers: false,
      includeSpace: false,
      secretStringTemplate: '{}',
      generateStringKey: 'default',
    },
  },
];
let server: LocalSecretsManager;
let client: SecretsManagerClient;

function clientFor(endpoint: string): SecretsManagerClient {
  return new SecretsManagerClient({
    endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
  });
}

beforeAll(async () => {
  server = await startSecretsManager({ file, arnOf, secrets: templateSecrets });
  client = clientFor(server.endpoint);
});

afterAll(async () => {
  client?.destroy();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the local Secrets Manager', () => {
  it('creates template secrets: without a value, or with the generated one', async () => {
    await expect(
      client.send(new GetSecretValueCommand({ SecretId: arnOf('signing-keys') })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    const hmac = await client.send(new GetSecretValueCommand({ SecretId: 'hmac' }));
    expect(JSON.parse(hmac.SecretString as string).default).toMatch(/^[A-Za-z0-9]{64}$/);
  });

  it('stores a first value with PutSecretValue and serves it as AWSCURRENT (first-use key generation)', async () => {
    const put = await client.send(
      new PutSecretValueCommand({
        SecretId: arnOf('signing-keys'),
        SecretString: '{"kid":"k1"}',
        ClientRequestToken: '11111111-1111-4111-8111-111111111111',
      }),
    );
    expect(put.VersionStages).toEqual(['AWSCURRENT']);
    const value = await client.send(new GetSecretValueCommand({ SecretId: 'signing-keys' }));
    expect(value).toMatchObject({
      SecretString: '{"kid":"k1"}',
      VersionStages: ['AWSCURRENT'],
      ARN: arnOf('signing-keys'),
    });
  });

  it('treats a retried PutSecretValue as done, and the same token with another value as a conflict', async () => {
    const retry = await client.send(
      new PutSecretValueCommand({
        SecretId: 'signing-keys',
        SecretString: '{"kid":"k1"}',
        ClientRequestToken: '11111111-1111-4111-8111-111111111111',
      }),
    );
    expect(retry.VersionId).toBe('11111111-1111-4111-8111-111111111111');
    await expect(
      client.send(
        new PutSecretValueCommand({
          SecretId: 'signing-keys',
          SecretString: '{"kid":"other"}',
          ClientRequestToken: '11111111-1111-4111-8111-111111111111',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceExistsException' });
  });

  it('moves AWSCURRENT to a new version and keeps the old one as AWSPREVIOUS', async () => {
    await client.send(new PutSecretValueCommand({ SecretId: 'signing-keys', SecretString: '{"kid":"k2"}' }));
    const current = await client.send(new GetSecretValueCommand({ SecretId: 'signing-keys' }));
    const previous = await client.send(
      new GetSecretValueCommand({ SecretId: 'signing-keys', VersionStage: 'AWSPREVIOUS' }),
    );
    expect(current.SecretString).toBe('{"kid":"k2"}');
    expect(previous.SecretString).toBe('{"kid":"k1"}');
    const described = await client.send(new DescribeSecretCommand({ SecretId: 'signing-keys' }));
    expect(
      Object.values(described.VersionIdsToStages ?? {})
        .flat()
        .sort(),
    ).toEqual(['AWSCURRENT', 'AWSPREVIOUS']);
    expect(described.Description).toBe('keys');
  });

  it('creates secrets, and refuses a second secret of the same name', async () => {
    const created = await client.send(new CreateSecretCommand({ Name: 'webhook', SecretString: 's3cret' }));
    expect(created.ARN).toBe(arnOf('webhook'));
    await expect(
      client.send(new CreateSecretCommand({ Name: 'webhook', SecretString: 'x' })),
    ).rejects.toMatchObject({
      name: 'ResourceExistsException',
    });
  });

  it('answers ResourceNotFoundException for an unknown secret', async () => {
    await expect(client.send(new DescribeSecretCommand({ SecretId: 'nope' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('keeps the secrets in a file only its owner can read, and finds them after a restart', async () => {
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const restarted = await startSecretsManager({ file, arnOf, secrets: templateSecrets });
    const again = clientFor(restarted.endpoint);
    try {
      const value = await again.send(new GetSecretValueCommand({ SecretId: 'signing-keys' }));
      expect(value.SecretString).toBe('{"kid":"k2"}');
    } finally {
      again.destroy();
      await restarted.stop();
    }
  });
});
