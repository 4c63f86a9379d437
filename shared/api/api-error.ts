import { BadgeError, isBadgeError } from '../errors.js';

/** A field-level problem, as 4xx bodies list them. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** The body of every error the API answers: a stable code, a message, and the fields at fault (4xx only). */
export interface ErrorBody {
  error: { code: string; message: string; fields?: FieldProblem[]; requestId?: string };
}

export function apiError(code: string, status: number, message: string, fields?: FieldProblem[]): BadgeError {
  return new BadgeError(code, message, { status, ...(fields ? { details: { fields } } : {}) });
}

export function validationFailed(fields: FieldProblem[], code = 'VALIDATION_FAILED'): BadgeError {
  const summary = fields.map((problem) => `${problem.field}: ${problem.message}`).join('; ');
  return apiError(code, 400, `the request is not valid: ${summary}`, fields);
}

/** The fields a domain error names, whichever way it names them (`details.fields` or `details.field`). */
export function fieldsOf(error: BadgeError): FieldProblem[] | undefined {
  const details = error.details ?? {};
  if (Array.isArray(details.fields)) {
    return (details.fields as Array<string | { field?: unknown; message?: unknown }>).map((problem) =>
      typeof problem === 'string'
        ? { field: problem, message: error.message }
        : { field: String(problem.field ?? '(body)'), message: String(problem.message ?? error.message) },
    );
  }
  if (typeof details.field === 'string') return [{ field: details.field, message: error.message }];
  return undefined;
}

/**
 * Maps any error to its HTTP answer, in one place. Below 500 the caller learns the code, the message and the
 * fields; from 500 up only a generic code (the details go to the log, never to the body).
 */
export function errorResponse(
  error: unknown,
  requestId: string,
): { statusCode: number; body: ErrorBody; headers: Record<string, string> } {
  const status = isBadgeError(error) && error.status >= 400 && error.status <= 599 ? error.status : 500;
  const headers: Record<string, string> = {};
  if (status === 401) headers['www-authenticate'] = 'Bearer';
  if (status >= 500 || !isBadgeError(error)) {
    const unavailable = status === 503;
    return {
      statusCode: status,
      headers,
      body: {
        error: {
          code: unavailable ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_ERROR',
          message: unavailable
            ? 'the service is busy; retry the request later'
            : 'the request could not be completed',
          requestId,
        },
      },
    };
  }
  const fields = fieldsOf(error);
  return {
    statusCode: status,
    headers,
    body: { error: { code: error.code, message: error.message, ...(fields ? { fields } : {}), requestId } },
  };
}
