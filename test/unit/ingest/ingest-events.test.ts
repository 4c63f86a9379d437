import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  computeSignature,
  type IngestBus,
  type IngestDependencies,
  type IngestResponse,
  type IngestResult,
  ingestEvents,
  replayKeyOf,
  signIngestRequest,
} from '../../../shared/ingest/index.js';
import {
  busName,
  fixedClock,
  type IngestHarness,
  participation,
  startIngestHarness,
  tableName,
} from './ingest-harness.js';

const NOW = new Date('2026-03-12T10:00:00Z');
const NOW_SECONDS = NOW.getTime() / 1000;
const SECRETS = {
  'partner-a': 'a-secret-7f3e9c1d5b2a4e6f8091',
  'partner-b': 'b-secret-2c4e6a8b0d1f3e5a7c90',
};
const keyA = { keyId: 'partner-a', secret: SECRETS['partner-a'], now: NOW };

let harness: IngestHarness;
let warnings: { message: string; attributes?: Record<string, unknown> }[];
let serial = 0;

beforeAll(async () => {
  harness = await startIngestHarness();
});

afterAll(async () => {
  await harness?.stop();
});

beforeEach(async () => {
  warnings = [];
  await harness.drainEvents();
});

function deps(overrides: Partial<IngestDependencies> = {}): IngestDependencies {
  return {
    keys: async () => new Map(Object.entries(SECRETS)),
    nonces: harness.nonces,
    bus: harness.busFor(busName),
    clock: fixedClock(NOW),
    logger: { warn: (message, attributes) => warnings.push({ message, attributes }) },
    ...overrides,
  };
}

/** Every test signs its own bodies (fresh event ids), so no test replays another's request. */
function uniqueBody(): string {
  serial += 1;
  return JSON.stringify(participation(`reg-${serial}`));
}

function post(
  body: string,
  headers: Record<string, string | undefined>,
  overrides?: Partial<IngestDependencies>,
) {
  return ingestEvents({ body, headers }, deps(overrides));
}

function errorCode(response: IngestResponse): string | undefined {
  return 'error' in response.body ? response.body.error.code : undefined;
}

function results(response: IngestResponse): IngestResult[] {
  if (!('results' in response.body))
    throw new Error(`expected results, got ${JSON.stringify(response.body)}`);
  return response.body.results;
}

