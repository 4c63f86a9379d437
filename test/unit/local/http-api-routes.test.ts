import { describe, expect, it } from 'vitest';
import type { RouteConfig } from '../../../local/cloud-config.js';
import { RouteTable } from '../../../local/http-api-routes.js';

function route(routeKey: string): RouteConfig {
  const [method, path] = routeKey === '$default' ? [undefined, undefined] : routeKey.split(' ');
  return {
    routeKey,
    method,
    path,
    functionName: 'fn',
    payloadFormatVersion: '2.0',
    timeoutMillis: 30_000,
    authorizer: undefined,
    authorizationScopes: [],
  };
}

const table = new RouteTable(
  [
    'GET /pets/dog/1',
    'GET /pets/dog/{id}',
    'GET /pets/{proxy+}',
    'ANY /pets/{proxy+}',
    'POST /pets',
    'ANY /pets',
    'GET /files/{name}/versions/{version}',
    '$default',
  ].map(route),
);

describe('selecting the route of a request', () => {
  it.each([
    ['GET', '/pets/dog/1', 'GET /pets/dog/1', undefined],
    ['GET', '/pets/dog/2', 'GET /pets/dog/{id}', { id: '2' }],
    ['GET', '/pets/cat/1', 'GET /pets/{proxy+}', { proxy: 'cat/1' }],
    ['PUT', '/pets/cat/1', 'ANY /pets/{proxy+}', { proxy: 'cat/1' }],
    ['POST', '/pets', 'POST /pets', undefined],
    ['DELETE', '/pets', 'ANY /pets', undefined],
    ['GET', '/files/a%20b/versions/3', 'GET /files/{name}/versions/{version}', { name: 'a b', version: '3' }],
    ['GET', '/elsewhere', '$default', undefined],
    ['GET', '/pets/', '$default', undefined],
  ])('%s %s goes to %s', (method, path, routeKey, pathParameters) => {
    const match = table.match(method, path);
    expect(match?.route.routeKey).toBe(routeKey);
    if (pathParameters) expect(match?.pathParameters).toEqual(pathParameters);
  });

  it('never lets a greedy variable match an empty remainder', () => {
    const withoutDefault = new RouteTable([route('ANY /v1/{proxy+}')]);
    expect(withoutDefault.match('GET', '/v1')).toBeUndefined();
    expect(withoutDefault.match('GET', '/v1/')).toBeUndefined();
    expect(withoutDefault.match('GET', '/v1/awards')?.pathParameters).toEqual({ proxy: 'awards' });
  });

  it('matches literal segments case-sensitively', () => {
    const strict = new RouteTable([route('GET /openapi.json')]);
    expect(strict.match('GET', '/OpenAPI.json')).toBeUndefined();
    expect(strict.match('GET', '/openapi.json')?.route.routeKey).toBe('GET /openapi.json');
  });

  it('finds nothing without a $default route when no route matches', () => {
    expect(new RouteTable([route('GET /a')]).match('POST', '/a')).toBeUndefined();
  });
});
