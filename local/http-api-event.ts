import { randomBytes } from 'node:crypto';
import type { OutgoingHttpHeaders } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { RouteMatch } from './http-api-routes.js';

/**
 * API Gateway HTTP API payload format 2.0: the event a request becomes, and how a handler's result becomes
 * the response (developer guide, "Create AWS Lambda proxy integrations for HTTP APIs").
 */

export interface HttpRequestFacts {
  method: string;
  /** Path and query exactly as received (`/v1/awards?x=1`). */
  url: string;
  /** Node's `rawHeaders`: names and values alternating, duplicates kept. */
  rawHeaders: string[];
  body: Buffer;
  sourceIp: string;
  httpVersion: string;
}

export interface EventContext {
  apiId: string;
  accountId: string;
  requestId: string;
  now: Date;
  authorizer: { claims: Record<string, string>; scopes: string[] | null } | undefined;
}

/** Request bodies of these types reach the handler as text; any other type (or none) arrives base64-encoded. */
export function isTextContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return (
    type.startsWith('text/') ||
    type === 'application/json' ||
    type === 'application/xml' ||
    type === 'application/javascript'
  );
}

/** API Gateway request IDs look like `JKJaXmPLvHcESHA=`: 10 random bytes, base64. */
export function newRequestId(): string {
  return randomBytes(10).toString('base64');
}

/** CLF-style time as the `time` field carries it: `12/Mar/2020:19:03:58 +0000`. */
export function requestTime(now: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(now.getUTCDate())}/${months[now.getUTCMonth()]}/${now.getUTCFullYear()}:${pad(now.getUTCHours())}:${pad(
    now.getUTCMinutes(),
  )}:${pad(now.getUTCSeconds())} +0000`;
}

/** Header names lower-cased, repeated headers joined with commas; the Cookie header moves to `cookies`. */
export function collectHeaders(rawHeaders: string[]): { headers: Record<string, string>; cookies: string[] } {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = (rawHeaders[index] as string).toLowerCase();
    const value = rawHeaders[index + 1] as string;
    if (name === 'cookie') {
      cookies.push(
        ...value
          .split(';')
          .map((cookie) => cookie.trim())
          .filter(Boolean),
      );
      continue;
    }
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  return { headers, cookies };
}

/** Query parameters URL-decoded, repeated names joined with commas. */
export function collectQuery(rawQueryString: string): Record<string, string> | undefined {
  if (rawQueryString === '') return undefined;
  const parameters: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    parameters[name] = parameters[name] === undefined ? value : `${parameters[name]},${value}`;
  }
  return parameters;
}

export function toPayloadV2(
  request: HttpRequestFacts,
  match: RouteMatch,
  context: EventContext,
): APIGatewayProxyEventV2 {
  const queryIndex = request.url.indexOf('?');
  const rawPath = queryIndex < 0 ? request.url : request.url.slice(0, queryIndex);
  const rawQueryString = queryIndex < 0 ? '' : request.url.slice(queryIndex + 1);
  const { headers, cookies } = collectHeaders(request.rawHeaders);
  const host = headers.host ?? '';
  headers['x-forwarded-for'] = headers['x-forwarded-for']
    ? `${headers['x-forwarded-for']}, ${request.sourceIp}`
    : request.sourceIp;
  headers['x-forwarded-proto'] ??= 'http';
  headers['x-forwarded-port'] ??= host.includes(':') ? (host.split(':').pop() as string) : '80';
  headers['x-amzn-trace-id'] ??=
    `Root=1-${Math.floor(context.now.getTime() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
  const queryStringParameters = collectQuery(rawQueryString);
  const event: APIGatewayProxyEventV2 & { requestContext: { authorizer?: unknown } } = {
    version: '2.0',
    routeKey: match.route.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    requestContext: {
      accountId: context.accountId,
      apiId: context.apiId,
      ...(context.authorizer ? { authorizer: { jwt: context.authorizer } } : {}),
      domainName: host,
      domainPrefix: host.split('.')[0] ?? host,
      http: {
        method: request.method,
        path: rawPath,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: context.requestId,
      routeKey: match.route.routeKey,
      stage: '$default',
      time: requestTime(context.now),
      timeEpoch: context.now.getTime(),
    },
    ...(match.pathParameters ? { pathParameters: match.pathParameters } : {}),
    isBase64Encoded: false,
  };
  if (request.body.length > 0) {
    const text = isTextContentType(headers['content-type']);
    event.body = text ? request.body.toString('utf8') : request.body.toString('base64');
    event.isBase64Encoded = !text;
  }
  return event;
}

export interface HttpResponseParts {
  statusCode: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
}

/** What API Gateway answers when the integration fails or returns something it cannot map. */
export function gatewayError(statusCode: number, message: string): HttpResponseParts {
  const body = Buffer.from(JSON.stringify({ message }));
  return { statusCode, headers: { 'content-type': 'application/json' }, body };
}

/**
 * Maps a handler's result as API Gateway does with format 2.0: an object with `statusCode` is the response
 * (`body`, `headers`, `isBase64Encoded`, `cookies` → one Set-Cookie each); any other JSON value is a 200
 * `application/json` response whose body is that value (a string as is, anything else serialized). A result
 * API Gateway cannot map is a 500.
 */
export function fromHandlerResult(result: unknown): HttpResponseParts {
  if (result === null || typeof result !== 'object' || !('statusCode' in result)) {
    const body = typeof result === 'string' ? result : JSON.stringify(result);
    return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(body) };
  }
  const response = result as {
    statusCode: unknown;
    headers?: Record<string, unknown>;
    body?: unknown;
    isBase64Encoded?: unknown;
    cookies?: unknown;
  };
  const statusCode = Number(response.statusCode);
  if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) {
    return gatewayError(500, 'Internal Server Error');
  }
  if (response.body !== undefined && response.body !== null && typeof response.body !== 'string') {
    return gatewayError(500, 'Internal Server Error');
  }
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    if (value === undefined || value === null) continue;
    headers[name.toLowerCase()] = String(value);
  }
  if (Array.isArray(response.cookies) && response.cookies.length > 0) {
    headers['set-cookie'] = response.cookies.map(String);
  }
  const text = (response.body as string | undefined) ?? '';
  const body = response.isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text);
  return { statusCode, headers, body };
}
