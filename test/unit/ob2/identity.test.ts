import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  hashEmailIdentity,
  identityHashMatchesEmail,
  newSalt,
  plainIdentityMatchesEmail,
} from '../../../shared/ob2/identity.js';

describe('hashEmailIdentity', () => {
  it("reproduces the 1EdTech fixtures' recipient hash (nobody@example.org, salt deadsea)", () => {
    expect(hashEmailIdentity('nobody@example.org', 'deadsea')).toBe(
      'sha256$ecf5409f3f4b91ab60cc5ef4c02aef7032354375e70cf4d8e43f6a1d29891942',
    );
  });

  it('trims and lowercases the email before hashing', () => {
    expect(hashEmailIdentity('  Nobody@Example.ORG \n', 'deadsea')).toBe(
      hashEmailIdentity('nobody@example.org', 'deadsea'),
    );
  });

  it('gives different hashes for different salts', () => {
    expect(hashEmailIdentity('nobody@example.org', 'a')).not.toBe(
      hashEmailIdentity('nobody@example.org', 'b'),
    );
  });
});

describe('newSalt', () => {
  it('is 16 bytes from the random source, as hex', () => {
    const counting = (size: number) => Uint8Array.from({ length: size }, (_, i) => i);
    expect(newSalt(counting)).toBe('000102030405060708090a0b0c0d0e0f');
  });

  it('draws fresh bytes by default', () => {
    const first = newSalt();
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(newSalt()).not.toBe(first);
  });
});

describe('identity matching', () => {
  it('matches a sha256 identity from the email in any case', () => {
    const identity = hashEmailIdentity('ada@example.org', 'pepper');
    expect(identityHashMatchesEmail(identity, 'ADA@example.org ', 'pepper')).toBe(true);
    expect(identityHashMatchesEmail(identity, 'ada@example.org', 'salt')).toBe(false);
    expect(identityHashMatchesEmail(identity, 'bob@example.org', 'pepper')).toBe(false);
  });

  it('matches an identity hashed from the email as typed, without normalisation', () => {
    const asTyped = `sha256$${createHash('sha256')
      .update('Ada@Example.org' + 'pepper')
      .digest('hex')}`;
    expect(identityHashMatchesEmail(asTyped, 'Ada@Example.org', 'pepper')).toBe(true);
    expect(identityHashMatchesEmail(asTyped, 'Ada@Example.org', 'salt')).toBe(false);
  });

  it('matches the legacy md5 form', () => {
    const md5 = createHash('md5')
      .update('x@example.org' + 'salt')
      .digest('hex');
    expect(identityHashMatchesEmail(`md5$${md5}`, 'x@example.org', 'salt')).toBe(true);
    expect(identityHashMatchesEmail(`md5$${md5}`, 'y@example.org', 'salt')).toBe(false);
  });

  it('rejects identities that are not hashes', () => {
    expect(identityHashMatchesEmail('ada@example.org', 'ada@example.org')).toBe(false);
    expect(identityHashMatchesEmail('sha1$abc', 'ada@example.org')).toBe(false);
  });

  it('compares plain email identities case-insensitively', () => {
    expect(plainIdentityMatchesEmail('Ada@Example.org', 'ada@example.org')).toBe(true);
    expect(plainIdentityMatchesEmail('ada@example.org', 'bob@example.org')).toBe(false);
  });
});
