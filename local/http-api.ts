import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isBadgeError } from '../shared/errors.js';
import type { HttpApiConfig, HttpCorsConfig } from './cloud-config.js';
import {
  fromHandlerResult,
  gatewayError,
  type HttpResponseParts,
  newRequestId,
  toPayloadV2,
} from './http-api-event.js';
import { RouteTable } from './http-api-routes.js';
import { closeServer, listen, readBody } from './http-server.js';
import { authorize, type IssuerKeys } from './jwt-authorizer.js';

/**
 * The local API Gateway HTTP API: routes requests to the templates' Lambda integrations with payload format
 * 2.0, runs the JWT authorizers, answers CORS preflights when the API has a CORS configuration, and maps
 * results and failures to the responses API Gateway gives (`{"message": ...}` bodies).
 */

/** API Gateway's request payload limit for HTTP APIs. */
export const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

/** Invokes a function synchronously; the function's own timeout applies (a timed-out function is an error). */
export type InvokeFunction = (functionName: string, event: unknown) => Promise<unknown>;

const INTEGRATION_TIMEOUT = Symbol('integration timeout');

export interface HttpApiServerOptions {
  api: HttpApiConfig;
  invoke: InvokeFunction;
  issuerKeys: IssuerKeys;
  accountId: string;
  port?: number;
  now?: () => Date;
  /** Told about integration failures (the client only sees API Gateway's generic message). */
  onIntegrationError?: (routeKey: string, error: unknown) => void;
}

export interface LocalHttpApi {
  url: string;
  stop(): Promise<void>;
}

export async function startHttpApi(options: HttpApiServerOptions): Promise<LocalHttpApi> {
  const handler = createHttpApiHandler(options);
  const server: Server = createServer((request, response) => {
    handler(request, response).catch((error: unknown) => {
      options.onIntegrationError?.('(gateway)', error);
      if (!response.headersSent) send(response, gatewayError(500, 'Internal Server Error'), newRequestId());
      else response.destroy();
    });
  });
  const url = await listen(server, options.port);
  return { url, stop: () => closeServer(server) };
}

export function createHttpApiHandler(
  options: HttpApiServerOptions,
): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const routes = new RouteTable(options.api.routes);
  const now = options.now ?? (() => new Date());

  return async (request, response) => {
    const requestId = newRequestId();
    const method = (request.method ?? 'GET').toUpperCase();
    const url = request.url ?? '/';
    const origin = request.headers.origin;
    const cors = options.api.cors;

    if (cors && method === 'OPTIONS' && origin && request.headers['access-control-request-method']) {
      // With a CORS configuration, API Gateway answers preflights itself, before routes and authorizers.
      request.resume();
      send(
        response,
        { statusCode: 204, headers: preflightHeaders(cors, origin), body: Buffer.alloc(0) },
        requestId,
      );
      return;
    }

    let body: Buffer;
    try {
      body = await readBody(request, MAX_REQUEST_BYTES);
    } catch (error) {
      if (isBadgeError(error) && error.code === 'PAYLOAD_TOO_LARGE') {
        send(response, gatewayError(413, 'Request Entity Too Large'), requestId, corsHeaders(cors, origin));
        return;
      }
      throw error;
    }

    const path = url.split('?')[0] ?? '/';
    const match = routes.match(method, path);
    if (!match) {
      send(response, gatewayError(404, 'Not Found'), requestId, corsHeaders(cors, origin));
      return;
    }
    const facts = {
      method,
      url,
      rawHeaders: request.rawHeaders,
      body,
      sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
      httpVersion: request.httpVersion,
    };
    const context = {
      apiId: options.api.id,
      accountId: options.accountId,
      requestId,
      now: now(),
      authorizer: undefined,
    };
    let event = toPayloadV2(facts, match, context);

    if (match.route.authorizer) {
      const outcome = await authorize(
        {
          headers: event.headers as Record<string, string>,
          queryStringParameters: event.queryStringParameters as Record<string, string> | undefined,
        },
        match.route.authorizer,
        match.route.authorizationScopes,
        options.issuerKeys,
        now,
      );
      if (!outcome.allowed) {
        const extra: Record<string, string> = { ...corsHeaders(cors, origin) };
        if (outcome.wwwAuthenticate) extra['www-authenticate'] = outcome.wwwAuthenticate;
        send(response, gatewayError(outcome.statusCode, outcome.message), requestId, extra);
        return;
      }
      event = toPayloadV2(facts, match, {
        ...context,
        authorizer: { claims: outcome.claims, scopes: outcome.scopes },
      });
    }

    let result: HttpResponseParts;
    let timer: NodeJS.Timeout | undefined;
    try {
      // API Gateway stops waiting after the integration timeout (503); the invocation itself runs on.
      const integrationTimeout = new Promise<typeof INTEGRATION_TIMEOUT>((resolveTimeout) => {
        timer = setTimeout(() => resolveTimeout(INTEGRATION_TIMEOUT), match.route.timeoutMillis);
      });
      const invocation = options.invoke(match.route.functionName, event);
      const output = await Promise.race([invocation, integrationTimeout]);
      if (output === INTEGRATION_TIMEOUT) {
        invocation.catch((error: unknown) => options.onIntegrationError?.(match.route.routeKey, error));
        result = gatewayError(503, 'Service Unavailable');
      } else {
        result = fromHandlerResult(output);
      }
    } catch (error) {
      // A handler that threw, or a function that hit its own timeout, is a Lambda error: 500.
      options.onIntegrationError?.(match.route.routeKey, error);
      result = gatewayError(500, 'Internal Server Error');
    } finally {
      clearTimeout(timer);
    }
    send(response, result, requestId, corsHeaders(cors, origin), method === 'HEAD');
  };
}

