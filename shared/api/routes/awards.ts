import type { LinkedAwardRecord } from '../../awards/admin-ports.js';
import { participantKeyOf } from '../../awards/award-record.js';
import { reissueAward } from '../../awards/reissue-award.js';
import { requestAward } from '../../awards/request-award.js';
import { recordRevocation } from '../../awards/revoke-award.js';
import { ISSUER_SOURCE, REVOCATION_REQUESTED } from '../../events/participation-recorded.js';
import { normalizeEmail } from '../../ob2/identity.js';
import { apiError } from '../api-error.js';
import { toCsv } from '../csv.js';
import { decodeCursor, encodeCursor, queryFingerprint } from '../cursor.js';
import { json, text } from '../http.js';
import { defineRoute } from '../route.js';
import type { ApiRuntime } from '../runtime.js';
import {
  awardListQuerySchema,
  awardOutcomeSchema,
  awardPageSchema,
  awardPathSchema,
  awardRequestSchema,
  awardViewSchema,
  reissueResultSchema,
  reissueSchema,
  revokeSchema,
} from '../schemas.js';
import { AWARD_EXPORT_COLUMNS, awardExportRow, awardView } from '../views.js';

const SMALL_BODY = 64 * 1024;
const TAGS = ['awards'];

const view = (record: LinkedAwardRecord, runtime: ApiRuntime) =>
  awardView(record, runtime.publicBaseUrl, runtime.vcJwt);

async function existingAward(awardId: string, runtime: ApiRuntime): Promise<LinkedAwardRecord> {
  const record = (await runtime.awards.get(awardId)) as LinkedAwardRecord | undefined;
  if (!record) throw apiError('AWARD_NOT_FOUND', 404, `award ${awardId} does not exist`);
  return record;
}

export const createAward = defineRoute({
  method: 'POST',
  path: '/v1/awards',
  operationId: 'createAward',
  summary: 'Award a badge to one person',
  description:
    'Creates the award at once (one per person and badge) and has it issued and published. A person who already holds the badge is not awarded it again.',
  tags: TAGS,
  access: 'organizer',
  body: { schema: awardRequestSchema, maxBytes: SMALL_BODY },
  idempotent: true,
  responses: {
    201: { description: 'The award was created; it is being issued', schema: awardOutcomeSchema },
    200: {
      description: 'The person already has this award, or holds the badge from elsewhere',
      schema: awardOutcomeSchema,
    },
  },
  async handle({ body, runtime }) {
    const outcome = await requestAward(body, runtime);
    const award = view(outcome.award, runtime);
    return json(
      outcome.outcome === 'created' ? 201 : 200,
      { outcome: outcome.outcome, award },
      { location: `/v1/awards/${award.awardId}` },
    );
  },
});

export const listAwards = defineRoute({
  method: 'GET',
  path: '/v1/awards',
  operationId: 'listAwards',
  summary: 'List and search awards',
  description:
    'By badge, recipient email, status and award date range (inclusive), newest first when a badge or email is given. Pages are linked by an opaque cursor, valid only with the same criteria. `format=csv` exports the page as CSV, with cells that a spreadsheet could run as formulas neutralised by a leading apostrophe.',
  tags: TAGS,
  access: 'organizer',
  query: awardListQuerySchema,
  responses: {
    200: {
      description: 'One page of awards',
      schema: awardPageSchema,
      mediaTypes: ['application/json', 'text/csv'],
    },
  },
  async handle({ query, runtime }) {
    const criteria = {
      badge: query.badge,
      email: query.email === undefined ? undefined : normalizeEmail(query.email),
      status: query.status,
      from: query.from === undefined ? undefined : toSecond(query.from, 'up'),
      to: query.to === undefined ? undefined : toSecond(query.to, 'down'),
    };
    if (criteria.from && criteria.to && criteria.from > criteria.to) {
      throw apiError('VALIDATION_FAILED', 400, 'the date range is empty', [
        { field: 'from', message: 'must not be after to' },
      ]);
    }
    const fingerprint = queryFingerprint(criteria);
    const page = await runtime.search.search({
      ...(criteria.badge ? { badge: criteria.badge } : {}),
      ...(criteria.email ? { participantKey: participantKeyOf(criteria.email) } : {}),
      ...(criteria.status ? { status: criteria.status } : {}),
      ...(criteria.from ? { from: criteria.from } : {}),
      ...(criteria.to ? { to: criteria.to } : {}),
      limit: query.limit,
      ...(query.cursor ? { after: decodeCursor(query.cursor, fingerprint) } : {}),
    });
    const awards = page.awards.map((record) => view(record, runtime));
    const cursor = page.next ? encodeCursor(page.next, fingerprint) : undefined;
    if (query.format === 'csv') {
      return text(200, toCsv(AWARD_EXPORT_COLUMNS, awards.map(awardExportRow)), 'text/csv; charset=utf-8', {
        'content-disposition': 'attachment; filename="awards.csv"',
        ...(cursor ? { 'x-next-cursor': cursor } : {}),
      });
    }
    return json(200, { awards, ...(cursor ? { cursor } : {}) });
  },
});

export const getAward = defineRoute({
  method: 'GET',
  path: '/v1/awards/{awardId}',
  operationId: 'getAward',
  summary: 'Get one award with its public URLs',
  tags: TAGS,
  access: 'organizer',
  params: awardPathSchema,
  responses: { 200: { description: 'The award', schema: awardViewSchema } },
  async handle({ params, runtime }) {
    return json(200, view(await existingAward(params.awardId, runtime), runtime));
  },
});

export const revokeAward = defineRoute({
  method: 'POST',
  path: '/v1/awards/{awardId}/revoke',
  operationId: 'revokeAward',
  summary: 'Revoke an award',
  description:
    'Records the revocation at once; the status list, the OB 2.0 revocation list and the hosted assertion are republished shortly after. Revoking again keeps the first reason.',
  tags: TAGS,
  access: 'organizer',
  params: awardPathSchema,
  body: { schema: revokeSchema, maxBytes: SMALL_BODY },
  idempotent: true,
  responses: { 202: { description: 'Revoked; publication follows', schema: awardViewSchema } },
  async handle({ params, body, runtime }) {
    const record = await recordRevocation({ awardId: params.awardId, reason: body.reason }, runtime);
    await runtime.events.publish([
      { detailType: REVOCATION_REQUESTED, detail: { awardId: record.awardId, source: ISSUER_SOURCE } },
    ]);
    return json(202, view(record, runtime));
  },
});

export const reissue = defineRoute({
  method: 'POST',
  path: '/v1/awards/{awardId}/reissue',
  operationId: 'reissueAward',
  summary: 'Re-issue an award to a corrected email',
  description:
    'A new award of the same badge for the corrected address (linked back by `replaces`); the old award is revoked with a reason naming the new one (and linked forward by `replacedBy`).',
  tags: TAGS,
  access: 'organizer',
  params: awardPathSchema,
  body: { schema: reissueSchema, maxBytes: SMALL_BODY },
  idempotent: true,
  responses: { 201: { description: 'Re-issued', schema: reissueResultSchema } },
  async handle({ params, body, runtime }) {
    const { previous, replacement } = await reissueAward({ awardId: params.awardId, ...body }, runtime);
    return json(201, { previous: view(previous, runtime), replacement: view(replacement, runtime) });
  },
});

/** Award times are stored to the second: a bound is moved to a whole second without excluding what it includes. */
function toSecond(dateTime: string, direction: 'up' | 'down'): string {
  const time = Date.parse(dateTime);
  const seconds = direction === 'up' ? Math.ceil(time / 1000) : Math.floor(time / 1000);
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
