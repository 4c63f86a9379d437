import type { Logger } from '@aws-lambda-powertools/logger';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { isBadgeError } from '../errors.js';
import { apiError, errorResponse } from './api-error.js';
import type { AccessTokenVerifier, Principal } from './auth.js';

/**
 * The API's cross-cutting concerns as middy middlewares, so route handlers do business only: every error mapped
 * to its typed JSON answer in one place (5xx bodies reveal nothing), the caller authenticated before anything
 * runs (except the two public operations), and request bodies bounded.
 */
export type ApiLogger = Pick<Logger, 'info' | 'warn' | 'error'>;

export type ApiContext = Context & { principal?: Principal };
type Middleware = MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, ApiContext>;

export function requestIdOf(event: APIGatewayProxyEventV2): string {
  return event.requestContext?.requestId ?? 'unknown';
}

export function typedErrors(logger: ApiLogger): Middleware {
  return {
    name: 'typedErrors',
    onError: (request) => {
      const error = request.error;
      const requestId = requestIdOf(request.event);
      const { statusCode, body, headers } = errorResponse(error, requestId);
      const log = {
        requestId,
        status: statusCode,
        code: isBadgeError(error) ? error.code : 'UNEXPECTED',
        routeKey: request.event.routeKey,
      };
      if (statusCode >= 500) logger.error('request failed', { ...log, error: error as Error });
      else logger.info('request refused', log);
      const allow = (error as { allow?: unknown } | null)?.allow;
      request.response = {
        statusCode,
        headers: {
          'content-type': 'application/json',
          'cache-control': 'no-store',
          ...headers,
          ...(typeof allow === 'string' ? { allow } : {}),
        },
        body: JSON.stringify(body),
      };
    },
  };
}

/** The operations anyone may call: the API description and HMAC-signed ingestion (which checks its signature). */
export function isPublicOperation(method: string, path: string): boolean {
  return (method === 'GET' && path === '/openapi.json') || (method === 'POST' && path === '/events');
}

export function authentication(verifier: AccessTokenVerifier): Middleware {
  return {
    name: 'authentication',
    before: async (request) => {
      const { method, path } = request.event.requestContext.http;
      if (isPublicOperation(method.toUpperCase(), path)) return;
      const headers = request.event.headers ?? {};
      request.context.principal = await verifier.verify(headers.authorization ?? headers.Authorization);
    },
  };
}

/** Bounds the body before it is decoded or parsed; each operation has its own, smaller bound besides. */
export function bodyLimit(maxBytes: number): Middleware {
  return {
    name: 'bodyLimit',
    before: (request) => {
      const body = request.event.body ?? '';
      const bytes = request.event.isBase64Encoded
        ? Math.floor((body.length * 3) / 4)
        : Buffer.byteLength(body, 'utf8');
      if (bytes > maxBytes)
        throw apiError('PAYLOAD_TOO_LARGE', 413, `the request body is larger than ${maxBytes} bytes`);
    },
  };
}
