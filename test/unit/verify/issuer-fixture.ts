import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { signEddsaRdfc2022 } from '../../../shared/crypto/data-integrity.js';
import { hashEmailIdentity } from '../../../shared/ob2/identity.js';
import { buildAchievement } from '../../../shared/ob3/achievement.js';
import { buildOpenBadgeCredential, type OpenBadgeCredentialInput } from '../../../shared/ob3/credential.js';
import { buildDidDocument, verificationMethodId } from '../../../shared/ob3/did-document.js';
import { encodeStatusList } from '../../../shared/ob3/status-list.js';

/**
 * An issuer as this product publishes one: `did:web:badges.example.org` with its Ed25519 key in the DID document.
 * The key is the OB 3.0 implementation guide's test-vector key (fixed, public), so runs are deterministic.
 */
const TEST_VECTOR_SEED = '6241a409e6707bb640a0140a8a32bc3d193c33a661747284d6adfa4ed4180be4';
const PKCS8_ED25519_PREFIX = '302e020100300506032b657004220420';

export function ed25519KeyFromSeed(seedHex: string): { privateKey: KeyObject; publicKey: KeyObject } {
  const privateKey = createPrivateKey({
    key: Buffer.from(PKCS8_ED25519_PREFIX + seedHex, 'hex'),
    format: 'der',
    type: 'pkcs8',
  });
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

export const ISSUER_HOST = 'badges.example.org';
export const ISSUER_DID = `did:web:${ISSUER_HOST}`;
export const DID_DOCUMENT_URL = `https://${ISSUER_HOST}/.well-known/did.json`;
export const STATUS_LIST_URL = `https://${ISSUER_HOST}/status/1`;
export const RECIPIENT_EMAIL = 'Ada.Lovelace@example.eu';

export const issuerKey = ed25519KeyFromSeed(TEST_VECTOR_SEED);
export const issuerMethod = verificationMethodId(ISSUER_DID, issuerKey.publicKey);

export function didDocument(keys: KeyObject[] = [issuerKey.publicKey]): Record<string, unknown> {
  return buildDidDocument(ISSUER_DID, keys);
}

export function unsignedCredential(
  overrides: Partial<OpenBadgeCredentialInput> = {},
): Record<string, unknown> {
  return buildOpenBadgeCredential({
    id: `https://${ISSUER_HOST}/credentials/7f0c`,
    issuer: { id: ISSUER_DID, type: ['Profile'], name: 'Citizen 2.1 partnership' },
    validFrom: '2025-03-01T09:00:00Z',
    name: 'Witness',
    achievement: buildAchievement({
      id: `https://${ISSUER_HOST}/achievements/witness`,
      name: 'Witness',
      description: 'Took part, as a trainee, in a Citizen 2.1 training course.',
      criteria: { narrative: 'Attend a Citizen 2.1 training course.' },
    }),
    recipient: { identityHash: hashEmailIdentity(RECIPIENT_EMAIL, 'a1b2c3d4'), salt: 'a1b2c3d4' },
    ...overrides,
  });
}

export async function sign(
  document: Record<string, unknown>,
  key: KeyObject = issuerKey.privateKey,
  verificationMethod = issuerMethod,
): Promise<Record<string, unknown>> {
  return signEddsaRdfc2022(document, {
    privateKey: key,
    verificationMethod,
    created: '2025-03-01T09:00:00Z',
  });
}

export async function statusListCredential(
  bits: Uint8Array,
  options: { purpose?: string; issuer?: string; id?: string } = {},
): Promise<Record<string, unknown>> {
  const id = options.id ?? STATUS_LIST_URL;
  return sign({
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: options.issuer ?? ISSUER_DID,
    validFrom: '2025-01-01T00:00:00Z',
    credentialSubject: {
      id: `${id}#list`,
      type: 'BitstringStatusList',
      statusPurpose: options.purpose ?? 'revocation',
      encodedList: encodeStatusList(bits),
    },
  });
}
