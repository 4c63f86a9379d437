import { describe, expect, it } from 'vitest';
import type { RouteConfig } from '../../../local/cloud-config.js';
import {
  fromHandlerResult,
  type HttpRequestFacts,
  isTextContentType,
  requestTime,
  toPayloadV2,
} from '../../../local/http-api-event.js';

const route: RouteConfig = {
  routeKey: 'ANY /v1/{proxy+}',
  method: 'ANY',
  path: '/v1/{proxy+}',
  functionName: 'api',
  payloadFormatVersion: '2.0',
  timeoutMillis: 30_000,
  authorizer: undefined,
  authorizationScopes: [],
};
const now = new Date(Date.UTC(2026, 2, 12, 19, 3, 58, 390));
const context = {
  apiId: 'abc123',
  accountId: '000000000000',
  requestId: 'JKJaXmPLvHcESHA=',
  now,
  authorizer: undefined,
};

function request(overrides: Partial<HttpRequestFacts> = {}): HttpRequestFacts {
  return {
    method: 'POST',
    url: '/v1/awards/a%2Fb?tag=x&tag=y&flag&q=a%20b',
    rawHeaders: [
      'Host',
      '127.0.0.1:3000',
      'User-Agent',
      'curl/8',
      'X-Custom',
      'one',
      'x-custom',
      'two',
      'Cookie',
      'session=abc; theme=dark',
      'Content-Type',
      'application/json',
    ],
    body: Buffer.from('{"a":1}'),
    sourceIp: '127.0.0.1',
    httpVersion: '1.1',
    ...overrides,
  };
}

describe('turning a request into a payload 2.0 event', () => {
  const event = toPayloadV2(request(), { route, pathParameters: { proxy: 'awards/a/b' } }, context);

  it('carries the route, raw path and raw query string as received', () => {
    expect(event.version).toBe('2.0');
    expect(event.routeKey).toBe('ANY /v1/{proxy+}');
    expect(event.rawPath).toBe('/v1/awards/a%2Fb');
    expect(event.rawQueryString).toBe('tag=x&tag=y&flag&q=a%20b');
    expect(event.pathParameters).toEqual({ proxy: 'awards/a/b' });
  });

  it('decodes query parameters and joins repeated ones with commas', () => {
    expect(event.queryStringParameters).toEqual({ tag: 'x,y', flag: '', q: 'a b' });
  });

  it('lower-cases header names, joins repeated headers with commas and moves cookies out', () => {
    expect(event.headers['x-custom']).toBe('one,two');
    expect(event.headers['content-type']).toBe('application/json');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.cookies).toEqual(['session=abc', 'theme=dark']);
    expect(event.headers['x-forwarded-for']).toBe('127.0.0.1');
  });

  it('fills the request context as API Gateway does', () => {
    expect(event.requestContext).toMatchObject({
      accountId: '000000000000',
      apiId: 'abc123',
      domainName: '127.0.0.1:3000',
      http: {
        method: 'POST',
        path: '/v1/awards/a%2Fb',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'curl/8',
      },
      requestId: 'JKJaXmPLvHcESHA=',
      routeKey: 'ANY /v1/{proxy+}',
      stage: '$default',
      time: '12/Mar/2026:19:03:58 +0000',
      timeEpoch: now.getTime(),
    });
    expect('authorizer' in event.requestContext).toBe(false);
  });

  it('passes a JSON body as text', () => {
    expect(event.body).toBe('{"a":1}');
    expect(event.isBase64Encoded).toBe(false);
  });

  it('base64-encodes binary bodies, form posts and bodies without a content type', () => {
    for (const contentType of ['image/png', 'application/x-www-form-urlencoded', undefined]) {
      const rawHeaders = contentType ? ['Content-Type', contentType] : [];
      const binary = toPayloadV2(
        request({ rawHeaders, body: Buffer.from([0x89, 0x50, 0x00]) }),
        { route, pathParameters: undefined },
        context,
      );
      expect(binary.isBase64Encoded).toBe(true);
      expect(binary.body).toBe(Buffer.from([0x89, 0x50, 0x00]).toString('base64'));
    }
  });

  it('leaves out body, query, cookies and path parameters a request does not have', () => {
    const bare = toPayloadV2(
      request({ method: 'GET', url: '/openapi.json', rawHeaders: ['Host', 'h'], body: Buffer.alloc(0) }),
      { route, pathParameters: undefined },
      context,
    );
    expect(bare.body).toBeUndefined();
    expect(bare.isBase64Encoded).toBe(false);
    expect(bare.queryStringParameters).toBeUndefined();
    expect(bare.cookies).toBeUndefined();
    expect(bare.pathParameters).toBeUndefined();
    expect(bare.rawQueryString).toBe('');
  });

  it('hands the authorizer claims and scopes to the handler', () => {
    const authorized = toPayloadV2(
      request(),
      { route, pathParameters: undefined },
      {
        ...context,
        authorizer: { claims: { sub: 'u1', scope: 'organizer' }, scopes: ['organizer'] },
      },
    );
    expect((authorized.requestContext as { authorizer?: unknown }).authorizer).toEqual({
      jwt: { claims: { sub: 'u1', scope: 'organizer' }, scopes: ['organizer'] },
    });
  });

  it('treats only text/*, JSON, XML and JavaScript as text', () => {
    expect(
      ['text/html; charset=utf-8', 'application/json', 'application/xml', 'application/javascript'].map(
        isTextContentType,
      ),
    ).toEqual([true, true, true, true]);
    expect(
      ['application/octet-stream', 'multipart/form-data; boundary=x', undefined].map(isTextContentType),
    ).toEqual([false, false, false]);
  });

  it('formats the request time like the access log', () => {
    expect(requestTime(new Date(Date.UTC(2020, 0, 5, 3, 4, 5)))).toBe('05/Jan/2020:03:04:05 +0000');
  });
});

describe('turning a handler result into the response', () => {
  it('sends a string result as a 200 application/json body, unquoted', () => {
    const response = fromHandlerResult('Hello from Lambda!');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.body.toString()).toBe('Hello from Lambda!');
  });

  it('serializes an object without statusCode as the 200 body', () => {
    const response = fromHandlerResult({ message: 'Hello' });
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body.toString())).toEqual({ message: 'Hello' });
  });

  it('uses statusCode, headers and body of a structured result, one Set-Cookie per cookie', () => {
    const response = fromHandlerResult({
      statusCode: 201,
      headers: { 'Content-Type': 'application/ld+json', 'X-Count': 3 },
      body: '{"id":"x"}',
      cookies: ['a=1; Path=/', 'b=2'],
    });
    expect(response.statusCode).toBe(201);
    expect(response.headers).toEqual({
      'content-type': 'application/ld+json',
      'x-count': '3',
      'set-cookie': ['a=1; Path=/', 'b=2'],
    });
    expect(response.body.toString()).toBe('{"id":"x"}');
  });

  it('decodes a base64 body', () => {
    const response = fromHandlerResult({
      statusCode: 200,
      body: Buffer.from([1, 2, 3]).toString('base64'),
      isBase64Encoded: true,
    });
    expect([...response.body]).toEqual([1, 2, 3]);
  });

  it.each([[{ statusCode: 'abc' }], [{ statusCode: 700 }], [{ statusCode: 200, body: { not: 'a string' } }]])(
    'answers 500 Internal Server Error for a result it cannot map: %j',
    (result) => {
      const response = fromHandlerResult(result);
      expect(response.statusCode).toBe(500);
      expect(JSON.parse(response.body.toString())).toEqual({ message: 'Internal Server Error' });
    },
  );
});
