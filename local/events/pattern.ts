/**
 * EventBridge event-pattern matching for the local cloud.
 *
 * `compileEventPattern(pattern)` validates a pattern (object or JSON text) the way EventBridge's rule
 * compiler does and throws a `BadgeError` with code `INVALID_EVENT_PATTERN` (message
 * `Event pattern is not valid. Reason: ...`) for a bad one. The compiled pattern's `matches(event)` follows
 * the documented semantics: all fields must match (AND), each field's list is an OR, an array in the event
 * matches if any element does (fields of one pattern object must come from the same array element), paths
 * are joined with dots, `exists` only sees leaves, and `$or` forks the pattern into alternatives.
 */
import { collectLeaves, type EventLeaf, trailsCompatible } from './event-leaves.js';
import { compilePatternBranches, INVALID_EVENT_PATTERN, type PatternBranch } from './pattern-compile.js';
import { type ValueMatcher, valueMatches } from './value-matchers.js';

export { INVALID_EVENT_PATTERN };

export interface CompiledEventPattern {
  matches(event: unknown): boolean;
}

export function compileEventPattern(pattern: unknown): CompiledEventPattern {
  const branches = compilePatternBranches(pattern);
  const wantedPrefixes = pathPrefixes(branches);
  return {
    matches(event: unknown): boolean {
      const leaves = collectLeaves(event, wantedPrefixes);
      return branches.some((branch) => branchMatches(branch, leaves));
    },
  };
}

export function matchesEventPattern(pattern: unknown, event: unknown): boolean {
  return compileEventPattern(pattern).matches(event);
}

interface FieldCandidates {
  readonly leaves: readonly EventLeaf[];
}

function branchMatches(branch: PatternBranch, leavesByPath: ReadonlyMap<string, EventLeaf[]>): boolean {
  const required: FieldCandidates[] = [];
  for (const [path, matchers] of branch) {
    const present = leavesByPath.get(path) ?? [];
    const acceptsAbsence = matchers.some((matcher) => matcher.kind === 'exists' && !matcher.present);
    if (present.length === 0) {
      if (acceptsAbsence) continue;
      return false;
    }
    const valueMatchers = matchers.filter((matcher) => matcher.kind !== 'exists' || matcher.present);
    const candidates = present.filter((leaf) => anyMatcher(valueMatchers, leaf));
    if (candidates.length === 0) return false;
    required.push({ leaves: candidates });
  }
  // Few fields have more than one candidate (only arrays produce several), so a small search is enough.
  required.sort((a, b) => a.leaves.length - b.leaves.length);
  return chooseCompatible(required, 0, []);
}

function anyMatcher(matchers: readonly ValueMatcher[], leaf: EventLeaf): boolean {
  return matchers.some((matcher) => valueMatches(matcher, leaf.value));
}

function chooseCompatible(fields: readonly FieldCandidates[], index: number, chosen: EventLeaf[]): boolean {
  const field = fields[index];
  if (field === undefined) return true;
  for (const leaf of field.leaves) {
    if (!chosen.every((other) => trailsCompatible(leaf.trail, other.trail))) continue;
    chosen.push(leaf);
    if (chooseCompatible(fields, index + 1, chosen)) return true;
    chosen.pop();
  }
  return false;
}

function pathPrefixes(branches: readonly PatternBranch[]): Set<string> {
  const prefixes = new Set<string>();
  for (const branch of branches) {
    for (const path of branch.keys()) {
      // Every dotted prefix, because an event key may itself contain dots ("state.status").
      let end = path.indexOf('.');
      while (end !== -1) {
        prefixes.add(path.slice(0, end));
        end = path.indexOf('.', end + 1);
      }
      prefixes.add(path);
    }
  }
  return prefixes;
}
