import { createRule, updateRule } from '../../awards/rule-admin.js';
import { json } from '../http.js';
import { defineRoute } from '../route.js';
import type { ApiRuntime } from '../runtime.js';
import {
  ruleCreateSchema,
  ruleListSchema,
  rulePathSchema,
  ruleUpdateResultSchema,
  ruleUpdateSchema,
  ruleViewSchema,
} from '../schemas.js';
import { ruleView } from '../views.js';

const TAGS = ['rules'];
const RULE_BODY = 16 * 1024;
const adminDeps = (runtime: ApiRuntime) => ({
  store: runtime.rules,
  badgeClasses: runtime.badgeClasses,
  clock: runtime.clock,
});

export const listRules = defineRoute({
  method: 'GET',
  path: '/v1/rules',
  operationId: 'listRules',
  summary: 'List the award rules (current versions)',
  tags: TAGS,
  access: 'admin',
  responses: { 200: { description: 'Every rule', schema: ruleListSchema } },
  async handle({ runtime }) {
    return json(200, { rules: (await runtime.rules.list()).map(ruleView) });
  },
});

export const createRuleRoute = defineRoute({
  method: 'POST',
  path: '/v1/rules',
  operationId: 'createRule',
  summary: 'Create an award rule',
  tags: TAGS,
  access: 'admin',
  body: { schema: ruleCreateSchema, maxBytes: RULE_BODY },
  responses: { 201: { description: 'Created (version 1)', schema: ruleViewSchema } },
  async handle({ body, runtime }) {
    const rule = await createRule(body, adminDeps(runtime));
    return json(201, ruleView(rule), { location: `/v1/rules/${rule.ruleId}` });
  },
});

export const updateRuleRoute = defineRoute({
  method: 'PUT',
  path: '/v1/rules/{ruleId}',
  operationId: 'updateRule',
  summary: 'Change an award rule',
  description:
    'A rule that has awarded a badge is locked: the change becomes a new version. An unlocked rule is changed in place.',
  tags: TAGS,
  access: 'admin',
  params: rulePathSchema,
  body: { schema: ruleUpdateSchema, maxBytes: RULE_BODY },
  responses: { 200: { description: 'Changed', schema: ruleUpdateResultSchema } },
  async handle({ params, body, runtime }) {
    const { rule, newVersion } = await updateRule(params.ruleId, body, adminDeps(runtime));
    return json(200, { rule: ruleView(rule), newVersion });
  },
});
