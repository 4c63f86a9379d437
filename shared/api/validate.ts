import type { z } from 'zod';
import { type FieldProblem, validationFailed } from './api-error.js';

/** zod issues as field problems: `rows.3.email`, or the unknown key itself for a field that is not allowed. */
export function problemsOf(error: z.ZodError, prefix = ''): FieldProblem[] {
  return error.issues.flatMap((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: [path, key].filter(Boolean).join('.'),
        message: 'is not an accepted field',
      }));
    }
    return [{ field: path || '(body)', message: issue.message }];
  });
}

/** Parses a value with a schema; a mismatch is a 400 `VALIDATION_FAILED` naming every field at fault. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, prefix = ''): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationFailed(problemsOf(result.error, prefix));
  return result.data;
}