describe('signature verification', () => {
  it('accepts a correctly signed event and puts it on the bus with the sender as source', async () => {
    const body = uniqueBody();
    const response = await post(body, signIngestRequest(body, keyA));
    expect(response.status).toBe(202);
    const eventId = JSON.parse(body).eventId;
    expect(results(response)).toEqual([{ index: 0, eventId, status: 'accepted' }]);
    const delivered = await harness.drainEvents();
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({
      source: 'https.partner-a',
      'detail-type': 'Participation Recorded',
      detail: JSON.parse(body),
    });
  });

  it('accepts each of several valid keys, namespacing events per key id', async () => {
    const body = uniqueBody();
    const response = await post(
      body,
      signIngestRequest(body, { keyId: 'partner-b', secret: SECRETS['partner-b'], now: NOW }),
    );
    expect(response.status).toBe(202);
    expect((await harness.drainEvents()).map((event) => event.source)).toEqual(['https.partner-b']);
  });

  it('reads the header names in any letter case', async () => {
    const body = uniqueBody();
    const lowerCase = Object.fromEntries(
      Object.entries(signIngestRequest(body, keyA)).map(([name, value]) => [name.toLowerCase(), value]),
    );
    expect((await post(body, lowerCase)).status).toBe(202);
  });

  it('refuses a signature made with another secret as SIGNATURE_INVALID, revealing nothing of the right one', async () => {
    const body = uniqueBody();
    const response = await post(body, signIngestRequest(body, { ...keyA, secret: 'not-the-secret' }));
    expect(response.status).toBe(401);
    expect(errorCode(response)).toBe('SIGNATURE_INVALID');
    const rightSignature = computeSignature(SECRETS['partner-a'], String(NOW_SECONDS), body).slice(3);
    const shown = JSON.stringify(response) + JSON.stringify(warnings);
    expect(shown).not.toContain(rightSignature);
    expect(shown).not.toContain(SECRETS['partner-a']);
    expect(await harness.drainEvents()).toEqual([]);
  });

  it('refuses a body changed by one byte after signing', async () => {
    const body = uniqueBody();
    const headers = signIngestRequest(body, keyA);
    const tampered = body.replace('"attended"', '"organized"');
    expect(tampered).not.toBe(body);
    const response = await post(tampered, headers);
    expect(errorCode(response)).toBe('SIGNATURE_INVALID');
    expect(await harness.drainEvents()).toEqual([]);
  });

  it('refuses a timestamp more than five minutes old or ahead as TIMESTAMP_OUT_OF_RANGE', async () => {
    for (const offsetSeconds of [-301, 301, -86_400]) {
      const body = uniqueBody();
      const signedAt = new Date(NOW.getTime() + offsetSeconds * 1000);
      const response = await post(body, signIngestRequest(body, { ...keyA, now: signedAt }));
      expect(response.status).toBe(401);
      expect(errorCode(response)).toBe('TIMESTAMP_OUT_OF_RANGE');
    }
  });

  it('accepts a timestamp exactly five minutes old or ahead', async () => {
    for (const offsetSeconds of [-300, 300]) {
      const body = uniqueBody();
      const signedAt = new Date(NOW.getTime() + offsetSeconds * 1000);
      expect((await post(body, signIngestRequest(body, { ...keyA, now: signedAt }))).status).toBe(202);
    }
  });

  it('refuses a signed timestamp that is not Unix seconds', async () => {
    for (const timestamp of [
      NOW.toISOString(),
      String(NOW.getTime()),
      `${NOW_SECONDS}.5`,
      `-${NOW_SECONDS}`,
    ]) {
      const body = uniqueBody();
      const response = await post(body, {
        'X-Badges-Key-Id': 'partner-a',
        'X-Badges-Timestamp': timestamp,
        'X-Badges-Signature': computeSignature(SECRETS['partner-a'], timestamp, body),
      });
      expect(errorCode(response)).toBe('TIMESTAMP_OUT_OF_RANGE');
    }
  });

  it('refuses an unknown key id as KEY_UNKNOWN', async () => {
    const body = uniqueBody();
    const response = await post(body, signIngestRequest(body, { ...keyA, keyId: 'partner-z' }));
    expect(response.status).toBe(401);
    expect(errorCode(response)).toBe('KEY_UNKNOWN');
  });

  it('refuses a request without any one of the three headers, or with one blank, as SIGNATURE_MISSING', async () => {
    const body = uniqueBody();
    const signed = signIngestRequest(body, keyA);
    for (const name of Object.keys(signed)) {
      for (const replacement of [undefined, '  ']) {
        const response = await post(body, { ...signed, [name]: replacement });
        expect(response.status).toBe(401);
        expect(errorCode(response)).toBe('SIGNATURE_MISSING');
      }
    }
    expect(errorCode(await post(body, {}))).toBe('SIGNATURE_MISSING');
  });

  it('answers malformed signatures of any length with SIGNATURE_INVALID rather than an exception', async () => {
    const body = uniqueBody();
    const signed = signIngestRequest(body, keyA);
    const hex = signed['X-Badges-Signature'].slice(3);
    for (const signature of [
      `v1=${hex.slice(0, 32)}`,
      `v1=${hex}ab`,
      `v1=${'g'.repeat(64)}`,
      hex,
      `v2=${hex}`,
    ]) {
      const response = await post(body, { ...signed, 'X-Badges-Signature': signature });
      expect(errorCode(response)).toBe('SIGNATURE_INVALID');
    }
  });

  it('lets an infrastructure failure reading the keys through to the caller', async () => {
    const body = uniqueBody();
    const failing = async (): Promise<Map<string, string>> => {
      throw Object.assign(new Error('Secrets Manager unavailable'), { name: 'InternalServiceError' });
    };
    await expect(post(body, signIngestRequest(body, keyA), { keys: failing })).rejects.toThrow('unavailable');
  });
});

