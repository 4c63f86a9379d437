import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { multibaseFromEd25519PublicKey } from '../../../shared/crypto/multikey.js';
import { staticDocumentFetcher } from '../../../shared/ports/fetcher.js';
import { checkKeyBinding } from '../../../shared/verify/key-binding.js';
import { didWebDocumentUrl, resolveVerificationMethod } from '../../../shared/verify/key-resolution.js';
import { didDocument, ISSUER_DID, issuerKey, issuerMethod } from './issuer-fixture.js';

const multibase = multibaseFromEd25519PublicKey(issuerKey.publicKey);
const noNetwork = staticDocumentFetcher(new Map());

function fetcherOf(documents: Record<string, unknown>) {
  return staticDocumentFetcher(
    new Map(Object.entries(documents).map(([url, body]) => [url, { body: JSON.stringify(body) }])),
  );
}

function sameKey(
  a: { export: (o: { format: 'jwk' }) => unknown },
  b: { export: (o: { format: 'jwk' }) => unknown },
) {
  expect(a.export({ format: 'jwk' })).toEqual(b.export({ format: 'jwk' }));
}

describe('resolveVerificationMethod', () => {
  it('reads the key from the fragment of an https method, offline, with the URL before # as controller', async () => {
    const method = `https://example.com/issuers/876543#${multibase}`;
    const resolved = await resolveVerificationMethod(method, { fetcher: noNetwork });
    expect(resolved).toMatchObject({
      id: method,
      controller: 'https://example.com/issuers/876543',
      source: 'key-in-fragment',
    });
    sameKey(resolved.publicKey, issuerKey.publicKey);
  });

  it('decodes did:key with or without the repeated fragment, as its own controller', async () => {
    for (const method of [`did:key:${multibase}`, `did:key:${multibase}#${multibase}`]) {
      const resolved = await resolveVerificationMethod(method, { fetcher: noNetwork });
      expect(resolved).toMatchObject({ controller: `did:key:${multibase}`, source: 'did:key' });
      sameKey(resolved.publicKey, issuerKey.publicKey);
    }
    await expect(
      resolveVerificationMethod(`did:key:${multibase}#other`, { fetcher: noNetwork }),
    ).rejects.toMatchObject({
      code: 'VERIFICATION_METHOD_NOT_FOUND',
    });
  });

  it.each([
    ['did:web:example.com', 'https://example.com/.well-known/did.json'],
    ['did:web:example.com%3A8443', 'https://example.com:8443/.well-known/did.json'],
    ['did:web:example.com:issuers:citizen', 'https://example.com/issuers/citizen/did.json'],
  ])('maps %s to %s', (did, url) => {
    expect(didWebDocumentUrl(did)).toBe(url);
  });

  it('refuses a did:web whose host is not a host name', () => {
    expect(() => didWebDocumentUrl('did:web:exa mple.com')).toThrow(
      expect.objectContaining({ code: 'VERIFICATION_METHOD_INVALID' }),
    );
  });

  it('finds a did:web method in the DID document and checks it is an assertionMethod', async () => {
    const fetcher = fetcherOf({ 'https://badges.example.org/.well-known/did.json': didDocument() });
    const resolved = await resolveVerificationMethod(issuerMethod, { fetcher });
    expect(resolved).toMatchObject({ controller: ISSUER_DID, source: 'did:web' });
    const unauthorised = fetcherOf({
      'https://badges.example.org/.well-known/did.json': { ...didDocument(), assertionMethod: [] },
    });
    await expect(resolveVerificationMethod(issuerMethod, { fetcher: unauthorised })).rejects.toMatchObject({
      code: 'VERIFICATION_METHOD_NOT_AUTHORIZED',
    });
  });

  it('resolves relative method ids (#key-1) and publicKeyJwk in a DID document', async () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const document = {
      id: ISSUER_DID,
      verificationMethod: [
        {
          id: '#key-1',
          type: 'JsonWebKey',
          controller: ISSUER_DID,
          publicKeyJwk: publicKey.export({ format: 'jwk' }),
        },
      ],
      assertionMethod: ['#key-1'],
    };
    const fetcher = fetcherOf({ 'https://badges.example.org/.well-known/did.json': document });
    const resolved = await resolveVerificationMethod(`${ISSUER_DID}#key-1`, { fetcher });
    expect(resolved.publicKey.asymmetricKeyType).toBe('ec');
  });

  it('refuses a DID document that describes another DID', async () => {
    const fetcher = fetcherOf({
      'https://badges.example.org/.well-known/did.json': { ...didDocument(), id: 'did:web:evil.example' },
    });
    await expect(resolveVerificationMethod(issuerMethod, { fetcher })).rejects.toMatchObject({
      code: 'VERIFICATION_METHOD_NOT_FOUND',
    });
  });

  it('reads an https key document (Multikey with controller) and a controller document listing the method', async () => {
    const keyUrl = 'https://badges.example.org/keys/ed-1';
    const keyDocument = {
      id: keyUrl,
      type: 'Multikey',
      controller: 'https://badges.example.org/issuer',
      publicKeyMultibase: multibase,
    };
    const direct = await resolveVerificationMethod(keyUrl, { fetcher: fetcherOf({ [keyUrl]: keyDocument }) });
    expect(direct).toMatchObject({ controller: 'https://badges.example.org/issuer', source: 'document' });
    const controllerUrl = 'https://badges.example.org/issuer';
    const controllerDocument = {
      id: controllerUrl,
      verificationMethod: [{ ...keyDocument, id: `${controllerUrl}#ed-1`, controller: controllerUrl }],
      assertionMethod: [`${controllerUrl}#ed-1`],
    };
    const listed = await resolveVerificationMethod(`${controllerUrl}#ed-1`, {
      fetcher: fetcherOf({ [controllerUrl]: controllerDocument }),
    });
    expect(listed).toMatchObject({ controller: controllerUrl, source: 'document' });
  });

  it.each([
    ['a value that is not a string', 42, 'VERIFICATION_METHOD_INVALID'],
    ['a bare multibase key', multibase, 'VERIFICATION_METHOD_INVALID'],
    ['an unknown scheme', `urn:example:${multibase}`, 'VERIFICATION_METHOD_UNSUPPORTED'],
    ['an unknown DID method', `did:example:${multibase}`, 'VERIFICATION_METHOD_UNSUPPORTED'],
    ['an unreachable key URL', 'https://example.com/keys/1', 'VERIFICATION_METHOD_NOT_FOUND'],
    [
      'a did:key that is not Ed25519',
      'did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme',
      'KEY_MULTIBASE_INVALID',
    ],
  ])('refuses %s with %s', async (_what, method, code) => {
    await expect(resolveVerificationMethod(method, { fetcher: noNetwork })).rejects.toMatchObject({ code });
  });
});

