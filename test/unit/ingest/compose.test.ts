import { describe, expect, it } from 'vitest';
import { isBadgeError } from '../../../shared/errors.js';
import { composeIngestDependencies } from '../../../shared/ingest/index.js';

const environment = {
  TABLE_NAME: 'badges-table',
  EVENT_BUS_NAME: 'badges',
  PUBLIC_BASE_URL: 'https://badges.example.org',
  ISSUER_NAME: 'Citizen 2.1',
  ISSUER_URL: 'https://citizen21.example.org',
  ISSUER_EMAIL: 'badges@citizen21.example.org',
  AWS_REGION: 'eu-west-1',
};

describe('composing the ingestion adapters', () => {
  it('fails fast with CONFIG_MISSING naming INGEST_HMAC_SECRET_ID when it is not set', () => {
    let caught: unknown;
    try {
      composeIngestDependencies({ ...environment });
    } catch (error) {
      caught = error;
    }
    expect(isBadgeError(caught) && caught.code).toBe('CONFIG_MISSING');
    expect(isBadgeError(caught) && caught.details).toEqual({ variable: 'INGEST_HMAC_SECRET_ID' });
  });

  it('builds every port from the environment', () => {
    const deps = composeIngestDependencies({
      ...environment,
      INGEST_HMAC_SECRET_ID: 'arn:aws:secretsmanager:x',
    });
    expect(typeof deps.keys).toBe('function');
    expect(typeof deps.nonces.recordOnce).toBe('function');
    expect(typeof deps.bus.putEvents).toBe('function');
    expect(deps.clock.now()).toBeInstanceOf(Date);
  });
});
