import { createBadgeClass, updateBadgeClass } from '../../awards/badge-class-admin.js';
import { apiError } from '../api-error.js';
import { json } from '../http.js';
import { defineRoute } from '../route.js';
import type { ApiRuntime } from '../runtime.js';
import {
  badgeClassCreateSchema,
  badgeClassListSchema,
  badgeClassPathSchema,
  badgeClassUpdateSchema,
  badgeClassViewSchema,
} from '../schemas.js';
import { badgeClassView } from '../views.js';

const TAGS = ['badge classes'];
/** Two base64 images of 512 KiB and the text fields. */
const BADGE_CLASS_BODY = 1536 * 1024;

const adminDeps = (runtime: ApiRuntime) => ({
  store: runtime.badgeClassStore,
  files: runtime.files,
  baseUrl: runtime.publicBaseUrl,
  clock: runtime.clock,
});

const bytesOf = (base64: string | undefined) =>
  base64 === undefined ? undefined : new Uint8Array(Buffer.from(base64, 'base64'));

export const listBadgeClasses = defineRoute({
  method: 'GET',
  path: '/v1/badge-classes',
  operationId: 'listBadgeClasses',
  summary: 'List the badge classes',
  tags: TAGS,
  access: 'organizer',
  responses: { 200: { description: 'Every badge class', schema: badgeClassListSchema } },
  async handle({ runtime }) {
    const all = await runtime.badgeClassStore.list();
    return json(200, { badgeClasses: all.map((stored) => badgeClassView(stored, runtime.publicBaseUrl)) });
  },
});

export const getBadgeClass = defineRoute({
  method: 'GET',
  path: '/v1/badge-classes/{slug}',
  operationId: 'getBadgeClass',
  summary: 'Get one badge class',
  tags: TAGS,
  access: 'organizer',
  params: badgeClassPathSchema,
  responses: { 200: { description: 'The badge class', schema: badgeClassViewSchema } },
  async handle({ params, runtime }) {
    const stored = await runtime.badgeClassStore.get(params.slug);
    if (!stored) throw apiError('BADGE_NOT_FOUND', 404, `badge class ${params.slug} does not exist`);
    return json(200, badgeClassView(stored, runtime.publicBaseUrl));
  },
});

export const createBadgeClassRoute = defineRoute({
  method: 'POST',
  path: '/v1/badge-classes',
  operationId: 'createBadgeClass',
  summary: 'Create a badge class and publish its documents',
  description:
    'The PNG image (base64, at most 512 KiB) is baked into every credential of the badge; an SVG rendition may be given too. Both are checked (structure, no active content in SVG). Alignments name framework entries such as ESCO skills (targetName, targetUrl, targetFramework, targetCode).',
  tags: TAGS,
  access: 'admin',
  body: { schema: badgeClassCreateSchema, maxBytes: BADGE_CLASS_BODY },
  responses: { 201: { description: 'Created and published', schema: badgeClassViewSchema } },
  async handle({ body, runtime }) {
    const stored = await createBadgeClass(
      {
        slug: body.slug,
        name: body.name,
        description: body.description,
        criteria: body.criteria,
        tags: body.tags,
        ...(body.alignment ? { alignment: body.alignment } : {}),
        image: bytesOf(body.image) as Uint8Array,
        ...(body.svgImage ? { svgImage: bytesOf(body.svgImage) as Uint8Array } : {}),
      },
      adminDeps(runtime),
    );
    return json(201, badgeClassView(stored, runtime.publicBaseUrl), {
      location: `/v1/badge-classes/${stored.slug}`,
    });
  },
});

export const updateBadgeClassRoute = defineRoute({
  method: 'PATCH',
  path: '/v1/badge-classes/{slug}',
  operationId: 'updateBadgeClass',
  summary: 'Change a badge class and republish its documents',
  description:
    'Only the fields given change. Awards made from now on use the new version; published credentials keep theirs.',
  tags: TAGS,
  access: 'admin',
  params: badgeClassPathSchema,
  body: { schema: badgeClassUpdateSchema, maxBytes: BADGE_CLASS_BODY },
  responses: { 200: { description: 'Changed and republished', schema: badgeClassViewSchema } },
  async handle({ params, body, runtime }) {
    const { image, svgImage, ...fields } = body;
    const stored = await updateBadgeClass(
      params.slug,
      {
        ...fields,
        ...(image ? { image: bytesOf(image) } : {}),
        ...(svgImage ? { svgImage: bytesOf(svgImage) } : {}),
      },
      adminDeps(runtime),
    );
    return json(200, badgeClassView(stored, runtime.publicBaseUrl));
  },
});
