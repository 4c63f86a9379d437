import { describe, expect, it } from 'vitest';
import { buildPublishedProfile } from '../../../shared/ob3/profile.js';
import {
  CREDENTIAL_SCHEMA_URLS,
  isBundledSchema,
  validateAchievementCredential,
  validateAgainstSchemaUrl,
  validateEndorsementCredential,
  validateProfile,
  wrapSingleValuesWhereArraysExpected,
} from '../../../shared/ob3/schema.js';
import { readOb30Json } from './fixture-fetcher.js';
import { unsignedCredential } from './issuer-fixture.js';

describe('OB 3.0 JSON Schemas', () => {
  it('accept credentials, endorsements and profiles in their canonical form', () => {
    expect(validateAchievementCredential(readOb30Json('simple.json'))).toEqual({ valid: true });
    expect(validateAchievementCredential(unsignedCredential())).toEqual({ valid: true });
    expect(validateEndorsementCredential(readOb30Json('endorsement-valid.json'))).toEqual({ valid: true });
    expect(
      validateProfile(
        buildPublishedProfile({ id: 'https://badges.example.org/issuer', name: 'Citizen 2.1' }),
      ),
    ).toEqual({
      valid: true,
    });
  });

  it('report each error with a JSON Pointer and a message', () => {
    const { issuer: _issuer, ...anonymous } = readOb30Json('simple.json');
    const result = validateAchievementCredential({ ...anonymous, validFrom: 'yesterday' });
    expect(result.valid).toBe(false);
    if (result.valid) return;
    expect(result.errors).toContainEqual({ path: '', message: "must have required property 'issuer'" });
    expect(result.errors).toContainEqual({ path: '/validFrom', message: 'must match format "date-time"' });
  });

  it('reject an endorsement checked as an achievement credential, and the reverse', () => {
    expect(validateAchievementCredential(readOb30Json('endorsement-valid.json')).valid).toBe(false);
    expect(validateEndorsementCredential(readOb30Json('simple.json')).valid).toBe(false);
    expect(validateProfile({ id: 'https://badges.example.org/issuer', type: ['Organization'] }).valid).toBe(
      false,
    );
  });

  it('resolve the purl URLs credentials cite and the $ids inside the files to the same schemas', () => {
    const endorsement = readOb30Json('endorsement-valid.json');
    expect(validateAgainstSchemaUrl(CREDENTIAL_SCHEMA_URLS.endorsementcredential, endorsement)).toEqual({
      valid: true,
    });
    expect(
      validateAgainstSchemaUrl(
        'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_endorsementcredential-jsonschema1.json',
        endorsement,
      ),
    ).toEqual({ valid: true });
    expect(isBundledSchema(CREDENTIAL_SCHEMA_URLS.achievementcredential)).toBe(true);
    expect(
      validateAgainstSchemaUrl('https://state.gov/schema/endorsementcredential.json', endorsement),
    ).toBeUndefined();
    expect(isBundledSchema('profile')).toBe(false);
  });

  it('wrap single values where the plain JSON form wants one-item arrays, and only there', () => {
    const compact = readOb30Json('simple-did-web-method.json');
    expect(validateAchievementCredential(compact).valid).toBe(false);
    const wrapped = wrapSingleValuesWhereArraysExpected('achievementcredential', compact) as Record<
      string,
      unknown
    >;
    expect(Array.isArray(wrapped.proof)).toBe(true);
    expect(validateAchievementCredential(wrapped)).toEqual({ valid: true });
    expect(compact.proof).not.toBeInstanceOf(Array);
    expect(
      wrapSingleValuesWhereArraysExpected('achievementcredential', readOb30Json('simple.json')),
    ).toBeUndefined();
  });
});