describe('replay protection', () => {
  it('accepts a signed request once and answers the same request again with 409 REPLAYED', async () => {
    const body = uniqueBody();
    const headers = signIngestRequest(body, keyA);
    expect((await post(body, headers)).status).toBe(202);
    const replay = await post(body, headers);
    expect(replay.status).toBe(409);
    expect(errorCode(replay)).toBe('REPLAYED');
    expect(await harness.drainEvents()).toHaveLength(1);
  });

  it('remembers the request in the table until ten minutes after its timestamp', async () => {
    const body = uniqueBody();
    const headers = signIngestRequest(body, keyA);
    await post(body, headers);
    const key = replayKeyOf({ keyId: 'partner-a', timestamp: NOW_SECONDS }, body);
    const stored = await harness.documents.send(
      new GetCommand({
        TableName: tableName,
        Key: { pk: `INGEST#${key}`, sk: 'NONCE' },
        ConsistentRead: true,
      }),
    );
    expect(stored.Item).toMatchObject({ expiresAt: NOW_SECONDS + 600 });
  });

  it('still recognises a replay whose signature is re-cased', async () => {
    const body = uniqueBody();
    const headers = signIngestRequest(body, keyA);
    await post(body, headers);
    const recased = {
      ...headers,
      'X-Badges-Signature': `v1=${headers['X-Badges-Signature'].slice(3).toUpperCase()}`,
    };
    expect(errorCode(await post(body, recased))).toBe('REPLAYED');
  });

  it('treats the same body signed with a new timestamp as a new request', async () => {
    const body = uniqueBody();
    await post(body, signIngestRequest(body, keyA));
    const later = new Date(NOW.getTime() + 1000);
    expect((await post(body, signIngestRequest(body, { ...keyA, now: later }))).status).toBe(202);
  });

  it('accepts exactly one of several concurrent copies of a signed request', async () => {
    const body = uniqueBody();
    const headers = signIngestRequest(body, keyA);
    const responses = await Promise.all(Array.from({ length: 5 }, () => post(body, headers)));
    expect(responses.map((response) => response.status).sort()).toEqual([202, 409, 409, 409, 409]);
    expect(await harness.drainEvents()).toHaveLength(1);
  });

  it('does not spend a nonce on a request whose signature is wrong', async () => {
    const body = uniqueBody();
    await post(body, signIngestRequest(body, { ...keyA, secret: 'not-the-secret' }));
    expect((await post(body, signIngestRequest(body, keyA))).status).toBe(202);
  });
});

describe('the body', () => {
  const LIMIT = 256 * 1024;

  it('refuses more than 256 KB with 413 BODY_TOO_LARGE, before looking at the signature', async () => {
    const body = `{"events":[${' '.repeat(LIMIT)}]}`;
    const response = await post(body, {});
    expect(response.status).toBe(413);
    expect(errorCode(response)).toBe('BODY_TOO_LARGE');
  });

  it('counts the limit in UTF-8 bytes', async () => {
    const body = JSON.stringify({ padding: 'é'.repeat(LIMIT / 2) });
    expect(body.length).toBeLessThan(LIMIT);
    expect(errorCode(await post(body, signIngestRequest(body, keyA)))).toBe('BODY_TOO_LARGE');
  });

  it('accepts a body of exactly 256 KB', async () => {
    const compact = uniqueBody();
    const body = compact + ' '.repeat(LIMIT - Buffer.byteLength(compact));
    expect(Buffer.byteLength(body)).toBe(LIMIT);
    expect((await post(body, signIngestRequest(body, keyA))).status).toBe(202);
  });

  it('refuses bodies of any other shape as BODY_INVALID', async () => {
    const event = participation('reg-shape');
    const shapes = [
      'not json',
      'null',
      '"text"',
      JSON.stringify([event]),
      JSON.stringify({ events: [] }),
      JSON.stringify({ events: event }),
      JSON.stringify({ events: [event], source: 'x' }),
      JSON.stringify({
        events: Array.from({ length: 101 }, (_, index) => participation(`reg-many-${index}`)),
      }),
    ];
    for (const body of shapes) {
      const response = await post(body, signIngestRequest(body, keyA));
      expect(response.status).toBe(400);
      expect(errorCode(response)).toBe('BODY_INVALID');
    }
    expect(await harness.drainEvents()).toEqual([]);
  });

  it('puts a batch of 100 events on the bus, ten per PutEvents call', async () => {
    serial += 1;
    const events = Array.from({ length: 100 }, (_, index) => participation(`batch-${serial}-${index}`));
    const body = JSON.stringify({ events });
    const calls: number[] = [];
    const real = harness.busFor(busName);
    const counting: IngestBus = {
      putEvents: (entries) => {
        calls.push(entries.length);
        return real.putEvents(entries);
      },
    };
    const response = await post(body, signIngestRequest(body, keyA), { bus: counting });
    expect(response.status).toBe(202);
    expect(results(response).every((result) => result.status === 'accepted')).toBe(true);
    expect(results(response).map((result) => result.index)).toEqual(events.map((_, index) => index));
    expect(calls).toEqual(Array(10).fill(10));
    const delivered = await harness.drainEvents();
    expect(new Set(delivered.map((event) => (event.detail as { eventId: string }).eventId))).toEqual(
      new Set(events.map((event) => event.eventId)),
    );
  });

  it('accepts the valid events of a batch and reports the invalid ones with their fields', async () => {
    serial += 1;
    const body = JSON.stringify({
      events: [
        participation(`mixed-${serial}-0`),
        participation(`mixed-${serial}-1`, { role: 'lectured' }),
        42,
      ],
    });
    const response = await post(body, signIngestRequest(body, keyA));
    expect(response.status).toBe(202);
    const [accepted, invalid, notAnObject] = results(response);
    expect(accepted).toEqual({ index: 0, eventId: `mixed-${serial}-0`, status: 'accepted' });
    expect(invalid).toMatchObject({ index: 1, eventId: `mixed-${serial}-1`, status: 'invalid' });
    expect(invalid?.status === 'invalid' && invalid.fields.map((field) => field.field)).toEqual(['role']);
    expect(notAnObject).toMatchObject({ index: 2, eventId: null, status: 'invalid' });
    expect(await harness.drainEvents()).toHaveLength(1);
  });

  it('answers 400 when no event is valid', async () => {
    const body = JSON.stringify({ events: [participation('bad-1', { participant: { email: 'nope' } })] });
    const response = await post(body, signIngestRequest(body, keyA));
    expect(response.status).toBe(400);
    expect(results(response)[0]).toMatchObject({
      status: 'invalid',
      fields: [{ field: 'participant.email' }],
    });
  });
});

