import { randomInt, randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { dirname } from 'node:path';
import type { SecretConfig } from './cloud-config.js';
import { closeServer, listen, readBody } from './http-server.js';

/**
 * A local Secrets Manager endpoint (no npm package emulates it): the JSON 1.1 protocol the AWS SDK speaks
 * (`X-Amz-Target: secretsmanager.<Operation>`), for CreateSecret, GetSecretValue, PutSecretValue,
 * DescribeSecret and ListSecrets, with version IDs and the AWSCURRENT / AWSPREVIOUS staging labels. Handlers
 * reach it through `AWS_ENDPOINT_URL_SECRETS_MANAGER`, so the function's first-use key generation
 * (GetSecretValue, then PutSecretValue) runs unchanged. The store is one JSON file, readable by its owner only
 * (0600), or memory only.
 */

interface StoredVersion {
  secretString?: string;
  secretBinary?: string;
  stages: string[];
  createdDate: number;
}

interface StoredSecret {
  arn: string;
  name: string;
  description?: string;
  createdDate: number;
  lastChangedDate: number;
  versions: Record<string, StoredVersion>;
}

interface Store {
  secrets: Record<string, StoredSecret>;
}

class SecretsManagerError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export interface LocalSecretsManagerOptions {
  /** The JSON file that holds the secrets; memory only when undefined. */
  file: string | undefined;
  /** Builds a secret's ARN from its name, the way the template resolver does for template secrets. */
  arnOf: (name: string) => string;
  /** Template secrets, created (with their initial value) when absent. */
  secrets: SecretConfig[];
  port?: number;
}

export interface LocalSecretsManager {
  endpoint: string;
  stop(): Promise<void>;
}

export async function startSecretsManager(options: LocalSecretsManagerOptions): Promise<LocalSecretsManager> {
  const store = new SecretStore(options.file, options.arnOf);
  for (const secret of options.secrets) store.ensure(secret);
  const server = createServer((request, response) => {
    handle(store, request, response).catch((error: unknown) => {
      if (!response.headersSent)
        reply(response, 500, { __type: 'InternalServiceError', message: String(error) });
    });
  });
  const endpoint = await listen(server, options.port);
  return { endpoint, stop: () => closeServer(server) };
}

async function handle(store: SecretStore, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const target = String(request.headers['x-amz-target'] ?? '');
  const operation = target.startsWith('secretsmanager.') ? target.slice('secretsmanager.'.length) : '';
  let input: Record<string, unknown>;
  try {
    const body = await readBody(request, 1024 * 1024);
    input = body.length === 0 ? {} : (JSON.parse(body.toString('utf8')) as Record<string, unknown>);
  } catch {
    reply(response, 400, {
      __type: 'InvalidRequestException',
      message: 'The request body is not valid JSON.',
    });
    return;
  }
  try {
    reply(response, 200, store.operation(operation, input));
  } catch (error) {
    if (error instanceof SecretsManagerError)
      reply(response, 400, { __type: error.type, message: error.message });
    else throw error;
  }
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  const headers: Record<string, string> = {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': String(Buffer.byteLength(json)),
    'x-amzn-requestid': randomUUID(),
  };
  if (status >= 400) headers['x-amzn-errortype'] = String((body as { __type: string }).__type);
  response.writeHead(status, headers);
  response.end(json);
}

const epochSeconds = () => Date.now() / 1000;

class SecretStore {
  private readonly data: Store;

  constructor(
    private readonly file: string | undefined,
    private readonly arnOf: (name: string) => string,
  ) {
    this.data = file ? readStore(file) : { secrets: {} };
  }

  ensure(config: SecretConfig): void {
    if (this.data.secrets[config.name]) return;
    const now = epochSeconds();
    const secret: StoredSecret = {
      arn: config.arn,
      name: config.name,
      description: config.description,
      createdDate: now,
      lastChangedDate: now,
      versions: {},
    };
    const initial = config.initialValue;
    if (initial) {
      const value = initial.kind === 'string' ? initial.value : generatedSecretString(initial);
      secret.versions[randomUUID()] = { secretString: value, stages: ['AWSCURRENT'], createdDate: now };
    }
    this.data.secrets[config.name] = secret;
    this.save();
  }

  operation(name: string, input: Record<string, unknown>): unknown {
    switch (name) {
      case 'CreateSecret':
        return this.create(input);
      case 'GetSecretValue':
        return this.getValue(input);
      case 'PutSecretValue':
        return this.putValue(input);
      case 'DescribeSecret':
        return this.describe(input);
      case 'ListSecrets':
        return { SecretList: Object.values(this.data.secrets).map((secret) => this.describeSecret(secret)) };
      default:
        throw new SecretsManagerError(
          'InvalidAction',
          `The action ${name || '(none)'} is not valid for this endpoint.`,
        );
    }
  }

  private find(secretId: unknown): StoredSecret {
    const id = String(secretId ?? '');
    const secret = Object.values(this.data.secrets).find(
      // A partial ARN (without the random suffix) also names the secret.
      (candidate) => candidate.name === id || candidate.arn === id || candidate.arn.slice(0, -7) === id,
    );
    if (!secret)
      throw new SecretsManagerError(
        'ResourceNotFoundException',
        "Secrets Manager can't find the specified secret.",
      );
    return secret;
  }

  private create(input: Record<string, unknown>): unknown {
    const name = String(input.Name ?? '');
    if (!/^[A-Za-z0-9/_+=.@-]{1,512}$/.test(name)) {
      throw new SecretsManagerError(
        'InvalidParameterException',
        'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!',
      );
    }
    if (this.data.secrets[name]) {
      throw new SecretsManagerError(
        'ResourceExistsException',
        `The operation failed because the secret ${name} already exists.`,
      );
    }
    const now = epochSeconds();
    const secret: StoredSecret = {
      arn: this.arnOf(name),
      name,
      description: typeof input.Description === 'string' ? input.Description : undefined,
      createdDate: now,
      lastChangedDate: now,
      versions: {},
    };
    let versionId: string | undefined;
    if (input.SecretString !== undefined || input.SecretBinary !== undefined) {
      versionId = typeof input.ClientRequestToken === 'string' ? input.ClientRequestToken : randomUUID();
      secret.versions[versionId] = { ...secretValueOf(input), stages: ['AWSCURRENT'], createdDate: now };
    }
    this.data.secrets[name] = secret;
    this.save();
    return { ARN: secret.arn, Name: secret.name, ...(versionId ? { VersionId: versionId } : {}) };
  }

  private getValue(input: Record<string, unknown>): unknown {
    const secret = this.find(input.SecretId);
    const stage = typeof input.VersionStage === 'string' ? input.VersionStage : undefined;
    const versionId = typeof input.VersionId === 'string' ? input.VersionId : undefined;
    const entry = Object.entries(secret.versions).find(([id, version]) =>
      versionId
        ? id === versionId && (!stage || version.stages.includes(stage))
        : version.stages.includes(stage ?? 'AWSCURRENT'),
    );
    if (!entry) {
      throw new SecretsManagerError(
        'ResourceNotFoundException',
        versionId
          ? `Secrets Manager can't find the specified secret value for VersionId: ${versionId}`
          : `Secrets Manager can't find the specified secret value for staging label: ${stage ?? 'AWSCURRENT'}`,
      );
    }
    const [id, version] = entry;
    return {
      ARN: secret.arn,
      Name: secret.name,
      VersionId: id,
      ...(version.secretString !== undefined ? { SecretString: version.secretString } : {}),
      ...(version.secretBinary !== undefined ? { SecretBinary: version.secretBinary } : {}),
      VersionStages: version.stages,
      CreatedDate: version.createdDate,
    };
  }

  private putValue(input: Record<string, unknown>): unknown {
    const secret = this.find(input.SecretId);
    if (input.SecretString === undefined && input.SecretBinary === undefined) {
      throw new SecretsManagerError(
        'InvalidParameterException',
        'You must provide either SecretString or SecretBinary.',
      );
    }
    const versionId = typeof input.ClientRequestToken === 'string' ? input.ClientRequestToken : randomUUID();
    const value = secretValueOf(input);
    const existing = secret.versions[versionId];
    if (existing) {
      // The same request retried is a success; the same token with another value is a conflict.
      if (existing.secretString === value.secretString && existing.secretBinary === value.secretBinary) {
        return { ARN: secret.arn, Name: secret.name, VersionId: versionId, VersionStages: existing.stages };
      }
      throw new SecretsManagerError(
        'ResourceExistsException',
        'You can\u2019t modify an existing version, you can only create a new version.',
      );
    }
    const stages = Array.isArray(input.VersionStages) ? input.VersionStages.map(String) : ['AWSCURRENT'];
    for (const stage of stages) {
      for (const version of Object.values(secret.versions)) {
        if (!version.stages.includes(stage)) continue;
        version.stages = version.stages.filter((label) => label !== stage);
        if (stage === 'AWSCURRENT') {
          for (const older of Object.values(secret.versions))
            older.stages = older.stages.filter((label) => label !== 'AWSPREVIOUS');
          version.stages.push('AWSPREVIOUS');
        }
      }
    }
    const now = epochSeconds();
    secret.versions[versionId] = { ...value, stages, createdDate: now };
    // Versions without a label are unreachable; Secrets Manager drops them too (eventually).
    for (const [id, version] of Object.entries(secret.versions))
      if (version.stages.length === 0) delete secret.versions[id];
    secret.lastChangedDate = now;
    this.save();
    return { ARN: secret.arn, Name: secret.name, VersionId: versionId, VersionStages: stages };
  }

  private describe(input: Record<string, unknown>): unknown {
    return this.describeSecret(this.find(input.SecretId));
  }

  private describeSecret(secret: StoredSecret): unknown {
    return {
      ARN: secret.arn,
      Name: secret.name,
      ...(secret.description ? { Description: secret.description } : {}),
      CreatedDate: secret.createdDate,
      LastChangedDate: secret.lastChangedDate,
      VersionIdsToStages: Object.fromEntries(
        Object.entries(secret.versions).map(([id, version]) => [id, version.stages]),
      ),
    };
  }

  private save(): void {
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.data), { mode: 0o600 });
    chmodSync(temporary, 0o600);
    renameSync(temporary, this.file);
  }
}

function readStore(file: string): Store {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Store;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { secrets: {} };
    throw error;
  }
}

function secretValueOf(input: Record<string, unknown>): { secretString?: string; secretBinary?: string } {
  if (input.SecretString !== undefined) return { secretString: String(input.SecretString) };
  return { secretBinary: String(input.SecretBinary) };
}

function generatedSecretString(
  options: Extract<NonNullable<SecretConfig['initialValue']>, { kind: 'generated' }>,
): string {
  const groups = [
    options.excludeLowercase ? '' : 'abcdefghijklmnopqrstuvwxyz',
    options.excludeUppercase ? '' : 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
    options.excludeNumbers ? '' : '0123456789',
    options.excludePunctuation ? '' : '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
    options.includeSpace ? ' ' : '',
  ];
  const alphabet = [...groups.join('')].filter((character) => !options.excludeCharacters.includes(character));
  const password = Array.from(
    { length: options.passwordLength },
    () => alphabet[randomInt(alphabet.length)],
  ).join('');
  if (options.secretStringTemplate && options.generateStringKey) {
    const template = JSON.parse(options.secretStringTemplate) as Record<string, unknown>;
    template[options.generateStringKey] = password;
    return JSON.stringify(template);
  }
  return password;
}
