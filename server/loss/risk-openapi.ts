import { MAX_JSON_BODY_BYTES } from '../auth/http-guards';
import { queryParameters, jsonSchemaOf, ref, type ApiPathGroup, jsonContent as json, errorResponse as err, retryAfterHeader as retryAfter } from '../openapi/document';
import { riskAnswerSchema, riskWeightsAnswerSchema } from './risk-answers';
import { riskQuerySchema, riskWeightsBodySchema } from './risk-input';

const common = {
  '401': err('Not signed in'),
  '503': { ...err('Redis or ClickHouse did not answer; retry after Retry-After'), headers: retryAfter },
};
const forbidden = 'Not a fraud analyst or an admin (store managers and merchandisers never see risk scores)';

/** GET /api/v1/loss/risk, GET and PUT /api/v1/loss/risk/weights (risk-routes.ts). */
export const riskApi: ApiPathGroup = {
  tag: {
    name: 'loss-risk',
    description:
      'Loss prevention (fraud analysts and admins only): the risk ranking. Each cashier’s exception rates over a period (the metrics of ' +
      '/api/v1/loss/exceptions) compared with the peers of the same store and kind of till (staffed, or the self-checkout pseudo-cashier ' +
      '<storeId>-SCO): per signal a robust z-score in the suspicious direction, weighted and summed into one score, with the signals that ' +
      'drive it beside the cashier’s own figures; ranked over the scope and within each store. The signals, their direction and default ' +
      'weights: docs/kpis.md "Risk ranking" (lib/loss/risk-signals.ts); an admin sets the weights, stored as versions.',
  },
  paths: {
    '/api/v1/loss/risk': {
      get: {
        operationId: 'getRiskRanking',
        summary: 'The cashiers of the chain, a region or a store ranked by risk score over store-local days (default today)',
        description: 'With the weights in force (their version is in the answer). The same numbers live (Redis) or from history (ClickHouse).',
        security: [{ cookieAuth: [] }],
        parameters: queryParameters(riskQuerySchema),
        responses: {
          '200': { description: 'The ranking', ...json(ref('RiskRanking')) },
          '400': err('A parameter is wrong, unknown or given twice, from without to, to before from, over 93 days, or source=live for a period live does not cover (`field` names it)'),
          ...common,
          '403': err(forbidden),
          '404': err('No such store, or no store in that region'),
        },
      },
    },
    '/api/v1/loss/risk/weights': {
      get: {
        operationId: 'getRiskWeights',
        summary: 'The weights of the risk ranking in force, the versions before it, the defaults and the signals',
        security: [{ cookieAuth: [] }],
        responses: {
          '200': { description: 'The weights', ...json(ref('RiskWeights')) },
          '400': err('The request carries `x-middleware-subrequest`'),
          ...common,
          '403': err(forbidden),
        },
      },
      put: {
        operationId: 'setRiskWeights',
        summary: 'Store new weights (admin only) as the next version; the ranking uses them at once',
        description:
          'Every weight a number from 0 to 10 (0 leaves the signal out); a signal left out takes its default weight; a name that is no ' +
          'signal is a 400 naming it. Who and when are stored with the version; the earlier versions are kept. With `basedOn`, nothing is ' +
          'stored if another version has been stored since (409).',
        security: [{ cookieAuth: [] }],
        requestBody: { required: true, ...json(jsonSchemaOf(riskWeightsBodySchema, 'input')) },
        responses: {
          '200': { description: 'Stored: the weights now in force and the versions before', ...json(ref('RiskWeights')) },
          '400': err('The body is not JSON, a weight is not a number from 0 to 10, or a name is no signal (`field` names it)'),
          ...common,
          '403': err(`${forbidden}; a fraud analyst may not set the weights; or \`forbidden_origin\`: the request did not come from this site`),
          '409': err('`basedOn` is not the version in force: another admin stored weights since'),
          '413': err(`The body is larger than ${MAX_JSON_BODY_BYTES} bytes`),
          '415': err('The body is not `application/json`'),
        },
      },
    },
  },
  schemas: { RiskRanking: jsonSchemaOf(riskAnswerSchema), RiskWeights: jsonSchemaOf(riskWeightsAnswerSchema) },
};
