/**
 * The API's view of a request and a response, independent of API Gateway's event shape: the dispatcher builds
 * an `ApiRequest` from the payload format 2.0 event and turns an `ApiResponse` back into the integration result.
 */
export interface ApiRequest {
  method: string;
  /** The path as requested, without the query string (`/v1/awards/…`). */
  path: string;
  /** Header names in lower case. */
  headers: Readonly<Record<string, string | undefined>>;
  query: Readonly<Record<string, string | undefined>>;
  /** The body's exact bytes (API Gateway base64-encodes bodies that are not text). */
  body: Buffer;
  requestId: string;
}

export interface ApiResponse {
  statusCode: number;
  headers?: Record<string, string>;
  /** JSON-serialised unless `text` is given. */
  json?: unknown;
  text?: string;
}

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): ApiResponse {
  return { statusCode, json: body, headers };
}

export function text(
  statusCode: number,
  body: string,
  contentType: string,
  headers: Record<string, string> = {},
): ApiResponse {
  return { statusCode, text: body, headers: { 'content-type': contentType, ...headers } };
}

/** The media type of a Content-Type header, lower-cased, without parameters. */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type === '' ? undefined : type;
}
