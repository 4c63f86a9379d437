import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument, requestJsonSchema } from '../../shared/api/openapi.js';
import { Router } from '../../shared/api/router.js';
import { apiRoutes } from '../../shared/api/routes/index.js';
import { awardRequestSchema, bulkAwardSchema } from '../../shared/api/schemas.js';
import { isBadgeError } from '../../shared/errors.js';

const routes = apiRoutes();
const document = buildOpenApiDocument(routes) as {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        operationId: string;
        requestBody?: { content: Record<string, { schema: unknown }> };
        parameters?: Array<{ name: string; in: string; required: boolean; schema: unknown }>;
        security: unknown[];
        responses: Record<string, unknown>;
      }
    >
  >;
};
const router = new Router(routes);
/** A concrete path for a template: each parameter replaced by a value its schema accepts. */
const concrete = (template: string) =>
  template
    .replace('{awardId}', '3040cb83-8a88-8749-85f9-7810fa7819af')
    .replace('{slug}', 'witness')
    .replace('{ruleId}', 'citizen21-witness');

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with unique operation ids', () => {
    expect(document.openapi).toBe('3.1.0');
    const ids = Object.values(document.paths).flatMap((operations) =>
      Object.values(operations).map((operation) => operation.operationId),
    );
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(routes.length);
  });

  it('documents every route of the router', () => {
    for (const route of routes) {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation?.operationId, `${route.method} ${route.path}`).toBe(route.operationId);
    }
  });

  it('documents no operation the router does not serve', () => {
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const match = router.match(method.toUpperCase(), concrete(path));
        expect(match.route.operationId).toBe(operation.operationId);
      }
    }
  });

  it('states exactly the schemas the handlers validate with', () => {
    for (const route of routes) {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()];
      if (route.body) {
        expect(operation?.requestBody?.content['application/json']?.schema, route.operationId).toEqual(
          requestJsonSchema(route.body.schema),
        );
      } else {
        expect(operation?.requestBody, route.operationId).toBeUndefined();
      }
      const parameters = operation?.parameters ?? [];
      for (const [location, schema] of [
        ['path', route.params],
        ['query', route.query],
      ] as const) {
        const properties = schema
          ? ((requestJsonSchema(schema) as { properties?: Record<string, unknown> }).properties ?? {})
          : {};
        const documented = parameters.filter((parameter) => parameter.in === location);
        expect(
          Object.fromEntries(documented.map((parameter) => [parameter.name, parameter.schema])),
          `${route.operationId} ${location}`,
        ).toEqual(properties);
      }
    }
    // And the schemas are the request schemas of the domain, not copies.
    expect(document.paths['/v1/awards']?.post?.requestBody?.content['application/json']?.schema).toEqual(
      requestJsonSchema(awardRequestSchema),
    );
    expect(document.paths['/v1/awards/bulk']?.post?.requestBody?.content).toHaveProperty('text/csv');
    expect(document.paths['/v1/awards/bulk']?.post?.requestBody?.content['application/json']?.schema).toEqual(
      requestJsonSchema(bulkAwardSchema),
    );
  });

  it('marks the public operations as needing no token and every other one as needing a bearer token', () => {
    for (const route of routes) {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()];
      if (route.access === 'public') expect(operation?.security).toEqual([]);
      else {
        expect(operation?.security).toEqual([{ organiserToken: [] }]);
        expect(Object.keys(operation?.responses ?? {})).toEqual(expect.arrayContaining(['401', '403']));
      }
    }
    expect(
      routes
        .filter((route) => route.access === 'public')
        .map((route) => `${route.method} ${route.path}`)
        .sort(),
    ).toEqual(['GET /openapi.json', 'POST /events']);
  });

  it('documents Idempotency-Key on the operations that honour it', () => {
    for (const route of routes) {
      const names = (document.paths[route.path]?.[route.method.toLowerCase()]?.parameters ?? []).map(
        (parameter) => parameter.name,
      );
      expect(names.includes('Idempotency-Key'), route.operationId).toBe(route.idempotent === true);
    }
  });
});

describe('the router', () => {
  it('prefers literal segments over parameters', () => {
    expect(router.match('POST', '/v1/awards/bulk').route.operationId).toBe('bulkAwards');
    expect(router.match('GET', '/v1/awards/3040cb83-8a88-8749-85f9-7810fa7819af').params).toEqual({
      awardId: '3040cb83-8a88-8749-85f9-7810fa7819af',
    });
  });

  it('answers 405 with the allowed methods, and 404 for unknown paths', () => {
    const codeOf = (method: string, path: string) => {
      try {
        router.match(method, path);
        return 'matched';
      } catch (error) {
        return isBadgeError(error)
          ? `${error.status} ${error.code} ${(error as { allow?: string }).allow ?? ''}`.trim()
          : 'other';
      }
    };
    expect(codeOf('DELETE', '/v1/awards')).toBe('405 METHOD_NOT_ALLOWED GET, POST');
    expect(codeOf('GET', '/v1/nothing')).toBe('404 ROUTE_NOT_FOUND');
    expect(codeOf('GET', '/v1/awards/%E0%A4%A')).toBe('404 ROUTE_NOT_FOUND');
  });
});
