import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { type KeyRing, type KeyStore, parseKeyRing } from '../crypto/keys.js';

/**
 * The key ring in a Secrets Manager secret. The secret is created empty of keys (by the stack); the first process
 * that needs keys generates them and stores them as a version with a fixed client request token, which Secrets
 * Manager accepts once: a second process racing to do the same is refused and reads the winner's keys instead.
 */
const FIRST_VERSION_TOKEN = 'badges-key-ring-version-00000001';

export class SecretsManagerKeyStore implements KeyStore {
  constructor(
    private readonly client: SecretsManagerClient,
    private readonly secretId: string,
  ) {}

  async load(): Promise<KeyRing | undefined> {
    let result: { SecretString?: string };
    try {
      result = await this.client.send(new GetSecretValueCommand({ SecretId: this.secretId }));
    } catch (error) {
      // The stack creates the secret with no value at all: until the first keys are stored, it has no version.
      if ((error as { name?: string }).name === 'ResourceNotFoundException') return undefined;
      throw error;
    }
    try {
      return parseKeyRing(result.SecretString ?? '');
    } catch {
      // The placeholder value the stack created the secret with: no keys yet.
      return undefined;
    }
  }

  async createIfAbsent(ring: KeyRing): Promise<KeyRing> {
    try {
      await this.client.send(
        new PutSecretValueCommand({
          SecretId: this.secretId,
          SecretString: JSON.stringify(ring),
          ClientRequestToken: FIRST_VERSION_TOKEN,
        }),
      );
      return ring;
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name !== 'ResourceExistsException' && name !== 'InvalidRequestException') throw error;
      const stored = await this.load();
      if (!stored) throw error;
      return stored;
    }
  }

  async save(ring: KeyRing): Promise<void> {
    await this.client.send(
      new PutSecretValueCommand({ SecretId: this.secretId, SecretString: JSON.stringify(ring) }),
    );
  }
}
