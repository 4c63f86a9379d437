export { buildOb2Assertion, type Ob2AssertionInput } from './assertion.js';
export { buildOb2BadgeClass, type Ob2BadgeClassInput } from './badge-class.js';
export { buildCryptographicKey, type Ob2CryptographicKeyInput } from './cryptographic-key.js';
export {
  hashEmailIdentity,
  identityHashMatchesEmail,
  newSalt,
  normalizeEmail,
  plainIdentityMatchesEmail,
} from './identity.js';
export { buildOb2Issuer, type Ob2IssuerInput } from './issuer.js';
export { buildRevocationList, type Ob2RevocationListInput } from './revocation-list.js';
export { signOb2Assertion } from './sign.js';
export type * from './types.js';
export { type Ob2Input, type Ob2VerifyOptions, verifyOb2 } from './verify.js';
