import type { LeafValue } from './value-matchers.js';

/** Which element of which array a leaf sits in, from the root down. */
export interface ArrayStep {
  readonly arrayId: number;
  readonly index: number;
}

export interface EventLeaf {
  readonly value: LeafValue;
  readonly trail: readonly ArrayStep[];
}

/**
 * Flattens an event into dotted paths (`detail.state`) with their scalar values, as EventBridge does:
 * arrays are "crushed" into their parent path, and each leaf remembers which array elements it came from
 * so that a pattern cannot combine fields from different elements of one array. Only paths that lead to a
 * path the pattern uses are visited.
 */
export function collectLeaves(event: unknown, wantedPrefixes: ReadonlySet<string>): Map<string, EventLeaf[]> {
  const leaves = new Map<string, EventLeaf[]>();
  let nextArrayId = 0;

  const visit = (value: unknown, path: string, trail: readonly ArrayStep[]): void => {
    if (Array.isArray(value)) {
      const arrayId = nextArrayId++;
      value.forEach((element, index) => {
        visit(element, path, [...trail, { arrayId, index }]);
      });
      return;
    }
    if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        const childPath = path === '' ? key : `${path}.${key}`;
        if (wantedPrefixes.has(childPath)) visit(child, childPath, trail);
      }
      return;
    }
    if (path === '') return;
    const list = leaves.get(path);
    const leaf: EventLeaf = { value: value as LeafValue, trail };
    if (list === undefined) leaves.set(path, [leaf]);
    else list.push(leaf);
  };

  visit(event, '', []);
  return leaves;
}

/** Two leaves are compatible unless they come from different elements of the same array. */
export function trailsCompatible(a: readonly ArrayStep[], b: readonly ArrayStep[]): boolean {
  const depth = Math.min(a.length, b.length);
  for (let level = 0; level < depth; level++) {
    const stepA = a[level] as ArrayStep;
    const stepB = b[level] as ArrayStep;
    if (stepA.arrayId !== stepB.arrayId) return true;
    if (stepA.index !== stepB.index) return false;
  }
  return true;
}
