import { BadgeError } from '../../shared/errors.js';
import { parseCidr, parseIpAddress } from './ip-address.js';
import type { LeafValue, NumericBound, ValueMatcher } from './value-matchers.js';
import { foldCase } from './value-matchers.js';
import { compileWildcard } from './wildcard.js';

/** One alternative of a pattern: every field path must match (AND); `$or` yields several branches. */
export type PatternBranch = ReadonlyMap<string, readonly ValueMatcher[]>;

export const INVALID_EVENT_PATTERN = 'INVALID_EVENT_PATTERN';

const OR_KEYWORD = '$or';
// Operator names cannot be field names inside `$or`: EventBridge refuses them to keep `$or` unambiguous.
const RESERVED_IN_OR = new Set([
  'anything-but',
  'cidr',
  'equals-ignore-case',
  'exists',
  'numeric',
  'prefix',
  'suffix',
  'wildcard',
]);
// EventBridge compares numbers in this range with six decimal places; outside it, numeric patterns are refused.
const NUMERIC_LIMIT = 5e9;

export function invalidPattern(reason: string): BadgeError {
  return new BadgeError(INVALID_EVENT_PATTERN, `Event pattern is not valid. Reason: ${reason}`, {
    details: { reason },
  });
}

/** Validates a pattern (as EventBridge's rule compiler does) and flattens it into match branches. */
export function compilePatternBranches(pattern: unknown): PatternBranch[] {
  const parsed = typeof pattern === 'string' ? parseJson(pattern) : pattern;
  if (!isPlainObject(parsed)) throw invalidPattern('Filter is not an object');
  const branches: Map<string, ValueMatcher[]>[] = [new Map()];
  return compileObject(parsed, '', branches, false);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalidPattern((error as Error).message);
  }
}

function compileObject(
  object: Record<string, unknown>,
  path: string,
  branches: Map<string, ValueMatcher[]>[],
  insideOr: boolean,
): Map<string, ValueMatcher[]>[] {
  const keys = Object.keys(object);
  if (keys.length === 0) throw invalidPattern('Empty objects are not allowed');
  let current = branches;
  for (const key of keys) {
    const value = object[key];
    if (key === OR_KEYWORD) {
      current = compileOr(value, path, current);
      continue;
    }
    if (insideOr && RESERVED_IN_OR.has(key)) {
      throw invalidPattern(`${key} is Ruler reserved fieldName which cannot be used inside ${OR_KEYWORD}.`);
    }
    const fieldPath = path === '' ? key : `${path}.${key}`;
    if (Array.isArray(value)) {
      const matchers = compileMatchList(value);
      for (const branch of current) branch.set(fieldPath, matchers);
    } else if (isPlainObject(value)) {
      current = compileObject(value, fieldPath, current, insideOr);
    } else {
      throw invalidPattern(`"${key}" must be an object or an array`);
    }
  }
  return current;
}

function compileOr(
  alternatives: unknown,
  path: string,
  branches: Map<string, ValueMatcher[]>[],
): Map<string, ValueMatcher[]>[] {
  if (!Array.isArray(alternatives)) throw invalidPattern(`It must be an Array followed with ${OR_KEYWORD}.`);
  if (alternatives.length < 2) {
    throw invalidPattern(`There must have at least 2 Objects in ${OR_KEYWORD} relationship.`);
  }
  const result: Map<string, ValueMatcher[]>[] = [];
  for (const alternative of alternatives) {
    if (!isPlainObject(alternative)) {
      throw invalidPattern(`Only JSON object is allowed in array of ${OR_KEYWORD} relationship.`);
    }
    const copies = branches.map((branch) => new Map(branch));
    result.push(...compileObject(alternative, path, copies, true));
  }
  return result;
}

function compileMatchList(values: unknown[]): ValueMatcher[] {
  if (values.length === 0) throw invalidPattern('Empty arrays are not allowed');
  return values.map((value) => {
    if (isPlainObject(value)) return compileOperator(value);
    if (typeof value === 'string') return { kind: 'exact', value, ip: parseIpAddress(value) };
    if (typeof value === 'number' || typeof value === 'boolean' || value === null) {
      return { kind: 'exact', value: value as LeafValue, ip: undefined };
    }
    throw invalidPattern('Match value must be String, number, true, false, or null');
  });
}

function compileOperator(expression: Record<string, unknown>): ValueMatcher {
  const keys = Object.keys(expression);
  const [name] = keys;
  if (name === undefined) throw invalidPattern('Match expression name not found');
  if (keys.length > 1) throw invalidPattern('Only one key allowed in match expression');
  const operand = expression[name];
  switch (name) {
    case 'prefix':
    case 'suffix':
      return compileAffix(name, operand);
    case 'equals-ignore-case':
      return {
        kind: 'equals-ignore-case',
        value: requireString(operand, `${name} match pattern must be a string`),
      };
    case 'wildcard':
      return {
        kind: 'wildcard',
        expression: requireWildcard(requireString(operand, 'wildcard match pattern must be a string')),
      };
    case 'numeric':
      return compileNumeric(operand);
    case 'anything-but':
      return compileAnythingBut(operand);
    case 'exists':
      if (typeof operand !== 'boolean')
        throw invalidPattern('exists match pattern must be either true or false.');
      return { kind: 'exists', present: operand };
    case 'cidr': {
      const range = parseCidr(requireString(operand, 'cidr match pattern must be a string'));
      if (typeof range === 'string') throw invalidPattern(range);
      return { kind: 'cidr', range };
    }
    default:
      throw invalidPattern(`Unrecognized match type ${name}`);
  }
}

