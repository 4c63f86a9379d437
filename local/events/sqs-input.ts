/** Readers for SQS JSON request members, failing with the errors SQS gives for missing or bad values. */
import { invalidParameter, missingParameter, SqsRequestRejected } from './sqs-errors.js';

export type Input = Readonly<Record<string, unknown>>;

export function requiredString(input: Input, member: string): string {
  const value = input[member];
  if (value === undefined || value === null || value === '') throw missingParameter(member);
  if (typeof value !== 'string') throw serialization(member, 'a string');
  return value;
}

export function optionalString(input: Input, member: string): string | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw serialization(member, 'a string');
  return value;
}

/** An optional integer within `[min, max]`; `reason` is SQS's wording for the range. */
export function optionalInteger(
  input: Input,
  member: string,
  range: { readonly min: number; readonly max: number; readonly reason: string },
): number | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number') throw serialization(member, 'a number');
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw invalidParameter(member, value, range.reason);
  }
  return value;
}

export function optionalStringList(input: Input, member: string): readonly string[] | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw serialization(member, 'a list of strings');
  }
  return value as string[];
}

export function optionalObject(input: Input, member: string): Input | undefined {
  const value = input[member];
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw serialization(member, 'an object');
  return value;
}

export function requiredList(input: Input, member: string): readonly unknown[] {
  const value = input[member];
  if (value === undefined || value === null) throw missingParameter(member);
  if (!Array.isArray(value)) throw serialization(member, 'a list');
  return value;
}

export function isObject(value: unknown): value is Input {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function serialization(member: string, expected: string): SqsRequestRejected {
  return new SqsRequestRejected('SerializationException', `${member} must be ${expected}`);
}
