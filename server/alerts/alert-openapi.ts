import { alertSchema } from '../../lib/alerts/alert-model';
import { jsonSchemaOf, queryParameters, ref, type ApiPathGroup, jsonContent as json, errorResponse as err } from '../openapi/document';
import { alertAnswerSchema, alertListSchema, alertQuerySchema } from './alert-answers';

const common = { '401': err('Not signed in'), '503': err('Redis did not answer; retry after Retry-After') };
const idParam = { name: 'alertId', in: 'path', required: true, description: 'the alert', schema: { type: 'string' } };
const change = (operationId: string, summary: string) => ({
  post: {
    operationId,
    summary,
    security: [{ cookieAuth: [] }],
    parameters: [idParam],
    responses: {
      '200': { description: 'The alert after the change (unchanged when it was already so)', ...json(ref('AlertAnswer')) },
      '403': err('`forbidden_origin`: the request did not come from this site'),
      '404': err('No such alert, or one the caller may not see'),
      '409': err('Acknowledging an alert that is resolved already'),
      ...common,
    },
  },
});

/** The alerts center's API (alert-routes.ts). */
export const alertsApi: ApiPathGroup = {
  tag: {
    name: 'alerts',
    description:
      'Every alert in one model (docs/kpis.md "Alerts"): low stock (the inventory worker), loss rule hits (the exceptions worker), store offline and ' +
      'revenue below (the alerts worker’s condition rules), one open alert per kind and subject while its condition holds. Each role sees its kinds ' +
      'of its stores: store managers low stock, revenue below and store offline of their stores; fraud analysts loss rule hits; merchandisers ' +
      'low stock and revenue below; admins everything. An alert the caller may not see is a 404.',
  },
  paths: {
    '/api/v1/alerts': {
      get: {
        operationId: 'listAlerts',
        summary: 'The alerts the caller may see, newest first, filtered by state, kind, severity and store',
        security: [{ cookieAuth: [] }],
        parameters: queryParameters(alertQuerySchema),
        responses: { '200': { description: 'The alerts', ...json(ref('AlertList')) }, '400': err('A parameter is wrong (`field` names it)'), ...common },
      },
    },
    '/api/v1/alerts/{alertId}/acknowledge': change('acknowledgeAlert', 'Acknowledges an open alert (who and when are kept)'),
    '/api/v1/alerts/{alertId}/resolve': change('resolveAlert', 'Resolves an alert by hand (its condition may raise a new one later)'),
  },
  schemas: { Alert: jsonSchemaOf(alertSchema), AlertList: jsonSchemaOf(alertListSchema), AlertAnswer: jsonSchemaOf(alertAnswerSchema) },
};
