import { MAX_JSON_BODY_BYTES } from '../auth/http-guards';
import { jsonSchemaOf, queryParameters, ref, type ApiPathGroup, jsonContent as json, errorResponse as err, retryAfterHeader as retryAfter } from '../openapi/document';
import { alertsAnswerSchema, alertsQuerySchema, backtestAnswerSchema, backtestBodySchema, MAX_BACKTEST_DAYS, putRuleBodySchema, ruleAnswerSchema, ruleIdSchema, rulesAnswerSchema } from './rules-input';

const common = {
  '401': err('Not signed in'),
  '503': { ...err('Redis or ClickHouse did not answer; retry after Retry-After'), headers: retryAfter },
};
const forbidden = 'Not a fraud analyst or an admin (store managers and merchandisers never see loss rules nor their alerts)';
const adminOnly = `${forbidden}; only an admin changes a rule; or \`forbidden_origin\`: the request did not come from this site`;
const body = { '413': err(`The body is larger than ${MAX_JSON_BODY_BYTES} bytes`), '415': err('The body is not `application/json`') };
const ruleIdParam = { name: 'ruleId', in: 'path', required: true, description: 'the rule', schema: jsonSchemaOf(ruleIdSchema, 'input') };

const toggle = (enable: boolean) => ({
  post: {
    operationId: enable ? 'enableLossRule' : 'disableLossRule',
    summary: `${enable ? 'Switch a rule on' : 'Switch a rule off'} (admin only): the live worker ${enable ? 'evaluates it' : 'stops evaluating it'} within seconds`,
    description: 'Stored as the rule’s next version (nothing stored when it is already so).',
    security: [{ cookieAuth: [] }],
    parameters: [ruleIdParam],
    responses: { '200': { description: 'The rule now in force', ...json(ref('LossRule')) }, '400': err('The rule id is wrong'), ...common, '403': err(adminOnly), '404': err('No such rule') },
  },
});

/** The loss rules, their hits and the backtest (rules-routes.ts). */
export const rulesApi: ApiPathGroup = {
  tag: {
    name: 'loss-rules',
    description:
      'Loss prevention (fraud analysts and admins only): rules as data, evaluated live by the exceptions worker on every validated event, ' +
      'and their hits. Kinds: sequence (events of given types in order at one till or by one cashier within a window, optionally on one ' +
      'receipt or line: a post-void then a no-sale drawer open within 5 minutes), receipt_count (more than N matching events in one receipt), ' +
      'refund_unsold_sku (a refund without receipt of a SKU no till of the store rang up earlier that day), threshold (a cashier’s rate of an ' +
      'exception metric per 100 receipts over the day so far). Every save is a new version; each hit (an alert on the `alerts` topic, pushed ' +
      'live to the store’s `loss:store:<id>` room as `loss:alert`) names the rule and version and carries the events that made it with their ' +
      'Kafka positions. A backtest runs a rule over history through the same evaluator: the same hits as live for the same events.',
  },
  paths: {
    '/api/v1/loss/rules': {
      get: {
        operationId: 'getLossRules',
        summary: 'Every loss rule in force (the defaults, overlaid by saved versions)',
        security: [{ cookieAuth: [] }],
        responses: { '200': { description: 'The rules', ...json(ref('LossRules')) }, '400': err('The request carries `x-middleware-subrequest`'), ...common, '403': err(forbidden) },
      },
    },
    '/api/v1/loss/rules/{ruleId}': {
      get: {
        operationId: 'getLossRule',
        summary: 'One rule as in force, with its stored versions',
        security: [{ cookieAuth: [] }],
        parameters: [ruleIdParam],
        responses: { '200': { description: 'The rule', ...json(ref('LossRuleWithVersions')) }, '400': err('The rule id is wrong'), ...common, '403': err(forbidden), '404': err('No such rule') },
      },
      put: {
        operationId: 'saveLossRule',
        summary: 'Save a rule (admin only), new or edited, as its next version; the live worker takes it within seconds',
        security: [{ cookieAuth: [] }],
        parameters: [ruleIdParam],
        requestBody: { required: true, ...json(jsonSchemaOf(putRuleBodySchema, 'input')) },
        responses: {
          '200': { description: 'Stored: the rule now in force', ...json(ref('LossRule')) },
          '400': err('The body is not JSON, or a field is wrong, missing or unknown (`field` names it)'),
          ...common,
          '403': err(adminOnly),
          '409': err('`basedOn` is not the version in force: another admin saved the rule since'),
          ...body,
        },
      },
    },
    '/api/v1/loss/rules/{ruleId}/enable': toggle(true),
    '/api/v1/loss/rules/{ruleId}/disable': toggle(false),
    '/api/v1/loss/rules/backtest': {
      post: {
        operationId: 'backtestLossRule',
        summary: `Run a rule, stored or new, over up to ${MAX_BACKTEST_DAYS} days of history: how many hits, which cashiers, example evidence`,
        description:
          'The period’s events from ClickHouse `events`, each till’s by seq, the tills merged by event time (as the live worker sees them), ' +
          'through the live evaluator from an empty state at `from`. Nothing is stored. Analysts and admins.',
        security: [{ cookieAuth: [] }],
        requestBody: { required: true, ...json(jsonSchemaOf(backtestBodySchema, 'input')) },
        responses: {
          '200': { description: 'The backtest', ...json(ref('LossBacktest')) },
          '400': err('The body is not JSON, a field is wrong, both or neither of rule and ruleId, or the period is empty or too long (`field` names it)'),
          ...common,
          '403': err(`${forbidden}; or \`forbidden_origin\`: the request did not come from this site`),
          '404': err('No such rule'),
          ...body,
        },
      },
    },
    '/api/v1/loss/alerts': {
      get: {
        operationId: 'getLossAlerts',
        summary: 'The rules’ hits (alerts with their evidence) of one store or every store over store-local days (default today), newest first',
        security: [{ cookieAuth: [] }],
        parameters: queryParameters(alertsQuerySchema),
        responses: {
          '200': { description: 'The hits', ...json(ref('LossAlerts')) },
          '400': err('A parameter is wrong, unknown or given twice, from without to, to before from, or over 31 days (`field` names it)'),
          ...common,
          '403': err(forbidden),
          '404': err('No such store'),
        },
      },
    },
  },
  schemas: {
    LossRules: jsonSchemaOf(rulesAnswerSchema),
    LossRule: jsonSchemaOf(ruleAnswerSchema.omit({ versions: true })),
    LossRuleWithVersions: jsonSchemaOf(ruleAnswerSchema),
    LossAlerts: jsonSchemaOf(alertsAnswerSchema),
    LossBacktest: jsonSchemaOf(backtestAnswerSchema),
  },
};
