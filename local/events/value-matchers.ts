import { type IpAddress, type IpRange, ipInRange, parseIpAddress } from './ip-address.js';

/** A JSON scalar found at a leaf of an event. */
export type LeafValue = string | number | boolean | null;

export interface NumericBound {
  readonly value: number;
  readonly inclusive: boolean;
}

/**
 * One entry of a field's match list in a compiled pattern. `exists` is kept apart by the matcher
 * because absence is a property of the whole event, not of one value.
 */
export type ValueMatcher =
  | { readonly kind: 'exact'; readonly value: LeafValue; readonly ip: IpAddress | undefined }
  | { readonly kind: 'prefix'; readonly value: string; readonly ignoreCase: boolean }
  | { readonly kind: 'suffix'; readonly value: string; readonly ignoreCase: boolean }
  | { readonly kind: 'equals-ignore-case'; readonly value: string }
  | { readonly kind: 'wildcard'; readonly expression: RegExp }
  | {
      readonly kind: 'numeric';
      readonly lower: NumericBound | undefined;
      readonly upper: NumericBound | undefined;
    }
  | { readonly kind: 'cidr'; readonly range: IpRange }
  | { readonly kind: 'exists'; readonly present: boolean }
  | {
      readonly kind: 'anything-but';
      readonly strings: ReadonlySet<string>;
      readonly numbers: readonly number[];
    }
  | { readonly kind: 'anything-but-prefix'; readonly values: readonly string[] }
  | { readonly kind: 'anything-but-suffix'; readonly values: readonly string[] }
  | { readonly kind: 'anything-but-ignore-case'; readonly values: ReadonlySet<string> }
  | { readonly kind: 'anything-but-wildcard'; readonly expressions: readonly RegExp[] };

/** Whether a value present in the event satisfies one matcher (`exists: true` is satisfied by any value). */
export function valueMatches(matcher: ValueMatcher, value: LeafValue): boolean {
  switch (matcher.kind) {
    case 'exact':
      return exactMatches(matcher.value, matcher.ip, value);
    case 'prefix':
      return typeof value === 'string' && startsWith(value, matcher.value, matcher.ignoreCase);
    case 'suffix':
      return typeof value === 'string' && endsWith(value, matcher.value, matcher.ignoreCase);
    case 'equals-ignore-case':
      return typeof value === 'string' && foldCase(value) === foldCase(matcher.value);
    case 'wildcard':
      return typeof value === 'string' && matcher.expression.test(value);
    case 'numeric':
      return typeof value === 'number' && withinBounds(value, matcher.lower, matcher.upper);
    case 'cidr':
      return typeof value === 'string' && ipWithin(value, matcher.range);
    case 'exists':
      return matcher.present;
    // anything-but matches every present value, whatever its type, except the excluded ones.
    case 'anything-but':
      if (typeof value === 'string') return !matcher.strings.has(value);
      if (typeof value === 'number') return !matcher.numbers.includes(value);
      return true;
    case 'anything-but-prefix':
      return typeof value !== 'string' || !matcher.values.some((prefix) => value.startsWith(prefix));
    case 'anything-but-suffix':
      return typeof value !== 'string' || !matcher.values.some((suffix) => value.endsWith(suffix));
    case 'anything-but-ignore-case':
      return typeof value !== 'string' || !matcher.values.has(foldCase(value));
    case 'anything-but-wildcard':
      return typeof value !== 'string' || !matcher.expressions.some((expression) => expression.test(value));
  }
}

export function foldCase(text: string): string {
  return text.toLowerCase();
}

function exactMatches(expected: LeafValue, expectedIp: IpAddress | undefined, value: LeafValue): boolean {
  if (value === expected) return true;
  // An IP written differently (e.g. an abbreviated IPv6 address) is still the same address.
  if (expectedIp === undefined || typeof value !== 'string') return false;
  const actual = parseIpAddress(value);
  return actual !== undefined && actual.family === expectedIp.family && actual.value === expectedIp.value;
}

function startsWith(value: string, prefix: string, ignoreCase: boolean): boolean {
  return ignoreCase ? foldCase(value).startsWith(foldCase(prefix)) : value.startsWith(prefix);
}

function endsWith(value: string, suffix: string, ignoreCase: boolean): boolean {
  return ignoreCase ? foldCase(value).endsWith(foldCase(suffix)) : value.endsWith(suffix);
}

function withinBounds(
  value: number,
  lower: NumericBound | undefined,
  upper: NumericBound | undefined,
): boolean {
  if (lower !== undefined && (lower.inclusive ? value < lower.value : value <= lower.value)) return false;
  if (upper !== undefined && (upper.inclusive ? value > upper.value : value >= upper.value)) return false;
  return true;
}

function ipWithin(value: string, range: IpRange): boolean {
  const address = parseIpAddress(value);
  return address !== undefined && ipInRange(address, range);
}
