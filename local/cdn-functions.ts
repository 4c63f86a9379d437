import { createContext, Script } from 'node:vm';
import { BadgeError } from '../shared/errors.js';
import type { CdnFunctionConfig } from './cloud-config.js';

/**
 * CloudFront Functions of the templates, run in a `node:vm` context with the event structure CloudFront
 * gives them (developer guide, "CloudFront Functions event structure"): a viewer-request function may
 * rewrite the request (uri, querystring, headers) or answer it; a viewer-response function may change the
 * response's status and headers. The context has no Node APIs, as CloudFront's runtime has none.
 */

export type ValueMap = Record<string, { value: string; multiValue?: { value: string }[] }>;

export interface CdnFunctionRequest {
  method: string;
  uri: string;
  querystring: ValueMap;
  headers: ValueMap;
  cookies: ValueMap;
}

export interface CdnFunctionResponse {
  statusCode: number;
  statusDescription?: string;
  headers?: ValueMap;
  cookies?: ValueMap;
  body?: string | { data: string; encoding: 'text' | 'base64' };
}

export interface CdnFunctionEventContext {
  distributionDomainName: string;
  distributionId: string;
  requestId: string;
  viewerIp: string;
}

type Handler = (event: unknown) => unknown;

const compiled = new WeakMap<CdnFunctionConfig, Handler>();

function handlerOf(fn: CdnFunctionConfig): Handler {
  const known = compiled.get(fn);
  if (known) return known;
  const context = createContext({ console });
  new Script(`${fn.code}\n;globalThis.__handler = handler;`, { filename: `${fn.name}.js` }).runInContext(
    context,
    {
      timeout: 1000,
    },
  );
  const handler = (context as { __handler?: unknown }).__handler;
  if (typeof handler !== 'function') {
    throw new BadgeError('LOCAL_TEMPLATE_INVALID', `CloudFront function ${fn.name} defines no handler`);
  }
  compiled.set(fn, handler as Handler);
  return handler as Handler;
}

function eventFor(fn: CdnFunctionConfig, context: CdnFunctionEventContext): Record<string, unknown> {
  return {
    version: '1.0',
    context: {
      distributionDomainName: context.distributionDomainName,
      distributionId: context.distributionId,
      eventType: fn.eventType,
      requestId: context.requestId,
    },
    viewer: { ip: context.viewerIp },
  };
}

/** Runs the viewer-request functions in order; a function that returns a response ends the chain. */
export async function runViewerRequest(
  functions: CdnFunctionConfig[],
  request: CdnFunctionRequest,
  context: CdnFunctionEventContext,
): Promise<{ request: CdnFunctionRequest } | { response: CdnFunctionResponse }> {
  let current = request;
  for (const fn of functions.filter((candidate) => candidate.eventType === 'viewer-request')) {
    const result = (await handlerOf(fn)({ ...eventFor(fn, context), request: current })) as Record<
      string,
      unknown
    >;
    if (result && typeof result.statusCode === 'number')
      return { response: result as unknown as CdnFunctionResponse };
    if (!result || typeof result.uri !== 'string') {
      throw new BadgeError(
        'LOCAL_CDN_FUNCTION_FAILED',
        `CloudFront function ${fn.name} returned neither a request nor a response`,
      );
    }
    current = result as unknown as CdnFunctionRequest;
  }
  return { request: current };
}

/** Runs the viewer-response functions in order over the response CloudFront is about to send. */
export async function runViewerResponse(
  functions: CdnFunctionConfig[],
  request: CdnFunctionRequest,
  response: CdnFunctionResponse,
  context: CdnFunctionEventContext,
): Promise<CdnFunctionResponse> {
  let current = response;
  for (const fn of functions.filter((candidate) => candidate.eventType === 'viewer-response')) {
    const result = (await handlerOf(fn)({
      ...eventFor(fn, context),
      request,
      response: current,
    })) as CdnFunctionResponse;
    if (!result || typeof result.statusCode !== 'number') {
      throw new BadgeError(
        'LOCAL_CDN_FUNCTION_FAILED',
        `CloudFront function ${fn.name} returned no response`,
      );
    }
    current = result;
  }
  return current;
}
