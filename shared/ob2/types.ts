import type { OB_V2_CONTEXT } from '../formats/contexts.js';

/** The OB 2.0 documents this product publishes, as plain JSON. */
type Context = typeof OB_V2_CONTEXT;

export interface Ob2Issuer {
  '@context': Context;
  type: 'Issuer';
  id: string;
  name: string;
  url: string;
  email: string;
  description?: string;
  image?: string;
  publicKey?: string[];
  revocationList?: string;
}

export interface Ob2Criteria {
  id?: string;
  narrative: string;
}

export interface Ob2Alignment {
  targetName: string;
  targetUrl: string;
  targetDescription?: string;
  targetFramework?: string;
  targetCode?: string;
}

export interface Ob2BadgeClass {
  '@context': Context;
  type: 'BadgeClass';
  id: string;
  name: string;
  description: string;
  image: string;
  criteria: Ob2Criteria;
  issuer: string;
  tags?: string[];
  alignment?: Ob2Alignment[];
}

/** Only hashed email identities are ever issued: the plaintext email never appears in a public document. */
export interface Ob2HashedEmailRecipient {
  type: 'email';
  hashed: true;
  identity: string;
  salt: string;
}

export interface Ob2Evidence {
  id?: string;
  narrative?: string;
  name?: string;
  description?: string;
}

export type Ob2Verification = { type: 'hosted' } | { type: 'signed'; creator: string };

export interface Ob2Assertion {
  '@context': Context;
  type: 'Assertion';
  id: string;
  recipient: Ob2HashedEmailRecipient;
  badge: string;
  issuedOn: string;
  expires?: string;
  image?: string;
  evidence?: string | Ob2Evidence[];
  narrative?: string;
  verification: Ob2Verification;
}

export interface Ob2CryptographicKey {
  '@context': Context;
  type: 'CryptographicKey';
  id: string;
  owner: string;
  publicKeyPem: string;
}

export interface Ob2RevokedAssertion {
  id: string;
  revocationReason?: string;
}

export interface Ob2RevocationList {
  '@context': Context;
  type: 'RevocationList';
  id: string;
  issuer: string;
  revokedAssertions: Ob2RevokedAssertion[];
}
