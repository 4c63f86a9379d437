import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { startSecretsManager } from '../../../local/secrets-manager.js';
import { isBadgeError } from '../../../shared/errors.js';
import { cachedIngestKeys, parseIngestKeys, SecretsManagerIngestKeys } from '../../../shared/ingest/index.js';

function movableClock(start: number) {
  let now = start;
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

describe('the cached ingest keys', () => {
  it('reads the secret once within the cache lifetime and again after it', async () => {
    const clock = movableClock(Date.UTC(2026, 2, 12));
    let reads = 0;
    const keys = cachedIngestKeys(async () => new Map([['partner-a', `secret-${++reads}`]]), {
      clock,
      ttlMs: 60_000,
    });
    expect((await keys()).get('partner-a')).toBe('secret-1');
    clock.advance(59_999);
    expect((await keys()).get('partner-a')).toBe('secret-1');
    clock.advance(1);
    expect((await keys()).get('partner-a')).toBe('secret-2');
    expect(reads).toBe(2);
  });

  it('shares one read between concurrent requests', async () => {
    let reads = 0;
    const keys = cachedIngestKeys(
      async () => {
        reads += 1;
        return new Map();
      },
      { clock: movableClock(0) },
    );
    await Promise.all([keys(), keys(), keys()]);
    expect(reads).toBe(1);
  });

  it('does not remember a failed read', async () => {
    let reads = 0;
    const keys = cachedIngestKeys(
      async () => {
        reads += 1;
        if (reads === 1) throw new Error('throttled');
        return new Map([['partner-a', 's']]);
      },
      { clock: movableClock(0) },
    );
    await expect(keys()).rejects.toThrow('throttled');
    expect((await keys()).get('partner-a')).toBe('s');
  });
});

describe('the ingest key secret', () => {
  it('maps key ids to secrets and ignores entries that are not non-empty strings', () => {
    const keys = parseIngestKeys(
      JSON.stringify({ 'partner-a': 'a-secret', 'partner-b': '', 'partner-c': 7 }),
    );
    expect([...keys]).toEqual([['partner-a', 'a-secret']]);
  });

  it('is INGEST_KEYS_INVALID when not a JSON object, without quoting the value', () => {
    for (const value of ['just-a-password', '["a"]', 'null', '']) {
      let caught: unknown;
      try {
        parseIngestKeys(value);
      } catch (error) {
        caught = error;
      }
      expect(isBadgeError(caught) && caught.code).toBe('INGEST_KEYS_INVALID');
      if (value !== '') expect((caught as Error).message).not.toContain(value);
    }
  });

  it('is read from Secrets Manager, as the stack generates it', async () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:000000000000:secret:IngestHmacKeys-abc123';
    const secretsManager = await startSecretsManager({
      file: undefined,
      arnOf: () => arn,
      secrets: [
        {
          logicalId: 'IngestHmacKeys',
          name: 'IngestHmacKeys',
          arn,
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
      ],
    });
    const client = new SecretsManagerClient({
      endpoint: secretsManager.endpoint,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    try {
      const keys = await new SecretsManagerIngestKeys(client, arn).load();
      expect([...keys.keys()]).toEqual(['default']);
      expect(keys.get('default')).toMatch(/^[A-Za-z0-9]{64}$/);
    } finally {
      client.destroy();
      await secretsManager.stop();
    }
  });
});
