import { BadgeError } from '../shared/errors.js';
import type { ResourceRef, TemplateResolver } from './template-resolver.js';

/**
 * Resolves only the named properties: the others (IAM roles, code locations, logging) may use attributes the
 * local cloud has no value for, and it never needs them.
 */
export function props(resolver: TemplateResolver, ref: ResourceRef, keys: string[]): Record<string, unknown> {
  const resolved: Record<string, unknown> = {};
  for (const key of keys) {
    const value = ref.resource.Properties?.[key];
    if (value !== undefined) resolved[key] = resolver.resolve(ref.stackName, value);
  }
  return resolved;
}

export function numberOr(value: unknown, fallback: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed))
    throw new BadgeError('LOCAL_TEMPLATE_INVALID', `not a number: ${String(value)}`);
  return parsed;
}

/** Accepts a function name, a function ARN (with or without qualifier) or an API Gateway invocation URI. */
export function functionNameOf(reference: string): string {
  const match = /function:([^:/]+)/.exec(reference);
  return match?.[1] ?? reference;
}
