import { z } from 'zod';
import { participationRecordedSchema } from '../../events/participation-recorded.js';
import { apiError } from '../api-error.js';
import { json } from '../http.js';
import { defineRoute } from '../route.js';

/** The two operations without a token: the API's own description, and signed event ingestion. */
export const ingestBodySchema = z.union([
  participationRecordedSchema,
  z.strictObject({ events: z.array(participationRecordedSchema).min(1).max(100) }),
]);

export const postEvents = defineRoute({
  method: 'POST',
  path: '/events',
  operationId: 'postEvents',
  summary: 'Record participation events (HMAC-signed)',
  description:
    'For registration systems that cannot put events on the bus. The request is signed with a shared key: `X-Badges-Signature: v1=` + hex(HMAC-SHA256(secret, `<timestamp>.<body>`)). Each event gets its own result.',
  tags: ['events'],
  access: 'public',
  headers: [
    { name: 'X-Badges-Key-Id', description: 'The id of the sender’s key', required: true },
    {
      name: 'X-Badges-Timestamp',
      description: 'Unix seconds, within 5 minutes of the server’s time',
      required: true,
    },
    {
      name: 'X-Badges-Signature',
      description: '`v1=` and the hex HMAC-SHA256 of `<timestamp>.<body>`',
      required: true,
    },
  ],
  body: { schema: ingestBodySchema, raw: true, maxBytes: 256 * 1024 },
  responses: {
    202: { description: 'At least one event was accepted; one result per event' },
    400: { description: 'No event was accepted; one result per event' },
    409: { description: 'This signed request was accepted before (a replay)' },
  },
  async handle({ text, request, runtime }) {
    if (!runtime.ingest)
      throw apiError(
        'NOT_IMPLEMENTED',
        501,
        'event ingestion over HTTPS is not available on this deployment',
      );
    const { status, body } = await runtime.ingest({ body: text ?? '', headers: { ...request.headers } });
    return json(status, body);
  },
});

/** Filled in by the route table, which builds the document from every route (itself included). */
export function openApiRoute(document: () => unknown) {
  return defineRoute({
    method: 'GET',
    path: '/openapi.json',
    operationId: 'getOpenApi',
    summary: 'This API’s OpenAPI 3.1 description',
    tags: ['meta'],
    access: 'public',
    responses: { 200: { description: 'The OpenAPI document' } },
    async handle() {
      return json(200, document(), { 'cache-control': 'public, max-age=300' });
    },
  });
}
