import { MAX_JSON_BODY_BYTES } from '../auth/http-guards';
import { jsonSchemaOf, queryParameters, ref, type ApiPathGroup, jsonContent as json, errorResponse as err, retryAfterHeader as retryAfter } from '../openapi/document';
import {
  alertsSchema,
  locationListSchema,
  locationStockSchema,
  movementsSchema,
  replenishmentsSchema,
  skuSearchSchema,
  skuStockSchema,
  thresholdAnswerSchema,
} from './inventory-answers';
import {
  alertsQuerySchema,
  INVENTORY_LIMITS,
  locationIdSchema,
  locationStockQuerySchema,
  movementsQuerySchema,
  replenishmentsQuerySchema,
  skuSchema,
  skuSearchQuerySchema,
  thresholdRequestSchema,
} from './inventory-input';

const ok = (name: string, description: string) => ({ description, ...json(ref(name)) });
const cookie = [{ cookieAuth: [] }];
const path = (name: string, schema: Parameters<typeof jsonSchemaOf>[0], description: string) => ({ name, in: 'path', required: true, description, schema: jsonSchemaOf(schema, 'input') });
const locationParam = path('locationId', locationIdSchema, 'a store id or a warehouse id');
const skuParam = path('sku', skuSchema, 'the SKU (URL-encoded)');

const forbiddenRole = '`forbidden`: a fraud_analyst does not see the inventory';
const common = {
  '400': err('A parameter, path segment or body field is wrong or unknown (`field` names it), or the request carries `x-middleware-subrequest`'),
  '401': err('Not signed in'),
  '503': { ...err('Redis or ClickHouse did not answer; retry after Retry-After'), headers: retryAfter },
};
const namedLocation = (doing: string) => ({ '403': err(`${forbiddenRole}; or a store manager naming a location that is not one of its stores (${doing})`) });
const jsonBody = { '413': err(`The body is larger than ${MAX_JSON_BODY_BYTES} bytes`), '415': err('The body is not `application/json`') };

const TAG_DESCRIPTION = `Live stock per SKU × location, its history, low-stock alerts, replenishment orders and reorder points.

**Stock** (Redis, now; docs/kpis.md "Stock per SKU × location"): on hand, reserved (web orders placed and not shipped,
active reservations), safety stock, **available** = on hand − reserved − safety stock, incoming (replenishment ordered,
not received), the reorder point in force (set over this API or by \`stock.threshold.set\`, the latest wins; else the
default from sales velocity: demand over the lead time plus safety days), **low** = available below it, and **days of
cover** = max(available, 0) / average units sold per day over the last 7 days (null when the SKU does not sell there).

**Movements** (ClickHouse, history; migration 0006): every sale, post-void, refund, web-order shipment, delivery,
transfer, adjustment and count of one SKU at one location, at the instant it occurred. A \`counted\` row's delta is the
units counted: a count sets on hand, it does not add.

**Who.** \`admin\` and \`merchandiser\` see every location; a \`store_manager\` its own stores (another location named
in a request is 403; lists leave the others out); a \`fraud_analyst\` nothing (403). PUT and DELETE check Origin.`;

