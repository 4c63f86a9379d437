import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildOb2Assertion, type Ob2AssertionInput } from '../../../shared/ob2/assertion.js';
import { buildOb2BadgeClass, type Ob2BadgeClassInput } from '../../../shared/ob2/badge-class.js';
import { buildCryptographicKey } from '../../../shared/ob2/cryptographic-key.js';
import { hashEmailIdentity } from '../../../shared/ob2/identity.js';
import { buildOb2Issuer } from '../../../shared/ob2/issuer.js';
import { buildRevocationList } from '../../../shared/ob2/revocation-list.js';

const DATA_IMAGE = 'data:image/png;base64,iVBORw0KGgo=';

/** The field names a builder's BadgeError names, or a failure when it does not throw one. */
function invalidFields(build: () => unknown): string[] {
  try {
    build();
  } catch (error) {
    expect(error).toMatchObject({ code: 'OB2_INVALID_INPUT' });
    return (error as { details: { fields: string[] } }).details.fields;
  }
  throw new Error('expected the builder to refuse its input');
}

describe('buildOb2Issuer', () => {
  const input = {
    id: 'https://badges.example.org/issuer.ob2.json',
    name: 'Citizen 2.1',
    url: 'https://citizen21.example.org',
    email: 'badges@example.org',
  };

  it('builds an OB 2.0 Issuer with its keys and revocation list', () => {
    const issuer = buildOb2Issuer({
      ...input,
      description: 'Vocational training',
      publicKeys: ['https://badges.example.org/keys/k1.ob2.json'],
      revocationList: 'https://badges.example.org/status/revocations.ob2.json',
    });
    expect(issuer).toEqual({
      '@context': 'https://w3id.org/openbadges/v2',
      type: 'Issuer',
      ...input,
      description: 'Vocational training',
      publicKey: ['https://badges.example.org/keys/k1.ob2.json'],
      revocationList: 'https://badges.example.org/status/revocations.ob2.json',
    });
  });

  it('leaves out optional properties that were not given', () => {
    expect(Object.keys(buildOb2Issuer(input)).sort()).toEqual([
      '@context',
      'email',
      'id',
      'name',
      'type',
      'url',
    ]);
  });

  it('names every invalid field', () => {
    const fields = invalidFields(() =>
      buildOb2Issuer({ id: 'issuer', name: '', url: 'ftp://x', email: 'nobody', publicKeys: ['not a url'] }),
    );
    expect(fields).toEqual(['id', 'name', 'url', 'email', 'publicKeys[0]']);
  });
});

describe('buildOb2BadgeClass', () => {
  const input: Ob2BadgeClassInput = {
    id: 'https://badges.example.org/achievements/witness.ob2.json',
    name: 'Witness',
    description: 'Took part in a training course.',
    image: 'https://badges.example.org/achievements/witness.png',
    criteria: { narrative: 'Attend a course.' },
    issuer: 'https://badges.example.org/issuer.ob2.json',
  };

  it('builds a BadgeClass with criteria, tags and ESCO alignments', () => {
    const alignment = [
      {
        targetName: 'work in teams',
        targetUrl: 'http://data.europa.eu/esco/skill/6d3edede-8951-4621-a835-e04323300fa0',
        targetFramework: 'ESCO',
        targetCode: '6d3edede-8951-4621-a835-e04323300fa0',
      },
    ];
    const badge = buildOb2BadgeClass({ ...input, tags: ['citizen-2.1'], alignment });
    expect(badge).toEqual({
      '@context': 'https://w3id.org/openbadges/v2',
      type: 'BadgeClass',
      ...input,
      tags: ['citizen-2.1'],
      alignment,
    });
  });

  it('accepts a data: URI image on a BadgeClass', () => {
    expect(buildOb2BadgeClass({ ...input, image: DATA_IMAGE }).image).toBe(DATA_IMAGE);
  });

  it('names every invalid field, including inside alignments', () => {
    const fields = invalidFields(() =>
      buildOb2BadgeClass({
        ...input,
        image: 'witness.png',
        criteria: { narrative: '' },
        alignment: [{ targetName: 'x', targetUrl: 'esco' }],
      }),
    );
    expect(fields).toEqual(['image', 'criteria.narrative', 'alignment[0].targetUrl']);
  });
});

