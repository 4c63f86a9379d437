import type { z } from 'zod';
import type { Principal, Role } from './auth.js';
import type { ApiRequest, ApiResponse } from './http.js';
import type { ApiRuntime } from './runtime.js';

/**
 * One operation of the API, declared once: the router matches it, the dispatcher checks the caller's role and
 * validates path, query and body with its schemas before `handle` runs, and the OpenAPI document is generated
 * from the same declaration.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type Access = 'public' | Role;

export interface BodySpec<B extends z.ZodType> {
  /** The JSON body, as documented. */
  schema: B;
  /** What the dispatcher checks when the handler checks the rest itself (rows of a bulk request, one by one). */
  envelope?: z.ZodType;
  /** Also accepts `text/csv`, handed to the handler as text. */
  csv?: boolean;
  /** Largest body in bytes (413 beyond). */
  maxBytes: number;
  /** Documentation of the CSV form. */
  csvDescription?: string;
  /** Handed over as the exact text, unparsed (a signature covers its bytes); the schema documents it. */
  raw?: boolean;
}

export interface HeaderSpec {
  name: string;
  description: string;
  required: boolean;
}

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** Default `application/json`. */
  mediaTypes?: string[];
}

export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  /** The validated JSON body (undefined for a CSV or raw body, which is in `text`). */
  body: B;
  /** The body as text, for CSV and raw bodies. */
  text?: string;
  principal: Principal | undefined;
  request: ApiRequest;
  runtime: ApiRuntime;
  /** Time left before the function times out. */
  remainingMs: () => number;
}

export interface Route<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
> {
  method: HttpMethod;
  /** OpenAPI path template: `/v1/awards/{awardId}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  access: Access;
  params?: P;
  query?: Q;
  body?: BodySpec<B>;
  /** Request headers the operation reads (documented). */
  headers?: HeaderSpec[];
  /** An `Idempotency-Key` header makes a retry return the first response. */
  idempotent?: boolean;
  responses: Record<number, ResponseSpec>;
  handle(context: RouteContext<z.infer<P>, z.infer<Q>, z.infer<B>>): Promise<ApiResponse>;
}

// biome-ignore lint/suspicious/noExplicitAny: the route table holds routes of every shape.
export type AnyRoute = Route<any, any, any>;

export function defineRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  route: Route<P, Q, B>,
): AnyRoute {
  return route as AnyRoute;
}
