import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { applyResponseHeadersPolicy, etagMatches, type HeaderMap, selectBehavior } from './cdn-behaviors.js';
import {
  type CdnFunctionEventContext,
  type CdnFunctionRequest,
  type CdnFunctionResponse,
  runViewerRequest,
  runViewerResponse,
  type ValueMap,
} from './cdn-functions.js';
import type { CdnBehaviorConfig, DistributionConfig } from './cloud-config.js';
import { closeServer, listen } from './http-server.js';
import { LOCAL_CREDENTIALS } from './services.js';

/**
 * The local CloudFront distribution: serves the bucket's objects, read through the S3 API from the local S3,
 * with the status codes and headers CloudFront gives: the object's stored headers (Content-Type, ETag,
 * Last-Modified, Cache-Control, ...), the matching behavior's response headers policy (security headers,
 * custom headers such as a default Cache-Control, CORS), 304 for a matching If-None-Match or
 * If-Modified-Since, HEAD, ranges, a behavior's allowed methods, and 403 AccessDenied for a missing key, as S3
 * answers CloudFront through origin access control when the policy grants no ListBucket, unless the
 * distribution maps the error (CustomErrorResponses). The default root object answers `/` when set.
 *
 * It does not cache (every request reaches the local S3, so a mutable file is never stale here, while the
 * deployed CDN serves it for up to its TTL), compress, or redirect to HTTPS.
 */

export interface CdnServerOptions {
  distribution: DistributionConfig;
  s3Endpoint: string;
  region: string;
  /** Local URLs of the HTTP APIs, for behaviors whose origin is an API of the templates. */
  apiUrls?: Map<string, string>;
  port?: number;
  /** Serve HTTPS with this certificate (did:web resolves over https only; verifiers must trust the certificate). */
  tls?: { cert: string; key: string };
}

export interface LocalCdn {
  url: string;
  stop(): Promise<void>;
}

interface OriginResponse {
  status: number;
  headers: HeaderMap;
  body: Readable | Buffer | undefined;
}