describe('bus failures', () => {
  it('answers 503 with every event failed when the bus refuses them all', async () => {
    serial += 1;
    const body = JSON.stringify({
      events: [participation(`lost-${serial}-0`), participation(`lost-${serial}-1`)],
    });
    const response = await post(body, signIngestRequest(body, keyA), { bus: harness.busFor('no-such-bus') });
    expect(response.status).toBe(503);
    for (const result of results(response)) {
      expect(result).toMatchObject({ status: 'failed', error: { code: 'EVENT_PUBLISH_FAILED' } });
    }
    expect(warnings.flatMap((warning) => warning.attributes?.errorCodes ?? [])).toContain(
      'ResourceNotFoundException',
    );
  });

  it('fails only the events of the PutEvents call that failed, and accepts the rest', async () => {
    serial += 1;
    const events = Array.from({ length: 25 }, (_, index) => participation(`partial-${serial}-${index}`));
    const body = JSON.stringify({ events });
    const real = harness.busFor(busName);
    let call = 0;
    const secondCallFails: IngestBus = {
      putEvents: async (entries) => {
        call += 1;
        if (call === 2) throw Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
        return real.putEvents(entries);
      },
    };
    const response = await post(body, signIngestRequest(body, keyA), { bus: secondCallFails });
    expect(response.status).toBe(202);
    const failed = results(response)
      .filter((result) => result.status === 'failed')
      .map((result) => result.index);
    expect(failed).toEqual(Array.from({ length: 10 }, (_, offset) => 10 + offset));
    expect(await harness.drainEvents()).toHaveLength(15);
    expect(warnings).toContainEqual(
      expect.objectContaining({ attributes: { events: 10, errorName: 'ThrottlingException' } }),
    );
  });

  it('answers 503 when some events are invalid and the bus failed the others', async () => {
    serial += 1;
    const body = JSON.stringify({ events: [participation(`gone-${serial}`), { eventId: 'half' }] });
    const response = await post(body, signIngestRequest(body, keyA), { bus: harness.busFor('no-such-bus') });
    expect(response.status).toBe(503);
    expect(results(response).map((result) => result.status)).toEqual(['failed', 'invalid']);
  });
});
