import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { apiError } from './api-error.js';
import { requireRole } from './auth.js';
import { type ApiRequest, type ApiResponse, mediaTypeOf } from './http.js';
import { idempotencyKeyOf, idempotent } from './idempotency.js';
import {
  type ApiContext,
  type ApiLogger,
  authentication,
  bodyLimit,
  requestIdOf,
  typedErrors,
} from './middleware.js';
import type { AnyRoute, RouteContext } from './route.js';
import { Router } from './router.js';
import { apiRoutes } from './routes/index.js';
import type { ApiRuntime } from './runtime.js';
import { parseWith } from './validate.js';

/** The largest body any operation takes (a bulk import); API Gateway's own bound is 10 MB. */
export const MAX_REQUEST_BYTES = 4 * 1024 * 1024;

/**
 * The API function's handler: middlewares for errors, authentication and body size around one dispatcher,
 * which routes, checks the role, validates, applies `Idempotency-Key`, and runs the operation.
 */
export function createApiHandler(runtime: ApiRuntime, logger: ApiLogger) {
  const router = new Router(apiRoutes());
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, ApiContext>({
    timeoutEarlyInMillis: 0,
  })
    .use(typedErrors(logger))
    .use(authentication(runtime.tokens))
    .use(bodyLimit(MAX_REQUEST_BYTES))
    .handler(async (event, context) => {
      const request = toApiRequest(event);
      const { route, params } = router.match(request.method, request.path);
      const principal = context.principal;
      if (route.access !== 'public') {
        if (!principal) throw apiError('UNAUTHORIZED', 401, 'an access token is required');
        requireRole(principal, route.access);
      }
      const routeContext: RouteContext<unknown, unknown, unknown> = {
        params: route.params ? parseWith(route.params, params) : params,
        query: route.query ? parseWith(route.query, request.query) : noQuery(request.query),
        ...readBody(route, request),
        principal,
        request,
        runtime,
        remainingMs: () =>
          typeof context.getRemainingTimeInMillis === 'function'
            ? context.getRemainingTimeInMillis()
            : 30_000,
      };
      const run = async () => render(await route.handle(routeContext));
      const key = route.idempotent ? idempotencyKeyOf(request) : undefined;
      const { response, body } =
        key && principal
          ? await idempotent(
              runtime.idempotency,
              { key, subject: principal.subject, request, now: () => runtime.clock.now() },
              run,
            )
          : await run();
      return {
        statusCode: response.statusCode,
        headers: {
          'content-type': 'application/json',
          'cache-control': 'no-store',
          'x-request-id': request.requestId,
          ...response.headers,
        },
        body,
      };
    });
}

function toApiRequest(event: APIGatewayProxyEventV2): ApiRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) headers[name.toLowerCase()] = value;
  const body =
    event.body === undefined || event.body === null
      ? Buffer.alloc(0)
      : Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
  return {
    method: event.requestContext.http.method.toUpperCase(),
    path: event.rawPath ?? event.requestContext.http.path,
    headers,
    query: { ...(event.queryStringParameters ?? {}) },
    body,
    requestId: requestIdOf(event),
  };
}

function readBody(route: AnyRoute, request: ApiRequest): { body: unknown; text?: string } {
  const spec = route.body;
  if (!spec) return { body: undefined };
  if (request.body.length > spec.maxBytes) {
    throw apiError(
      'PAYLOAD_TOO_LARGE',
      413,
      `the body of ${route.operationId} is at most ${spec.maxBytes} bytes`,
    );
  }
  const utf8 = () => {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(request.body);
    } catch {
      throw apiError('BODY_NOT_UTF8', 400, 'the body is not UTF-8 text', [
        { field: '(body)', message: 'must be UTF-8' },
      ]);
    }
  };
  if (spec.raw) return { body: undefined, text: utf8() };
  const type = mediaTypeOf(request.headers['content-type']);
  if (type === 'text/csv' && spec.csv) return { body: undefined, text: utf8() };
  if (type !== 'application/json') {
    throw apiError(
      'UNSUPPORTED_MEDIA_TYPE',
      415,
      `send ${spec.csv ? 'application/json or text/csv' : 'application/json'}`,
      [
        {
          field: 'Content-Type',
          message: `must be ${spec.csv ? 'application/json or text/csv' : 'application/json'}`,
        },
      ],
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(utf8());
  } catch {
    throw apiError('BODY_NOT_JSON', 400, 'the body is not valid JSON', [
      { field: '(body)', message: 'must be a JSON document' },
    ]);
  }
  return { body: parseWith(spec.envelope ?? spec.schema, value) };
}

function render(response: ApiResponse): { response: ApiResponse; body: string } {
  if (response.text !== undefined) return { response, body: response.text };
  return { response, body: response.json === undefined ? '' : JSON.stringify(response.json) };
}

/** An operation without query parameters refuses any, rather than ignoring what the caller may have meant. */
function noQuery(query: ApiRequest['query']): Record<string, never> {
  const names = Object.keys(query);
  if (names.length > 0) {
    throw apiError(
      'VALIDATION_FAILED',
      400,
      'this operation takes no query parameters',
      names.map((name) => ({ field: name, message: 'is not an accepted query parameter' })),
    );
  }
  return {};
}
