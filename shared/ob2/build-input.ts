import { BadgeError } from '../errors.js';
import { isDataUri, isDateTime, isEmail, isHttpUrl, isIri, isNonEmptyString } from './values.js';

/**
 * Collects every problem of a builder's input before failing, so one error names all the fields to fix.
 * The error code is `OB2_INVALID_INPUT`; `details.fields` lists the field paths.
 */
export class InputProblems {
  private readonly problems: Array<{ field: string; problem: string }> = [];

  constructor(private readonly documentType: string) {}

  add(field: string, problem: string): void {
    this.problems.push({ field, problem });
  }

  requireText(field: string, value: unknown): void {
    if (!isNonEmptyString(value)) this.add(field, 'is required text');
  }

  optionalText(field: string, value: unknown): void {
    if (value !== undefined && typeof value !== 'string') this.add(field, 'must be text');
  }

  requireHttpUrl(field: string, value: unknown): void {
    if (!isHttpUrl(value)) this.add(field, 'must be an http(s) URL');
  }

  optionalHttpUrl(field: string, value: unknown): void {
    if (value !== undefined) this.requireHttpUrl(field, value);
  }

  requireIri(field: string, value: unknown): void {
    if (!isIri(value)) this.add(field, 'must be an http(s) URL or a urn:uuid');
  }

  requireEmail(field: string, value: unknown): void {
    if (!isEmail(value)) this.add(field, 'must be an email address');
  }

  requireImage(field: string, value: unknown, options: { allowDataUri: boolean }): void {
    if (isHttpUrl(value)) return;
    if (options.allowDataUri && isDataUri(value)) return;
    this.add(
      field,
      options.allowDataUri ? 'must be an http(s) URL or a data: URI' : 'must be an http(s) URL',
    );
  }

  requireDateTime(field: string, value: unknown): void {
    if (!isDateTime(value)) this.add(field, 'must be an ISO 8601 date-time with a time zone');
  }

  throwIfAny(): void {
    if (this.problems.length === 0) return;
    const fields = this.problems.map((p) => p.field);
    const summary = this.problems.map((p) => `${p.field} ${p.problem}`).join('; ');
    throw new BadgeError('OB2_INVALID_INPUT', `Invalid OB 2.0 ${this.documentType}: ${summary}`, {
      details: { fields, problems: this.problems },
    });
  }
}

/** Dates are accepted as Date objects or ISO strings and always published as ISO 8601 UTC strings. */
export function toDateTimeString(value: Date | string): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  return isDateTime(value) ? value : undefined;
}