function compileAffix(kind: 'prefix' | 'suffix', operand: unknown): ValueMatcher {
  if (typeof operand === 'string') return { kind, value: operand, ignoreCase: false };
  if (isPlainObject(operand)) {
    const keys = Object.keys(operand);
    if (keys.length !== 1 || keys[0] !== 'equals-ignore-case') {
      throw invalidPattern(`Unsupported ${kind} pattern: ${keys.join(',')}`);
    }
    const value = requireString(
      operand['equals-ignore-case'],
      'equals-ignore-case match pattern must be a string',
    );
    return { kind, value, ignoreCase: true };
  }
  throw invalidPattern(`${kind} match pattern must be a string`);
}

function compileNumeric(operand: unknown): ValueMatcher {
  if (!Array.isArray(operand)) throw invalidPattern('Value of numeric must be an array.');
  const [operator, value, secondOperator, secondValue, ...rest] = operand;
  if (typeof operator !== 'string')
    throw invalidPattern(`Invalid member in numeric match: ${String(operator)}`);
  const bound = (candidate: unknown, name: string): number => {
    if (typeof candidate !== 'number') throw invalidPattern(`Value of ${name} must be numeric`);
    if (Math.abs(candidate) > NUMERIC_LIMIT) throw invalidPattern(`Value of ${name} is out of range`);
    return candidate;
  };
  const expectEnd = (length: number): void => {
    if (operand.length > length) throw invalidPattern('Too many elements in numeric expression');
  };
  switch (operator) {
    case '=': {
      expectEnd(2);
      const exact = bound(value, '=');
      return numeric({ value: exact, inclusive: true }, { value: exact, inclusive: true });
    }
    case '<':
    case '<=':
      expectEnd(2);
      return numeric(undefined, { value: bound(value, operator), inclusive: operator === '<=' });
    case '>':
    case '>=': {
      const lower: NumericBound = { value: bound(value, operator), inclusive: operator === '>=' };
      if (operand.length === 2) return numeric(lower, undefined);
      if (secondOperator !== '<' && secondOperator !== '<=') {
        throw invalidPattern(`Bad numeric range operator: ${String(secondOperator)}`);
      }
      const upper: NumericBound = {
        value: bound(secondValue, secondOperator),
        inclusive: secondOperator === '<=',
      };
      if (rest.length > 0) throw invalidPattern('Too many terms in numeric range expression');
      if (lower.value >= upper.value) throw invalidPattern('Bottom must be less than top');
      return numeric(lower, upper);
    }
    default:
      throw invalidPattern(`Unrecognized numeric range operator: ${operator}`);
  }
}

function numeric(lower: NumericBound | undefined, upper: NumericBound | undefined): ValueMatcher {
  return { kind: 'numeric', lower, upper };
}

function compileAnythingBut(operand: unknown): ValueMatcher {
  if (isPlainObject(operand)) return compileAnythingButOperator(operand);
  const values = Array.isArray(operand) ? operand : [operand];
  const strings = values.filter((value): value is string => typeof value === 'string');
  const numbers = values.filter((value): value is number => typeof value === 'number');
  if (strings.length + numbers.length !== values.length) {
    throw invalidPattern('Inside anything-but list, start|null|boolean is not supported.');
  }
  if (values.length === 0 || (strings.length > 0 && numbers.length > 0)) {
    throw invalidPattern(
      'Inside anything but list, either all values are number or string, mixed type is not supported',
    );
  }
  return { kind: 'anything-but', strings: new Set(strings), numbers };
}

function compileAnythingButOperator(operand: Record<string, unknown>): ValueMatcher {
  const keys = Object.keys(operand);
  const [name] = keys;
  if (name === undefined) throw invalidPattern('Anything-But expression name not found');
  if (keys.length > 1) throw invalidPattern('Too many elements in numeric expression');
  if (!['prefix', 'suffix', 'equals-ignore-case', 'wildcard'].includes(name)) {
    throw invalidPattern(`Unsupported anything-but pattern: ${name}`);
  }
  const raw = operand[name];
  const list = Array.isArray(raw) ? raw : [raw];
  const typeError =
    name === 'equals-ignore-case'
      ? 'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.'
      : name === 'wildcard'
        ? 'wildcard match pattern must be a string'
        : 'prefix/suffix match pattern must be a string';
  const values = list.map((value) => requireString(value, typeError));
  switch (name) {
    case 'prefix':
    case 'suffix':
      if (values.some((value) => value === '')) throw invalidPattern('Null prefix/suffix not allowed');
      return { kind: name === 'prefix' ? 'anything-but-prefix' : 'anything-but-suffix', values };
    case 'equals-ignore-case':
      return { kind: 'anything-but-ignore-case', values: new Set(values.map(foldCase)) };
    default:
      return { kind: 'anything-but-wildcard', expressions: values.map(requireWildcard) };
  }
}

function requireWildcard(wildcard: string): RegExp {
  const compiled = compileWildcard(wildcard);
  if (typeof compiled === 'string') throw invalidPattern(compiled);
  return compiled;
}

function requireString(value: unknown, reason: string): string {
  if (typeof value !== 'string') throw invalidPattern(reason);
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
