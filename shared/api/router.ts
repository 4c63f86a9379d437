import { apiError } from './api-error.js';
import type { AnyRoute } from './route.js';

/**
 * Matches a method and path to a route. Literal segments win over parameters (`/v1/awards/bulk` before
 * `/v1/awards/{awardId}`); a path that exists with other methods is a 405 naming them, anything else a 404.
 */
export interface RouteMatch {
  route: AnyRoute;
  params: Record<string, string>;
}

interface CompiledRoute {
  route: AnyRoute;
  pattern: RegExp;
  names: string[];
  literalSegments: number;
}

export class Router {
  private readonly compiled: CompiledRoute[];

  constructor(readonly routes: readonly AnyRoute[]) {
    this.compiled = routes
      .map((route) => compile(route))
      .sort((a, b) => b.literalSegments - a.literalSegments);
  }

  match(method: string, path: string): RouteMatch {
    const allowed = new Set<string>();
    for (const candidate of this.compiled) {
      const found = candidate.pattern.exec(path);
      if (!found) continue;
      if (candidate.route.method !== method.toUpperCase()) {
        allowed.add(candidate.route.method);
        continue;
      }
      const params: Record<string, string> = {};
      try {
        candidate.names.forEach((name, index) => {
          params[name] = decodeURIComponent(found[index + 1] as string);
        });
      } catch {
        throw apiError('ROUTE_NOT_FOUND', 404, 'the path is not well-formed');
      }
      return { route: candidate.route, params };
    }
    if (allowed.size > 0) {
      const error = apiError(
        'METHOD_NOT_ALLOWED',
        405,
        `${method} is not allowed here; allowed: ${[...allowed].sort().join(', ')}`,
      );
      Object.assign(error, { allow: [...allowed].sort().join(', ') });
      throw error;
    }
    throw apiError('ROUTE_NOT_FOUND', 404, `no operation at ${path}`);
  }
}

function compile(route: AnyRoute): CompiledRoute {
  const names: string[] = [];
  let literalSegments = 0;
  const source = route.path
    .split('/')
    .map((segment) => {
      const parameter = /^\{([A-Za-z]+)\}$/.exec(segment);
      if (parameter) {
        names.push(parameter[1] as string);
        return '([^/]+)';
      }
      if (segment) literalSegments++;
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}$`), names, literalSegments };
}