export async function startCdn(options: CdnServerOptions): Promise<LocalCdn> {
  const s3 = new S3Client({
    endpoint: options.s3Endpoint,
    region: options.region,
    credentials: LOCAL_CREDENTIALS,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const handler = createCdnHandler(options, s3);
  const listener = (request: IncomingMessage, response: ServerResponse) => {
    handler(request, response).catch(() => {
      if (!response.headersSent) {
        response.writeHead(502, { 'content-type': 'text/html' });
        response.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
      } else {
        response.destroy();
      }
    });
  };
  const server: Server = options.tls ? createHttpsServer(options.tls, listener) : createServer(listener);
  const plainUrl = await listen(server, options.port);
  const url = options.tls ? plainUrl.replace(/^http:/, 'https:') : plainUrl;
  return {
    url,
    stop: async () => {
      await closeServer(server);
      s3.destroy();
    },
  };
}

export function createCdnHandler(
  options: CdnServerOptions,
  s3: S3Client,
): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const { distribution } = options;

  const fromOrigin = async (
    behavior: CdnBehaviorConfig,
    method: string,
    uri: string,
    querystring: string,
    request: IncomingMessage,
  ): Promise<OriginResponse> => {
    const { origin } = behavior;
    if (origin.bucketName) {
      if (method !== 'GET' && method !== 'HEAD') return accessDenied();
      const key = `${origin.originPath.replace(/^\//, '')}${origin.originPath ? '/' : ''}${decodePath(uri).slice(1)}`;
      return readObject(s3, origin.bucketName, key.replace(/^\/+/, ''), method, request.headers.range);
    }
    const apiUrl = origin.httpApiId ? options.apiUrls?.get(origin.httpApiId) : undefined;
    if (apiUrl)
      return forward(
        `${apiUrl}${origin.originPath}${uri}${querystring ? `?${querystring}` : ''}`,
        method,
        request,
      );
    return {
      status: 502,
      headers: new Map([['content-type', 'text/html']]),
      body: Buffer.from('<h1>502 Bad Gateway</h1>'),
    };
  };

  return async (request, response) => {
    const method = (request.method ?? 'GET').toUpperCase();
    const [rawPath = '/', rawQuery = ''] = (request.url ?? '/').split(/\?(.*)/s);
    const behavior = selectBehavior(distribution.behaviors, rawPath);
    const origin = typeof request.headers.origin === 'string' ? request.headers.origin : undefined;
    const preflight =
      method === 'OPTIONS' &&
      origin !== undefined &&
      request.headers['access-control-request-method'] !== undefined;
    const eventContext: CdnFunctionEventContext = {
      distributionDomainName: distribution.domainName,
      distributionId: distribution.id,
      requestId: randomBytes(24).toString('base64url'),
      viewerIp: request.socket.remoteAddress ?? '127.0.0.1',
    };

    if (!behavior.allowedMethods.includes(method)) {
      request.resume();
      const headers: HeaderMap = new Map([['content-type', 'text/html']]);
      applyResponseHeadersPolicy(headers, behavior.responseHeaders, { origin, preflight });
      finish(response, method, 403, headers, Buffer.from(METHOD_NOT_ALLOWED), eventContext.requestId);
      return;
    }

    let viewerRequest: CdnFunctionRequest = toFunctionRequest(method, rawPath, rawQuery, request);
    if (behavior.functions.length > 0) {
      const outcome = await runViewerRequest(behavior.functions, viewerRequest, eventContext);
      if ('response' in outcome) {
        const { status, headers, body } = fromFunctionResponse(outcome.response);
        finish(response, method, status, headers, body, eventContext.requestId);
        return;
      }
      viewerRequest = outcome.request;
    }

    let result: OriginResponse;
    if (preflight) {
      // The S3 origin has no CORS configuration; the behavior's response headers policy answers for it.
      request.resume();
      result = { status: 200, headers: new Map(), body: undefined };
    } else {
      const uri =
        viewerRequest.uri === '/' && distribution.defaultRootObject
          ? `/${distribution.defaultRootObject}`
          : viewerRequest.uri;
      result = await fromOrigin(behavior, method, uri, querystringOf(viewerRequest.querystring), request);
      result = await mapError(result, method, request);
      result = conditional(result, method, request);
    }

    applyResponseHeadersPolicy(result.headers, behavior.responseHeaders, { origin, preflight });
    if (behavior.functions.some((fn) => fn.eventType === 'viewer-response')) {
      const changed = await runViewerResponse(
        behavior.functions,
        viewerRequest,
        { statusCode: result.status, headers: toValueMap(result.headers) },
        eventContext,
      );
      result = { ...result, status: changed.statusCode, headers: fromValueMap(changed.headers ?? {}) };
    }
    finish(response, method, result.status, result.headers, result.body, eventContext.requestId);
  };

  /** CustomErrorResponses: an origin error the distribution maps gets its page and response code. */
  async function mapError(
    result: OriginResponse,
    method: string,
    request: IncomingMessage,
  ): Promise<OriginResponse> {
    const mapping = distribution.errorResponses.find((candidate) => candidate.errorCode === result.status);
    if (!mapping) return result;
    const status = mapping.responseCode ?? result.status;
    if (!mapping.responsePagePath) return { ...result, status };
    discard(result.body);
    const pageBehavior = selectBehavior(distribution.behaviors, mapping.responsePagePath);
    const page = await fromOrigin(pageBehavior, 'GET', mapping.responsePagePath, '', request);
    if (page.status !== 200) {
      discard(page.body);
      return result;
    }
    if (method === 'HEAD') discard(page.body);
    return { status, headers: page.headers, body: method === 'HEAD' ? undefined : page.body };
  }
}

const METHOD_NOT_ALLOWED =
  '<HTML><HEAD><TITLE>ERROR: The request could not be satisfied</TITLE></HEAD><BODY><H1>403 ERROR</H1>' +
  '<H2>The request could not be satisfied.</H2>This distribution is not configured to allow the HTTP request ' +
  'method that was used for this request. The distribution supports only cachable requests.</BODY></HTML>';

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function discard(body: OriginResponse['body']): void {
  if (body instanceof Readable) body.destroy();
}

function s3ErrorBody(code: string, message: string): Buffer {
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message>` +
      `<RequestId>${randomBytes(8).toString('hex').toUpperCase()}</RequestId><HostId>${randomBytes(32).toString('base64')}</HostId></Error>`,
  );
}

function accessDenied(): OriginResponse {
  return {
    status: 403,
    headers: new Map([
      ['content-type', 'application/xml'],
      ['server', 'AmazonS3'],
    ]),
    body: s3ErrorBody('AccessDenied', 'Access Denied'),
  };
}

async function readObject(
  s3: S3Client,
  bucket: string,
  key: string,
  method: string,
  range: string | undefined,
): Promise<OriginResponse> {
  if (key === '') return accessDenied();
  try {
    const object =
      method === 'HEAD'
        ? await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))
        : await s3.send(
            new GetObjectCommand({ Bucket: bucket, Key: key, ...(range ? { Range: range } : {}) }),
          );
    const headers: HeaderMap = new Map();
    const put = (name: string, value: string | number | undefined) => {
      if (value !== undefined && value !== '') headers.set(name, String(value));
    };
    put('content-type', object.ContentType);
    put('content-length', object.ContentLength);
    put('etag', object.ETag);
    put('last-modified', object.LastModified?.toUTCString());
    put('cache-control', object.CacheControl);
    put('content-encoding', object.ContentEncoding);
    put('content-disposition', object.ContentDisposition);
    put('content-language', object.ContentLanguage);
    put('expires', object.ExpiresString ?? object.Expires?.toUTCString());
    put('accept-ranges', object.AcceptRanges ?? 'bytes');
    put('content-range', object.ContentRange);
    put('x-amz-version-id', object.VersionId);
    for (const [name, value] of Object.entries(object.Metadata ?? {})) put(`x-amz-meta-${name}`, value);
    put('server', 'AmazonS3');
    const body = 'Body' in object ? (object.Body as Readable | undefined) : undefined;
    return { status: object.ContentRange ? 206 : 200, headers, body };
  } catch (error) {
    const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
    // Without s3:ListBucket (origin access control grants GetObject only), S3 hides a missing key as 403.
    if (status === 404 || status === 403) return accessDenied();
    if (status === 416) {
      return {
        status: 416,
        headers: new Map([['content-type', 'application/xml']]),
        body: s3ErrorBody('InvalidRange', 'The requested range is not satisfiable'),
      };
    }
    throw error;
  }
}

async function forward(url: string, method: string, request: IncomingMessage): Promise<OriginResponse> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || name === 'host' || name === 'connection') continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const hasBody = method !== 'GET' && method !== 'HEAD';
  const answer = await fetch(url, {
    method,
    headers,
    ...(hasBody ? { body: Readable.toWeb(request) as ReadableStream, duplex: 'half' } : {}),
    redirect: 'manual',
  });
  const responseHeaders: HeaderMap = new Map();
  answer.headers.forEach((value, name) => {
    if (name !== 'content-encoding' && name !== 'transfer-encoding' && name !== 'connection')
      responseHeaders.set(name, value);
  });
  const body = Buffer.from(await answer.arrayBuffer());
  responseHeaders.set('content-length', String(body.length));
  return { status: answer.status, headers: responseHeaders, body };
}

/** A cached object revalidated by the viewer: 304 without a body when its ETag or date still holds. */
function conditional(result: OriginResponse, method: string, request: IncomingMessage): OriginResponse {
  if (result.status !== 200 || (method !== 'GET' && method !== 'HEAD')) return result;
  const ifNoneMatch = request.headers['if-none-match'];
  const ifModifiedSince = request.headers['if-modified-since'];
  const etag = result.headers.get('etag') as string | undefined;
  const lastModified = result.headers.get('last-modified') as string | undefined;
  let notModified = false;
  if (ifNoneMatch !== undefined) notModified = etagMatches(ifNoneMatch, etag);
  else if (ifModifiedSince !== undefined && lastModified !== undefined) {
    const since = Date.parse(ifModifiedSince);
    notModified = !Number.isNaN(since) && Date.parse(lastModified) <= since;
  }
  if (!notModified) return result;
  discard(result.body);
  const headers: HeaderMap = new Map();
  for (const name of ['etag', 'last-modified', 'cache-control', 'expires', 'server']) {
    const value = result.headers.get(name);
    if (value !== undefined) headers.set(name, value);
  }
  return { status: 304, headers, body: undefined };
}

function toFunctionRequest(
  method: string,
  uri: string,
  query: string,
  request: IncomingMessage,
): CdnFunctionRequest {
  const querystring: ValueMap = {};
  for (const [name, value] of new URLSearchParams(query)) {
    const existing = querystring[name];
    if (existing) {
      existing.multiValue = [...(existing.multiValue ?? [{ value: existing.value }]), { value }];
    } else {
      querystring[name] = { value };
    }
  }
  const headers: ValueMap = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined && name !== 'cookie')
      headers[name] = { value: Array.isArray(value) ? value.join(',') : value };
  }
  const cookies: ValueMap = {};
  for (const pair of (request.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = pair.trim().split('=');
    if (name) cookies[name] = { value: rest.join('=') };
  }
  return { method, uri, querystring, headers, cookies };
}

function querystringOf(querystring: ValueMap): string {
  const parameters = new URLSearchParams();
  for (const [name, entry] of Object.entries(querystring)) {
    for (const { value } of entry.multiValue ?? [entry]) parameters.append(name, value);
  }
  return parameters.toString();
}

function toValueMap(headers: HeaderMap): ValueMap {
  const map: ValueMap = {};
  for (const [name, value] of headers) map[name] = { value: Array.isArray(value) ? value.join(',') : value };
  return map;
}

function fromValueMap(map: ValueMap): HeaderMap {
  const headers: HeaderMap = new Map();
  for (const [name, entry] of Object.entries(map)) headers.set(name.toLowerCase(), entry.value);
  return headers;
}

function fromFunctionResponse(response: CdnFunctionResponse): OriginResponse {
  const headers = fromValueMap(response.headers ?? {});
  let body: Buffer | undefined;
  if (typeof response.body === 'string') body = Buffer.from(response.body);
  else if (response.body)
    body = Buffer.from(response.body.data, response.body.encoding === 'base64' ? 'base64' : 'utf8');
  return { status: response.statusCode, headers, body };
}

function finish(
  response: ServerResponse,
  method: string,
  status: number,
  headers: HeaderMap,
  body: Readable | Buffer | undefined,
  requestId: string,
): void {
  headers.set('x-cache', status >= 400 ? 'Error from cloudfront' : 'Miss from cloudfront');
  headers.set('via', '1.1 local.cloudfront.net (CloudFront)');
  headers.set('x-amz-cf-pop', 'LOCAL');
  headers.set('x-amz-cf-id', requestId);
  if (Buffer.isBuffer(body) && !headers.has('content-length'))
    headers.set('content-length', String(body.length));
  if (status === 304 || body === undefined) headers.delete('transfer-encoding');
  response.writeHead(status, Object.fromEntries(headers));
  if (method === 'HEAD' || status === 304 || body === undefined) {
    discard(body);
    response.end();
    return;
  }
  if (Buffer.isBuffer(body)) {
    response.end(body);
    return;
  }
  body.on('error', () => response.destroy());
  body.pipe(response);
}
