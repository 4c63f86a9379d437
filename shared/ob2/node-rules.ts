import type { LinkedNodeRule } from './linked-nodes.js';
import { badgeClassProblems, cryptographicKeyProblems, issuerProblems } from './structure.js';

/** How each document an assertion links to is checked when it is fetched or found embedded. */
export const BADGE_CLASS_RULE: LinkedNodeRule = {
  label: 'BadgeClass',
  classes: ['BadgeClass'],
  problems: badgeClassProblems,
  requireContext: true,
};

export const ISSUER_RULE: LinkedNodeRule = {
  label: 'Issuer',
  classes: ['Issuer', 'Profile'],
  problems: issuerProblems,
  requireContext: true,
};

export const CRYPTOGRAPHIC_KEY_RULE: LinkedNodeRule = {
  label: 'CryptographicKey',
  classes: ['CryptographicKey'],
  problems: cryptographicKeyProblems,
  requireContext: false,
  typeOptional: true,
};
