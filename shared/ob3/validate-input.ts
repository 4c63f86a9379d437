import { BadgeError } from '../errors.js';

/** Small guards for builder input; each failure names the field, so API callers can point at it. */
export function requireText(field: string, value: unknown, maxLength = 2000): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new BadgeError('FIELD_REQUIRED', `${field} is required`, { details: { field } });
  }
  if (value.length > maxLength) {
    throw new BadgeError('FIELD_TOO_LONG', `${field} is longer than ${maxLength} characters`, {
      details: { field },
    });
  }
  return value;
}

export function requireUri(field: string, value: unknown): string {
  const text = requireText(field, value, 4000);
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]+$/.test(text)) {
    throw new BadgeError('FIELD_NOT_A_URI', `${field} must be an absolute URI`, { details: { field } });
  }
  return text;
}

export function requireDateTime(field: string, value: unknown): string {
  const text = requireText(field, value, 64);
  if (
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(text) ||
    Number.isNaN(Date.parse(text))
  ) {
    throw new BadgeError('FIELD_NOT_A_DATETIME', `${field} must be an ISO 8601 date-time with a time zone`, {
      details: { field },
    });
  }
  return text;
}

export function optional<T>(value: T | undefined, check: (value: T) => T): T | undefined {
  return value === undefined ? undefined : check(value);
}

/** Drops undefined members so documents (and their canonical forms) carry only what was given. */
export function compact<T extends Record<string, unknown>>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}
