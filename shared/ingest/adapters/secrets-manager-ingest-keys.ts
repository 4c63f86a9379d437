import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { BadgeError } from '../../errors.js';

/**
 * The senders' HMAC keys: a Secrets Manager secret holding `{"<keyId>": "<secret>", ...}`. Several keys may be
 * valid at once, which is how a sender's key is rotated (add the new id, move the sender, remove the old one).
 */
export class SecretsManagerIngestKeys {
  constructor(
    private readonly client: SecretsManagerClient,
    private readonly secretId: string,
  ) {}

  async load(): Promise<ReadonlyMap<string, string>> {
    const result = await this.client.send(new GetSecretValueCommand({ SecretId: this.secretId }));
    return parseIngestKeys(result.SecretString ?? '');
  }
}

/** Entries whose value is not a non-empty string are ignored; anything but a JSON object is a deployment fault. */
export function parseIngestKeys(secretString: string): ReadonlyMap<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    // The message never quotes the value: it is a secret.
    throw new BadgeError(
      'INGEST_KEYS_INVALID',
      'the ingest key secret is not a JSON object of key ids to secrets',
      {
        status: 500,
      },
    );
  }
  const keys = new Map<string, string>();
  for (const [keyId, secret] of Object.entries(parsed)) {
    if (keyId !== '' && typeof secret === 'string' && secret !== '') keys.set(keyId, secret);
  }
  return keys;
}
