/**
 * Every failure the product reports carries a stable, checkable `code`.
 * HTTP mapping happens once (in the API middleware); messages never carry secrets.
 */
export class BadgeError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: string,
    message: string,
    options: { status?: number; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BadgeError';
    this.code = code;
    this.status = options.status ?? 400;
    this.details = options.details;
  }
}

export function isBadgeError(value: unknown): value is BadgeError {
  return value instanceof BadgeError;
}