function send(
  response: ServerResponse,
  parts: HttpResponseParts,
  requestId: string,
  overrides: Record<string, string> = {},
  headOnly = false,
): void {
  response.statusCode = parts.statusCode;
  for (const [name, value] of Object.entries(parts.headers)) {
    if (value !== undefined) response.setHeader(name, value);
  }
  // CORS headers of the API's configuration replace those the integration set, as API Gateway does.
  for (const [name, value] of Object.entries(overrides)) response.setHeader(name, value);
  response.setHeader('apigw-requestid', requestId);
  response.setHeader('content-length', parts.body.length);
  response.end(headOnly ? undefined : parts.body);
}

function allowedOrigin(cors: HttpCorsConfig, origin: string): string | undefined {
  if (cors.allowOrigins.includes('*')) return cors.allowCredentials ? origin : '*';
  return cors.allowOrigins.some((allowed) => allowed.toLowerCase() === origin.toLowerCase())
    ? origin
    : undefined;
}

function corsHeaders(cors: HttpCorsConfig | undefined, origin: string | undefined): Record<string, string> {
  if (!cors || !origin) return {};
  const allowed = allowedOrigin(cors, origin);
  if (!allowed) return {};
  const headers: Record<string, string> = { 'access-control-allow-origin': allowed };
  if (cors.allowCredentials) headers['access-control-allow-credentials'] = 'true';
  if (cors.exposeHeaders.length > 0) headers['access-control-expose-headers'] = cors.exposeHeaders.join(',');
  return headers;
}

function preflightHeaders(cors: HttpCorsConfig, origin: string): Record<string, string> {
  const allowed = allowedOrigin(cors, origin);
  if (!allowed) return {};
  const headers: Record<string, string> = { 'access-control-allow-origin': allowed };
  if (cors.allowMethods.length > 0) headers['access-control-allow-methods'] = cors.allowMethods.join(',');
  if (cors.allowHeaders.length > 0) headers['access-control-allow-headers'] = cors.allowHeaders.join(',');
  if (cors.maxAgeSeconds !== undefined) headers['access-control-max-age'] = String(cors.maxAgeSeconds);
  if (cors.allowCredentials) headers['access-control-allow-credentials'] = 'true';
  return headers;
}
