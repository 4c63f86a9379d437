import { buildOpenApiDocument } from '../openapi.js';
import type { AnyRoute } from '../route.js';
import { createAward, getAward, listAwards, reissue, revokeAward } from './awards.js';
import {
  createBadgeClassRoute,
  getBadgeClass,
  listBadgeClasses,
  updateBadgeClassRoute,
} from './badge-classes.js';
import { bulkAwards } from './bulk-awards.js';
import { openApiRoute, postEvents } from './public.js';
import { createRuleRoute, listRules, updateRuleRoute } from './rules.js';

/** Every operation of the API; the router and the OpenAPI document are both made from this list. */
export function apiRoutes(): AnyRoute[] {
  let document: unknown;
  const routes: AnyRoute[] = [
    openApiRoute(() => {
      document ??= buildOpenApiDocument(routes);
      return document;
    }),
    postEvents,
    createAward,
    listAwards,
    bulkAwards,
    getAward,
    revokeAward,
    reissue,
    listBadgeClasses,
    getBadgeClass,
    createBadgeClassRoute,
    updateBadgeClassRoute,
    listRules,
    createRuleRoute,
    updateRuleRoute,
  ];
  return routes;
}
