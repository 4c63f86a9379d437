/**
 * The OB 2.0 primitive value types, as 1EdTech's validator checks them (openbadges-validator-core
 * `PrimitiveValueValidator`): IRIs are http(s) URLs, blank node ids or `urn:uuid`; date-times carry a time zone.
 */
export type JsonObject = Record<string, unknown>;

const URN_UUID = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)$/;
const EMAIL = /^[^@\s]+@[^@\s]+$/;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 4096) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

export function isIri(value: unknown): value is string {
  return isHttpUrl(value) || (typeof value === 'string' && (value.startsWith('_:') || URN_UUID.test(value)));
}

export function isDataUri(value: unknown): value is string {
  return typeof value === 'string' && /^data:/i.test(value.trim());
}

export function isEmail(value: unknown): value is string {
  return typeof value === 'string' && EMAIL.test(value);
}

/** Milliseconds since the epoch of an OB 2.0 DateTime, or undefined when the value is not one. */
export function parseDateTime(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = DATE_TIME.exec(value);
  if (!match) return undefined;
  const [, date, hoursMinutes, seconds = '00', fraction = '', zone = 'Z'] = match;
  const offset = zone === 'Z' ? 'Z' : normalizeOffset(zone);
  const time = Date.parse(`${date}T${hoursMinutes}:${seconds}${fraction}${offset}`);
  return Number.isNaN(time) ? undefined : time;
}

export function isDateTime(value: unknown): value is string {
  return parseDateTime(value) !== undefined;
}

function normalizeOffset(zone: string): string {
  const digits = zone.slice(1).replace(':', '');
  return `${zone[0]}${digits.slice(0, 2)}:${digits.slice(2, 4) || '00'}`;
}

/** A property that may hold one value or an array of them, as a list. */
export function listOf(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** The id of a node given either by reference (a string) or embedded (an object with `id`). */
export function nodeId(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isObject(value) && typeof value.id === 'string') return value.id;
  return undefined;
}
