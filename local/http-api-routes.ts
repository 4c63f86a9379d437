import type { RouteConfig } from './cloud-config.js';

/**
 * API Gateway HTTP API route selection: the most specific match wins. Literal segments beat `{param}`
 * segments, which beat a greedy `{proxy+}`; at equal paths a route for the request's method beats `ANY`; the
 * `$default` route catches whatever nothing else matched. Path parameters are URL-decoded, as API Gateway
 * decodes them before calling the integration.
 */

export interface RouteMatch {
  route: RouteConfig;
  pathParameters: Record<string, string> | undefined;
}

type Segment =
  | { kind: 'literal'; text: string }
  | { kind: 'param'; name: string }
  | { kind: 'greedy'; name: string };

interface CompiledRoute {
  route: RouteConfig;
  segments: Segment[];
}

export class RouteTable {
  private readonly compiled: CompiledRoute[];
  private readonly fallback: RouteConfig | undefined;

  constructor(routes: RouteConfig[]) {
    this.fallback = routes.find((route) => route.routeKey === '$default');
    this.compiled = routes
      .filter((route) => route.path !== undefined)
      .map((route) => ({ route, segments: compilePath(route.path as string) }));
  }

  match(method: string, rawPath: string): RouteMatch | undefined {
    const requestSegments = splitPath(rawPath);
    let best: { match: RouteMatch; rank: number[] } | undefined;
    for (const candidate of this.compiled) {
      const { route } = candidate;
      if (route.method !== 'ANY' && route.method !== method) continue;
      const parameters = matchSegments(candidate.segments, requestSegments);
      if (!parameters) continue;
      const rank = [...candidate.segments.map(segmentRank), route.method === 'ANY' ? 0 : 1];
      if (!best || compareRanks(rank, best.rank) > 0) {
        best = {
          match: { route, pathParameters: Object.keys(parameters).length > 0 ? parameters : undefined },
          rank,
        };
      }
    }
    if (best) return best.match;
    return this.fallback ? { route: this.fallback, pathParameters: undefined } : undefined;
  }
}

function splitPath(path: string): string[] {
  return path.replace(/^\//, '').split('/');
}

function compilePath(path: string): Segment[] {
  return splitPath(path).map((segment): Segment => {
    const variable = /^\{([^}]+)\}$/.exec(segment);
    if (!variable) return { kind: 'literal', text: segment };
    const name = variable[1] as string;
    return name.endsWith('+') ? { kind: 'greedy', name: name.slice(0, -1) } : { kind: 'param', name };
  });
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function matchSegments(segments: Segment[], request: string[]): Record<string, string> | undefined {
  const parameters: Record<string, string> = {};
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index] as Segment;
    if (segment.kind === 'greedy') {
      const rest = request.slice(index);
      // A greedy variable catches one or more child segments, never none.
      if (rest.length === 0 || rest.join('/') === '') return undefined;
      parameters[`${segment.name}`] = rest.map(decode).join('/');
      return parameters;
    }
    const part = request[index];
    if (part === undefined) return undefined;
    if (segment.kind === 'literal') {
      if (decode(part) !== segment.text) return undefined;
    } else {
      if (part === '') return undefined;
      parameters[segment.name] = decode(part);
    }
  }
  return segments.length === request.length ? parameters : undefined;
}

function segmentRank(segment: Segment): number {
  if (segment.kind === 'literal') return 3;
  if (segment.kind === 'param') return 2;
  return 1;
}

function compareRanks(a: number[], b: number[]): number {
  const length = Math.max(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
