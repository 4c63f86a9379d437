import { describe, expect, it } from 'vitest';
import { errorResponse } from '../../shared/api/api-error.js';
import { decodeCursor, encodeCursor, queryFingerprint } from '../../shared/api/cursor.js';
import { BadgeError, isBadgeError } from '../../shared/errors.js';

describe('error bodies', () => {
  it('give callers the code, message and fields of a 4xx', () => {
    const error = new BadgeError('RULE_INVALID', 'invalid rule: roles.0: bad', {
      details: { fields: [{ field: 'roles.0', message: 'bad' }] },
    });
    expect(errorResponse(error, 'req-1')).toEqual({
      statusCode: 400,
      headers: {},
      body: {
        error: {
          code: 'RULE_INVALID',
          message: 'invalid rule: roles.0: bad',
          fields: [{ field: 'roles.0', message: 'bad' }],
          requestId: 'req-1',
        },
      },
    });
    expect(
      errorResponse(
        new BadgeError('AWARD_NOT_FOUND', 'gone', { status: 404, details: { field: 'awardId' } }),
        'r',
      ).body.error.fields,
    ).toEqual([{ field: 'awardId', message: 'gone' }]);
  });

  it('reveal nothing of a server error: not its message, code or details', () => {
    const internal = new BadgeError('CONFIG_MISSING', 'Environment variable TABLE_NAME is not set', {
      status: 500,
      details: { variable: 'TABLE_NAME' },
    });
    const crash = new Error('connect ECONNREFUSED 10.0.0.7:8000 /var/task/app/index.mjs');
    for (const error of [internal, crash]) {
      const { statusCode, body } = errorResponse(error, 'req-2');
      expect(statusCode).toBe(500);
      expect(body).toEqual({
        error: { code: 'INTERNAL_ERROR', message: 'the request could not be completed', requestId: 'req-2' },
      });
    }
    expect(
      errorResponse(
        new BadgeError('STATUS_LIST_CONTENDED', 'status list revocation-1 kept changing', { status: 503 }),
        'r',
      ).body.error.code,
    ).toBe('SERVICE_UNAVAILABLE');
  });

  it('ask for a bearer token on a 401', () => {
    expect(errorResponse(new BadgeError('UNAUTHORIZED', 'no token', { status: 401 }), 'r').headers).toEqual({
      'www-authenticate': 'Bearer',
    });
  });
});

describe('pagination cursors', () => {
  const fingerprint = queryFingerprint({ badge: 'witness', status: undefined });
  const position = { pk: 'AWARD#3040cb83-8a88-8749-85f9-7810fa7819af', sk: 'AWARD' };
  const codeOf = (cursor: string, expected = fingerprint) => {
    try {
      decodeCursor(cursor, expected);
      return 'accepted';
    } catch (error) {
      return isBadgeError(error) ? `${error.status} ${error.code}` : 'other';
    }
  };

  it('carry the store position back unchanged', () => {
    expect(decodeCursor(encodeCursor(position, fingerprint), fingerprint)).toEqual(position);
  });

  it('are refused when edited, forged, or presented with other criteria', () => {
    const cursor = encodeCursor(position, fingerprint);
    expect(codeOf(`${cursor.slice(0, -2)}x`)).toBe('400 CURSOR_INVALID');
    expect(codeOf(Buffer.from('{"v":1}').toString('base64url'))).toBe('400 CURSOR_INVALID');
    expect(
      codeOf(Buffer.from(JSON.stringify({ v: 1, q: fingerprint, p: { pk: 1 } })).toString('base64url')),
    ).toBe('400 CURSOR_INVALID');
    expect(codeOf('not base64!')).toBe('400 CURSOR_INVALID');
    expect(codeOf(cursor, queryFingerprint({ badge: 'pioneer', status: undefined }))).toBe(
      '400 CURSOR_INVALID',
    );
    expect(codeOf('A'.repeat(5000))).toBe('400 CURSOR_INVALID');
  });

  it('fingerprint criteria regardless of their order', () => {
    expect(queryFingerprint({ a: '1', b: undefined })).toBe(queryFingerprint({ b: undefined, a: '1' }));
    expect(queryFingerprint({ a: '1' })).not.toBe(queryFingerprint({ a: '2' }));
  });
});
