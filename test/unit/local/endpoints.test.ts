import { describe, expect, it } from 'vitest';
import { bindEnvironment, type EndpointBindings } from '../../../local/endpoints.js';
import { optionsFromEnvironment } from '../../../local/start.js';

const bindings: EndpointBindings = {
  apis: new Map([['https://abc123.execute-api.eu-west-1.amazonaws.com', 'http://127.0.0.1:4000']]),
  distributions: new Map([
    ['e1a2b3.cloudfront.net', 'http://127.0.0.1:4001'],
    ['badges.example.org', 'http://127.0.0.1:4001'],
  ]),
  issuers: new Map([['https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC', 'http://127.0.0.1:4002']]),
};

describe('binding the functions environment to local endpoints', () => {
  it('replaces the deployed CDN, API and issuer with the local ones and leaves the rest alone', () => {
    expect(
      bindEnvironment(
        {
          PUBLIC_BASE_URL: 'https://e1a2b3.cloudfront.net',
          CUSTOM_DOMAIN_URL: 'https://badges.example.org/credentials',
          CDN_HOST: 'e1a2b3.cloudfront.net',
          API_URL: 'https://abc123.execute-api.eu-west-1.amazonaws.com/v1',
          JWT_ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC',
          ISSUER_URL: 'https://citizen21.example.org',
          TABLE_NAME: 'Badges-dev-Stateful-Table',
        },
        bindings,
      ),
    ).toEqual({
      PUBLIC_BASE_URL: 'http://127.0.0.1:4001',
      CUSTOM_DOMAIN_URL: 'http://127.0.0.1:4001/credentials',
      CDN_HOST: '127.0.0.1:4001',
      API_URL: 'http://127.0.0.1:4000/v1',
      JWT_ISSUER: 'http://127.0.0.1:4002',
      ISSUER_URL: 'https://citizen21.example.org',
      TABLE_NAME: 'Badges-dev-Stateful-Table',
    });
  });
});

describe('npm start settings', () => {
  it('reads the data directory, memory mode, ports and function variables from the environment', () => {
    expect(
      optionsFromEnvironment({
        BADGES_DATA_DIR: '/tmp/badges',
        BADGES_IN_MEMORY: '1',
        BADGES_PORT_API: '4000',
        BADGES_PORT_SECRETS_MANAGER: '4005',
        BADGES_ENV_ISSUER_URL: 'http://127.0.0.1:4001',
      }),
    ).toMatchObject({
      dataDir: '/tmp/badges',
      inMemory: true,
      ports: { api: 4000, secretsManager: 4005 },
      environment: { ISSUER_URL: 'http://127.0.0.1:4001' },
    });
  });

  it('defaults to .data, on disk, with ephemeral ports', () => {
    expect(optionsFromEnvironment({})).toMatchObject({
      dataDir: '.data',
      inMemory: false,
      ports: {},
      environment: {},
    });
  });

  it('rejects a port that is not a port number', () => {
    expect(() => optionsFromEnvironment({ BADGES_PORT_CDN: 'eighty' })).toThrow(
      expect.objectContaining({
        code: 'LOCAL_CONFIG_INVALID',
        message: expect.stringContaining('BADGES_PORT_CDN'),
      }),
    );
  });
});
