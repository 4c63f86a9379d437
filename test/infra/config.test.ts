import { describe, expect, it } from 'vitest';
import { resolveStage } from '../../infra/config/stages.js';
import { ConfigError } from '../../shared/config/config-error.js';
import { ENV } from '../../shared/config/env.js';
import { loadConfig, parseConfig } from '../../shared/config/load-config.js';
import { isBadgeError } from '../../shared/errors.js';

const complete = (): Record<string, string> => ({
  [ENV.TABLE_NAME]: 'badges-table',
  [ENV.EVENT_BUS_NAME]: 'badges',
  [ENV.PUBLIC_BASE_URL]: 'https://d111111abcdef8.cloudfront.net/',
  [ENV.ISSUER_NAME]: 'Citizen 2.1',
  [ENV.ISSUER_URL]: 'https://citizen21.example.org',
  [ENV.ISSUER_EMAIL]: 'badges@citizen21.example.org',
  [ENV.PUBLIC_BUCKET]: 'badges-public',
  [ENV.SIGNING_KEY_SECRET_ID]: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:SigningKeys-AbCdEf',
  [ENV.JWT_ISSUER]: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc',
  [ENV.JWT_AUDIENCE]: 'client-a, client-b',
});

function thrown(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('parses the environment into typed settings', () => {
    const config = parseConfig(complete(), { require: ['publicBucket', 'jwtAudience'] });
    expect(config).toMatchObject({
      tableName: 'badges-table',
      publicBaseUrl: 'https://d111111abcdef8.cloudfront.net',
      issuerEmail: 'badges@citizen21.example.org',
      publicBucket: 'badges-public',
      jwtAudience: ['client-a', 'client-b'],
    });
    expect(config.ingestHmacSecretId).toBeUndefined();
  });

  it('names the missing variable in a CONFIG_MISSING error', () => {
    const env = complete();
    delete env[ENV.TABLE_NAME];
    const error = thrown(() => parseConfig(env));
    expect(error.code).toBe('CONFIG_MISSING');
    expect(error.variable).toBe('TABLE_NAME');
    expect(error.message).toContain('TABLE_NAME');
    expect(isBadgeError(error)).toBe(true);
    expect(error.status).toBe(500);
  });

  it('treats an empty value as missing', () => {
    expect(thrown(() => parseConfig({ ...complete(), [ENV.ISSUER_NAME]: '  ' })).variable).toBe(
      'ISSUER_NAME',
    );
  });

  it('fails on an optional setting only when the function requires it', () => {
    const env = complete();
    delete env[ENV.SIGNING_KEY_SECRET_ID];
    expect(parseConfig(env).signingKeySecretId).toBeUndefined();
    const error = thrown(() => parseConfig(env, { require: ['signingKeySecretId'] }));
    expect([error.code, error.variable]).toEqual(['CONFIG_MISSING', 'SIGNING_KEY_SECRET_ID']);
  });

  it('rejects a malformed value with CONFIG_INVALID, without echoing the value', () => {
    const error = thrown(() => parseConfig({ ...complete(), [ENV.ISSUER_EMAIL]: 'not-an-address-s3cr3t' }));
    expect([error.code, error.variable]).toEqual(['CONFIG_INVALID', 'ISSUER_EMAIL']);
    expect(error.message).not.toContain('s3cr3t');
    expect(thrown(() => parseConfig({ ...complete(), [ENV.PUBLIC_BASE_URL]: 'ftp://files' })).variable).toBe(
      'PUBLIC_BASE_URL',
    );
  });

  it('parses once per environment object', () => {
    const env = complete();
    const first = loadConfig(env);
    env[ENV.TABLE_NAME] = 'changed';
    expect(loadConfig(env)).toBe(first);
    expect(loadConfig(complete()).tableName).toBe('badges-table');
  });
});

describe('resolveStage', () => {
  it('defaults to dev, with the bus named badges', () => {
    expect(resolveStage()).toMatchObject({ name: 'dev', eventBusName: 'badges', auth: { kind: 'cognito' } });
  });

  it('applies context overrides', () => {
    const config = resolveStage('prod', {
      issuerName: 'Example Org',
      oidcIssuer: 'https://login.example.org',
      oidcAudience: 'a, b',
      eventBusName: 'badges-prod',
    });
    expect(config).toMatchObject({
      issuer: { name: 'Example Org' },
      auth: { kind: 'oidc', issuer: 'https://login.example.org', audience: ['a', 'b'] },
      eventBusName: 'badges-prod',
    });
  });

  it.each([
    ['an unknown stage', 'qa', {}, 'STAGE_UNKNOWN'],
    ['a domain without a certificate', 'dev', { domainName: 'badges.example.org' }, 'STAGE_CONFIG_INVALID'],
    [
      'a certificate outside us-east-1',
      'dev',
      { domainName: 'badges.example.org', certificateArn: 'arn:aws:acm:eu-west-1:1:certificate/x' },
      'STAGE_CONFIG_INVALID',
    ],
    [
      'an OIDC issuer without audience',
      'dev',
      { oidcIssuer: 'https://login.example.org' },
      'STAGE_CONFIG_INVALID',
    ],
    ['a plain-HTTP issuer URL', 'dev', { issuerUrl: 'http://citizen21.example.org' }, 'STAGE_CONFIG_INVALID'],
  ])('refuses %s', (_case, stage, overrides, code) => {
    expect(() => resolveStage(stage, overrides)).toThrow(expect.objectContaining({ code }));
  });
});