describe('buildOb2Assertion', () => {
  const recipient = {
    type: 'email',
    hashed: true,
    salt: 'pepper',
    identity: hashEmailIdentity('ada@example.org', 'pepper'),
  } as const;
  const input: Ob2AssertionInput = {
    id: 'https://badges.example.org/credentials/a1.ob2.json',
    badge: 'https://badges.example.org/achievements/witness.ob2.json',
    recipient,
    issuedOn: new Date('2025-03-01T09:00:00Z'),
    verification: { type: 'hosted' },
  };

  it('builds a hosted Assertion, dates as ISO strings', () => {
    expect(buildOb2Assertion({ ...input, expires: '2030-03-01T09:00:00Z' })).toEqual({
      '@context': 'https://w3id.org/openbadges/v2',
      type: 'Assertion',
      id: input.id,
      recipient,
      badge: input.badge,
      issuedOn: '2025-03-01T09:00:00.000Z',
      expires: '2030-03-01T09:00:00Z',
      verification: { type: 'hosted' },
    });
  });

  it('builds a signed Assertion that names its key and may have a urn:uuid id', () => {
    const creator = 'https://badges.example.org/keys/k1.ob2.json';
    const assertion = buildOb2Assertion({
      ...input,
      id: 'urn:uuid:3b1f6a52-9c1e-4d7a-8f2e-5a6b7c8d9e0f',
      verification: { type: 'signed', creator },
    });
    expect(assertion.verification).toEqual({ type: 'signed', creator });
  });

  it('never publishes a plaintext email', () => {
    const plaintext = { type: 'email', hashed: false, salt: 'pepper', identity: 'ada@example.org' };
    const fields = invalidFields(() => buildOb2Assertion({ ...input, recipient: plaintext as never }));
    expect(fields).toEqual(['recipient.hashed', 'recipient.identity']);
  });

  it('needs an http(s) id to host the assertion at', () => {
    const fields = invalidFields(() =>
      buildOb2Assertion({ ...input, id: 'urn:uuid:3b1f6a52-9c1e-4d7a-8f2e-5a6b7c8d9e0f' }),
    );
    expect(fields).toEqual(['id']);
  });

  it('refuses an expiry that is not after the issue date, and a data: image', () => {
    const fields = invalidFields(() =>
      buildOb2Assertion({ ...input, expires: '2025-02-01T00:00:00Z', image: DATA_IMAGE }),
    );
    expect(fields).toEqual(['expires', 'image']);
  });

  it('refuses an unknown verification type and a signed one without a key', () => {
    expect(
      invalidFields(() => buildOb2Assertion({ ...input, verification: { type: 'other' } as never })),
    ).toEqual(['verification']);
    expect(
      invalidFields(() => buildOb2Assertion({ ...input, verification: { type: 'signed', creator: '' } })),
    ).toEqual(['verification.creator']);
  });

  it('keeps evidence as given: a URL or narrative items', () => {
    const evidence = [{ narrative: 'Attended in Lisbon.' }, { id: 'https://example.org/work.html' }];
    expect(buildOb2Assertion({ ...input, evidence }).evidence).toEqual(evidence);
    expect(invalidFields(() => buildOb2Assertion({ ...input, evidence: [{}] }))).toEqual(['evidence[0]']);
  });
});

describe('buildCryptographicKey', () => {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

  it('builds a CryptographicKey owned by the issuer', () => {
    const key = buildCryptographicKey({
      id: 'https://badges.example.org/keys/k1.ob2.json',
      owner: 'https://badges.example.org/issuer.ob2.json',
      publicKeyPem,
    });
    expect(key).toEqual({
      '@context': 'https://w3id.org/openbadges/v2',
      type: 'CryptographicKey',
      id: 'https://badges.example.org/keys/k1.ob2.json',
      owner: 'https://badges.example.org/issuer.ob2.json',
      publicKeyPem,
    });
  });

  it('accepts only an RSA public key, never a private one', () => {
    const ed25519 = generateKeyPairSync('ed25519');
    const base = {
      id: 'https://badges.example.org/keys/k1.ob2.json',
      owner: 'https://badges.example.org/issuer.ob2.json',
    };
    const edPem = ed25519.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(invalidFields(() => buildCryptographicKey({ ...base, publicKeyPem: edPem }))).toEqual([
      'publicKeyPem',
    ]);
    const rsaPrivate = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const privatePem = rsaPrivate.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(invalidFields(() => buildCryptographicKey({ ...base, publicKeyPem: privatePem }))).toEqual([
      'publicKeyPem',
    ]);
  });
});

describe('buildRevocationList', () => {
  it('lists revoked assertions with their reasons', () => {
    const list = buildRevocationList({
      id: 'https://badges.example.org/status/revocations.ob2.json',
      issuer: 'https://badges.example.org/issuer.ob2.json',
      revokedAssertions: [
        { id: 'urn:uuid:3b1f6a52-9c1e-4d7a-8f2e-5a6b7c8d9e0f', revocationReason: 'issued in error' },
      ],
    });
    expect(list).toEqual({
      '@context': 'https://w3id.org/openbadges/v2',
      type: 'RevocationList',
      id: 'https://badges.example.org/status/revocations.ob2.json',
      issuer: 'https://badges.example.org/issuer.ob2.json',
      revokedAssertions: [
        { id: 'urn:uuid:3b1f6a52-9c1e-4d7a-8f2e-5a6b7c8d9e0f', revocationReason: 'issued in error' },
      ],
    });
  });

  it('refuses an entry listed twice or without an IRI id', () => {
    const id = 'https://badges.example.org/credentials/a1.ob2.json';
    const fields = invalidFields(() =>
      buildRevocationList({
        id: 'https://badges.example.org/status/revocations.ob2.json',
        issuer: 'https://badges.example.org/issuer.ob2.json',
        revokedAssertions: [{ id }, { id }, { id: 'a2' }],
      }),
    );
    expect(fields).toEqual(['revokedAssertions[1].id', 'revokedAssertions[2].id']);
  });
});
