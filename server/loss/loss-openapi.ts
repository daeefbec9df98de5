import { jsonSchemaOf, queryParameters, ref, type ApiPathGroup, errorResponse as err } from '../openapi/document';
import { cashierExceptionsAnswerSchema, exceptionsAnswerSchema } from './exception-answers';
import { cashierIdSchema, cashierQuerySchema, exceptionsQuerySchema } from './exceptions-query';

const common = {
  '401': err('Not signed in'),
  '403': err('Not a fraud analyst or an admin (store managers and merchandisers never see loss-prevention data)'),
  '503': err('Redis or ClickHouse did not answer; retry after Retry-After'),
};

/** GET /api/v1/loss/exceptions, GET /api/v1/loss/cashiers/{cashierId}/exceptions. */
export const lossApi: ApiPathGroup = {
  tag: {
    name: 'loss',
    description:
      'Loss prevention (fraud analysts and admins only): exception metrics per cashier, till and store — line voids, receipt voids, post-voids, ' +
      'refunds with and without receipt and to another tender, no-sale drawer opens, price overrides, employee and manual discounts, keyed lines, ' +
      'cash shortages at Z reports, self-checkout assistance — as counts, amounts (cents), rates per 100 receipts and average item value, per ' +
      'store-local day or per shift. Definitions: docs/kpis.md "Loss prevention: exceptions". Live from Redis (the exceptions worker) for periods ' +
      'that start within the last 9 days, from ClickHouse before; the numbers are the same.',
  },
  paths: {
    '/api/v1/loss/exceptions': {
      get: {
        operationId: 'getLossExceptions',
        summary: 'Exception metrics per cashier, till or store over store-local days (default today)',
        security: [{ cookieAuth: [] }],
        parameters: queryParameters(exceptionsQuerySchema),
        responses: {
          '200': { description: 'The groups and the total', content: { 'application/json': { schema: ref('LossExceptions') } } },
          '400': err('A parameter is wrong, unknown or given twice, from without to, to before from, over 93 days, or source=live for a period live does not cover (`field` names it)'),
          ...common,
          '404': err('No such store, or no store in that region'),
        },
      },
    },
    '/api/v1/loss/cashiers/{cashierId}/exceptions': {
      get: {
        operationId: 'getCashierExceptions',
        summary: 'One cashier’s exception metrics per store-local day or per shift (default today)',
        security: [{ cookieAuth: [] }],
        parameters: [
          { name: 'cashierId', in: 'path', required: true, description: 'the cashier (the events’ cashierId)', schema: jsonSchemaOf(cashierIdSchema, 'input') },
          ...queryParameters(cashierQuerySchema),
        ],
        responses: {
          '200': { description: 'The buckets and the total (no buckets: nothing of this cashier in the period)', content: { 'application/json': { schema: ref('CashierExceptions') } } },
          '400': err('The cashier id or a parameter is wrong (`field` names it)'),
          ...common,
        },
      },
    },
  },
  schemas: { LossExceptions: jsonSchemaOf(exceptionsAnswerSchema), CashierExceptions: jsonSchemaOf(cashierExceptionsAnswerSchema) },
};
