import { jsonSchemaOf, ref, type ApiPathGroup, errorResponse as err } from '../openapi/document';
import { storeActivitySchema } from './activity-answers';
import { storeIdSchema } from './activity-routes';


/** GET /api/v1/stores/{storeId}/activity. */
export const storeActivityApi: ApiPathGroup = {
  tag: {
    name: 'stores',
    description:
      'One store’s tills and cashiers for its store page (docs/kpis.md "Tills and cashiers on shift"): each till’s freshness from the live ' +
      'aggregator (Redis), its last event, signed-in cashier and open shift from history (ClickHouse), and the cashiers on shift today with ' +
      'their receipts, items, net sales and rates. Any signed-in role that may see the store.',
  },
  paths: {
    '/api/v1/stores/{storeId}/activity': {
      get: {
        operationId: 'getStoreActivity',
        summary: 'A store’s tills (status, last event, cashier, shift) and its cashiers on shift today (receipts, items, net sales, rates)',
        security: [{ cookieAuth: [] }],
        parameters: [{ name: 'storeId', in: 'path', required: true, description: 'the store', schema: jsonSchemaOf(storeIdSchema, 'input') }],
        responses: {
          '200': { description: 'The store’s activity now', content: { 'application/json': { schema: ref('StoreActivity') } } },
          '400': err('`storeId` is not a store id, or a query parameter was given (`field` names it: the route takes none)'),
          '401': err('Not signed in'),
          '403': err('The caller may not see this store (a store manager’s other stores)'),
          '404': err('No such store in the master data'),
          '503': err('Redis or ClickHouse did not answer; retry after Retry-After'),
        },
      },
    },
  },
  schemas: { StoreActivity: jsonSchemaOf(storeActivitySchema) },
};