/** The inventory read API and thresholds (inventory-routes.ts). */
export const inventoryApi: ApiPathGroup = {
  tag: { name: 'inventory', description: TAG_DESCRIPTION },
  paths: {
    '/api/v1/inventory/skus': {
      get: {
        operationId: 'searchSkus',
        summary: `Find SKUs of the master data by the start of their id or a part of their name (at most ${INVENTORY_LIMITS.maxSkuMatches})`,
        description:
          'Case-insensitive. SKUs whose id starts with `q` come first (by id), then those whose name contains it (by name). ' +
          'The master data is read at most every few seconds: a SKU upserted just now may take that long to be found.',
        security: cookie,
        parameters: queryParameters(skuSearchQuerySchema),
        responses: { '200': ok('SkuSearch', 'The matching SKUs (none is an empty list)'), ...common, '403': err(forbiddenRole) },
      },
    },
    '/api/v1/inventory/skus/{sku}': {
      get: {
        operationId: 'getSkuStock',
        summary: 'One SKU at every location the caller may see',
        security: cookie,
        parameters: [skuParam],
        responses: {
          '200': ok('SkuStock', 'The SKU’s master data and its stock per location (zeros where a location keeps none)'),
          ...common,
          '403': err(forbiddenRole),
          '404': err('`not_found`: the SKU is neither in the master data nor kept at a location the caller may see'),
        },
      },
    },
    '/api/v1/inventory/locations': {
      get: {
        operationId: 'listInventoryLocations',
        summary: 'The locations the caller may see: the stores of the master data, and the warehouses (other locations with stock)',
        security: cookie,
        responses: { '200': ok('InventoryLocations', 'Stores first, then warehouses, each by id'), ...common, '403': err(forbiddenRole) },
      },
    },
    '/api/v1/inventory/locations/{locationId}': {
      get: {
        operationId: 'getLocationStock',
        summary: 'The SKUs of one location, filtered by category or low stock, sorted by days of cover',
        security: cookie,
        parameters: [locationParam, ...queryParameters(locationStockQuerySchema)],
        responses: {
          '200': ok('LocationStock', 'One page of the location’s SKUs'),
          ...common,
          ...namedLocation('locationId'),
          '404': err('`not_found`: no stock at this location and no store of that id'),
        },
      },
    },
    '/api/v1/inventory/movements': {
      get: {
        operationId: 'getStockMovements',
        summary: `Movements of one SKU at one location over a period (default: the last ${INVENTORY_LIMITS.defaultMovementDays} days; at most ${INVENTORY_LIMITS.maxMovementDays})`,
        security: cookie,
        parameters: queryParameters(movementsQuerySchema),
        responses: { '200': ok('StockMovements', 'One page of movements, and the totals of the whole period'), ...common, ...namedLocation('locationId') },
      },
    },
    '/api/v1/inventory/alerts': {
      get: {
        operationId: 'listStockAlerts',
        summary: 'low_stock alerts (default: open), newest first',
        security: cookie,
        parameters: queryParameters(alertsQuerySchema),
        responses: { '200': ok('StockAlerts', 'One page of alerts at the locations the caller may see'), ...common, ...namedLocation('locationId') },
      },
    },
    '/api/v1/inventory/replenishments': {
      get: {
        operationId: 'listReplenishmentOrders',
        summary: 'Replenishment orders (default: open), newest first',
        security: cookie,
        parameters: queryParameters(replenishmentsQuerySchema),
        responses: { '200': ok('ReplenishmentOrders', 'One page of orders for the locations the caller may see'), ...common, ...namedLocation('locationId') },
      },
    },
    '/api/v1/inventory/thresholds/{locationId}/{sku}': {
      put: {
        operationId: 'setReorderPoint',
        summary: 'Set the reorder point (and target level) of a SKU at a location',
        description:
          'Replaces whatever was set (over the API or by master data). The inventory worker applies it from the pair’s next movement on: ' +
          'a pair already below the new point raises its alert when its stock next moves.',
        security: cookie,
        parameters: [locationParam, skuParam],
        requestBody: { required: true, ...json(ref('ThresholdRequest')) },
        responses: {
          '200': ok('ThresholdAnswer', 'Stored: `threshold` as set, `inForce` what the inventory applies'),
          ...common,
          '403': err(`${forbiddenRole}; or a store manager outside its stores; or \`forbidden_origin\``),
          '404': err('`not_found`: no such location, or the SKU is neither in the master data nor kept at the location'),
          ...jsonBody,
        },
      },
      delete: {
        operationId: 'removeReorderPoint',
        summary: 'Remove the reorder point set for a SKU at a location (back to the default from velocity)',
        description: 'Idempotent: `removed` says whether one was set.',
        security: cookie,
        parameters: [locationParam, skuParam],
        responses: {
          '200': ok('ThresholdAnswer', '`threshold` null, `inForce` the default now applied'),
          ...common,
          '403': err(`${forbiddenRole}; or a store manager outside its stores; or \`forbidden_origin\``),
        },
      },
    },
  },
  schemas: {
    SkuSearch: jsonSchemaOf(skuSearchSchema),
    InventoryLocations: jsonSchemaOf(locationListSchema),
    SkuStock: jsonSchemaOf(skuStockSchema),
    LocationStock: jsonSchemaOf(locationStockSchema),
    StockMovements: jsonSchemaOf(movementsSchema),
    StockAlerts: jsonSchemaOf(alertsSchema),
    ReplenishmentOrders: jsonSchemaOf(replenishmentsSchema),
    ThresholdRequest: jsonSchemaOf(thresholdRequestSchema, 'input'),
    ThresholdAnswer: jsonSchemaOf(thresholdAnswerSchema),
  },
};
