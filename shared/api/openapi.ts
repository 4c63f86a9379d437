import { z } from 'zod';
import type { AnyRoute } from './route.js';
import { errorBodySchema } from './schemas.js';

/**
 * The OpenAPI 3.1 description of the API, generated from the route table: paths, parameters and request bodies
 * are the JSON Schemas of the very zod schemas the dispatcher validates with (OpenAPI 3.1 uses JSON Schema
 * 2020-12 as is), so the document cannot promise what the API does not check.
 */
export const API_VERSION = '1.0.0';

type JsonSchema = Record<string, unknown>;

/** A request schema as the document states it: what a client may send (defaults make fields optional). */
export function requestJsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
}

function responseJsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'output',
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
}

function parametersOf(schema: z.ZodType | undefined, location: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const json = requestJsonSchema(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}

const ERROR_RESPONSE = { $ref: '#/components/responses/Error' };

function operationOf(route: AnyRoute): JsonSchema {
  const parameters = [
    ...parametersOf(route.params, 'path'),
    ...parametersOf(route.query, 'query'),
    ...(route.headers ?? []).map((header) => ({
      name: header.name,
      in: 'header',
      required: header.required,
      description: header.description,
      schema: { type: 'string' },
    })),
    ...(route.idempotent
      ? [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            description:
              'Makes a retry safe: the first response to the key is kept for 24 hours and returned again (with `Idempotent-Replayed: true`); the same key with a different request is a 422.',
            schema: { type: 'string', minLength: 1, maxLength: 255 },
          },
        ]
      : []),
  ];
  const responses: Record<string, unknown> = {};
  for (const [status, spec] of Object.entries(route.responses)) {
    const mediaTypes = spec.mediaTypes ?? ['application/json'];
    responses[status] = {
      description: spec.description,
      ...(spec.schema || mediaTypes.length
        ? {
            content: Object.fromEntries(
              mediaTypes.map((type) => [
                type,
                {
                  schema:
                    type === 'application/json' && spec.schema
                      ? responseJsonSchema(spec.schema)
                      : { type: type === 'application/json' ? 'object' : 'string' },
                },
              ]),
            ),
          }
        : {}),
    };
  }
  const errors: string[] = ['500'];
  if (route.params || route.query || route.body) errors.push('400');
  if (route.params) errors.push('404');
  if (route.body) errors.push('413');
  if (route.body && !route.body.raw) errors.push('415');
  if (route.idempotent) errors.push('422');
  if (route.access !== 'public') errors.push('401', '403');
  for (const status of errors) responses[status] ??= ERROR_RESPONSE;

  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: route.tags,
    security: route.access === 'public' ? [] : [{ organiserToken: [] }],
    ...(route.access === 'public' ? {} : { 'x-required-role': route.access }),
    ...(parameters.length ? { parameters } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: requestJsonSchema(route.body.schema) },
              ...(route.body.csv
                ? {
                    'text/csv': {
                      schema: { type: 'string', description: route.body.csvDescription ?? 'CSV' },
                    },
                  }
                : {}),
            },
          },
        }
      : {}),
    responses,
  };
}

export function buildOpenApiDocument(routes: readonly AnyRoute[]): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = operationOf(route);
  }
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Open Badges issuer: organiser API',
      version: API_VERSION,
      description:
        'Award, search, revoke and re-issue Open Badges; manage badge classes and award rules. Organisers (role `organizer`) award, search, revoke and re-issue; admins (role `admin`) also manage badge classes and rules. Roles come from the token’s `cognito:groups`, `roles` or `scope` claim.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    paths,
    components: {
      securitySchemes: {
        organiserToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'An access token of the organisation’s identity provider (Cognito user pool or OIDC issuer).',
        },
      },
      schemas: { Error: responseJsonSchema(errorBodySchema) },
      responses: {
        Error: {
          description:
            'An error: a stable `code`, a message and, for invalid input, the fields at fault. Server errors reveal nothing internal.',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    },
  };
}