describe('checkKeyBinding', () => {
  it('passes a DID-document key whose controller is the issuer, fails one whose controller is not', async () => {
    const method = {
      id: issuerMethod,
      controller: ISSUER_DID,
      publicKey: issuerKey.publicKey,
      source: 'did:web' as const,
    };
    expect(await checkKeyBinding(method, ISSUER_DID, noNetwork)).toMatchObject({ status: 'passed' });
    expect(await checkKeyBinding(method, 'https://other.example/issuer', noNetwork)).toMatchObject({
      status: 'failed',
      reason: 'KEY_CONTROLLER_MISMATCH',
    });
  });

  it('fails when the credential names no issuer', async () => {
    const method = {
      id: issuerMethod,
      controller: ISSUER_DID,
      publicKey: issuerKey.publicKey,
      source: 'did:web' as const,
    };
    expect(await checkKeyBinding(method, undefined, noNetwork)).toMatchObject({
      status: 'failed',
      reason: 'ISSUER_MISSING',
    });
  });

  it('fails a key-in-fragment method whose URL names another controller', async () => {
    const method = {
      id: `https://other.example/issuer#${multibase}`,
      controller: 'https://other.example/issuer',
      publicKey: issuerKey.publicKey,
      source: 'key-in-fragment' as const,
    };
    expect(await checkKeyBinding(method, 'https://example.com/issuer', noNetwork)).toMatchObject({
      status: 'failed',
      reason: 'KEY_CONTROLLER_MISMATCH',
    });
  });
});
