import { alertSchema } from '../../lib/alerts/alert-model';
import { jsonSchemaOf, queryParameters, ref, type ApiPathGroup, jsonContent as json, errorResponse as err } from '../openapi/document';
import { alertAnswerSchema, alertListSchema, alertQuerySchema } from './alert-answers';
import { thresholdPatchSchema, thresholdsAnswerSchema } from './threshold-answers';

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
      'Every alert in one model (docs/kpis.md "Alerts"): low stock (the inventory worker), loss rule hits (the exceptions worker), store offline, ' +
      'revenue below, till gap, dead-letter rate and consumer lag (the alerts worker’s condition rules), one open alert per kind and subject while ' +
      'its condition holds. Each role sees its kinds of its stores: store managers low stock, revenue below, store offline and till gaps of their ' +
      'stores; fraud analysts loss rule hits; merchandisers low stock and revenue below; admins everything. An alert the caller may not see is a 404. ' +
      'The condition rules’ thresholds are data, per chain, region and store, changed by the roles allowed to. Changes are pushed live on the ' +
      '`/live` Socket.IO namespace: room `alerts`, event `alert:changed`, only alerts the socket’s user may see.',
  },
  paths: {
    '/api/v1/alerts': {
      get: {
        operationId: 'listAlerts',
        summary: 'The alerts the caller may see, newest first, filtered by state, kind, severity and store, at most `limit` (200); with their total and the open and critical counts (the bell)',
        security: [{ cookieAuth: [] }],
        parameters: queryParameters(alertQuerySchema),
        responses: { '200': { description: 'The alerts', ...json(ref('AlertList')) }, '400': err('A parameter is wrong (`field` names it)'), ...common },
      },
    },
    '/api/v1/alerts/thresholds': {
      get: {
        operationId: 'getAlertThresholds',
        summary: 'The condition rules’ thresholds: defaults, the settings of the caller’s chain, regions and stores, each store’s, and what the caller may change',
        security: [{ cookieAuth: [] }],
        responses: { '200': { description: 'The thresholds', ...json(ref('AlertThresholds')) }, ...common },
      },
      patch: {
        operationId: 'setAlertThresholds',
        summary:
          'Sets (a number) or removes (null) fields of one scope’s thresholds. Admins: every field, every scope; merchandisers: the revenue rules, every ' +
          'scope; store managers: the revenue, offline and till gap rules of their own stores. dlqPerMinute and consumerLagAbove are the chain’s only.',
        security: [{ cookieAuth: [] }],
        requestBody: { required: true, ...json(jsonSchemaOf(thresholdPatchSchema)) },
        responses: {
          '200': { description: 'The thresholds after the change', ...json(ref('AlertThresholds')) },
          '400': err('The scope names no chain, region or store, or a field is unknown, out of range or the chain’s only (`field` names it)'),
          '403': err('The role may not set that scope or field; or `forbidden_origin`'),
          '413': err('The body is over 16 KiB'),
          '415': err('The body is not JSON'),
          ...common,
        },
      },
    },
    '/api/v1/alerts/{alertId}/acknowledge': change('acknowledgeAlert', 'Acknowledges an open alert (who and when are kept)'),
    '/api/v1/alerts/{alertId}/resolve': change('resolveAlert', 'Resolves an alert by hand (its condition may raise a new one later)'),
  },
  schemas: { Alert: jsonSchemaOf(alertSchema), AlertList: jsonSchemaOf(alertListSchema), AlertAnswer: jsonSchemaOf(alertAnswerSchema), AlertThresholds: jsonSchemaOf(thresholdsAnswerSchema) },
};
