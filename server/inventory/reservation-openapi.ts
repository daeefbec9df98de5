import { RETAIN_ENDED_SECONDS } from '../../lib/inventory/reservation-fields';
import { MAX_JSON_BODY_BYTES } from '../auth/http-guards';
import { jsonSchemaOf, ref, type ApiPathGroup, jsonContent as json, errorResponse as err, retryAfterHeader as retryAfter } from '../openapi/document';
import { reservationAnswerSchema, reservationConflictSchema } from './reservation-answers';
import { orderIdSchema, RESERVATION_LIMITS, reservationRequestSchema } from './reservation-input';

const ok = (description: string) => ({ description, ...json(ref('ReservationAnswer')) });
const conflict = (description: string) => ({ description, ...json(ref('ReservationConflict')) });
const cookie = [{ cookieAuth: [] }];

const common = {
  '400': err('A field is wrong (`field` names it: a body field, or `orderId` of the path), or the request carries `x-middleware-subrequest`'),
  '401': err('Not signed in'),
  '503': { ...err('Redis did not answer; retry after Retry-After with the same orderId (it never holds twice)'), headers: retryAfter },
};
const jsonBody = { '413': err(`The body is larger than ${MAX_JSON_BODY_BYTES} bytes`), '415': err('The body is not `application/json`') };
const notFound = { '404': err('`not_found`: no reservation for this orderId that the caller may see') };
const orderIdParam = { name: 'orderId', in: 'path', required: true, schema: jsonSchemaOf(orderIdSchema, 'input') };
const forbiddenRole = '`forbidden`: a fraud_analyst does not handle reservations';

const TAG_DESCRIPTION = `Stock reservations for web orders that never oversell.

A reservation holds \`qty\` units of one SKU at one location for one order until it expires (\`ttlSeconds\`, default
${RESERVATION_LIMITS.defaultTtlSeconds} s), is released (DELETE), or the order is placed (\`ecom.order.placed\`: the
inventory worker converts it into the order's hold; \`ecom.order.shipped\` commits it).

**Never oversells.** A reservation is granted only if \`qty\` ≤ available-to-promise = on hand − reserved − safety stock,
checked and held in one atomic step in Redis, whatever the number of concurrent requests and web instances.

**Idempotent per orderId.** One reservation per order id: repeating the POST with the same line (sku, locationId, qty)
answers 200 with the reservation as it is (active, or already released/expired/converted/committed) and holds nothing
more; another line answers 409 \`order_conflict\`. Released and expired reservations are remembered for
${RETAIN_ENDED_SECONDS / 86400} days. Expiry runs about every second, so an expired reservation may read \`active\` for up to a second.

**Who.** \`admin\` and \`merchandiser\` at any location; \`store_manager\` at its own stores (a POST elsewhere is 403; a
reservation elsewhere is 404 to it); \`fraud_analyst\` never (403). POST and DELETE check Origin (see the auth tag).`;

/** POST /api/v1/inventory/reservations, GET and DELETE /api/v1/inventory/reservations/{orderId}. */
export const reservationApi: ApiPathGroup = {
  tag: { name: 'reservations', description: TAG_DESCRIPTION },
  paths: {
    '/api/v1/inventory/reservations': {
      post: {
        operationId: 'reserveStock',
        summary: 'Hold units of a SKU at a location for a web order',
        security: cookie,
        requestBody: { required: true, ...json(ref('ReservationRequest')) },
        responses: {
          '200': ok('The orderId already has this reservation (a retry): nothing more is held; `available` is now'),
          '201': {
            ...ok('Held; `available` is what is left after it'),
            headers: { Location: { description: 'the reservation’s URL', schema: { type: 'string' } } },
          },
          ...common,
          '403': err(`${forbiddenRole}; or a store manager reserving outside its stores; or \`forbidden_origin\``),
          '409': conflict('`insufficient_stock` (`available` says how many units may be reserved) or `order_conflict`'),
          ...jsonBody,
        },
      },
    },
    '/api/v1/inventory/reservations/{orderId}': {
      get: {
        operationId: 'getReservation',
        summary: 'The reservation of an order',
        security: cookie,
        parameters: [orderIdParam],
        responses: { '200': ok('The reservation in its current state'), ...common, '403': err(forbiddenRole), ...notFound },
      },
      delete: {
        operationId: 'releaseReservation',
        summary: 'Release the reservation of an order',
        description: 'Idempotent: a reservation already released or expired is answered as it is.',
        security: cookie,
        parameters: [orderIdParam],
        responses: {
          '200': ok('Released (or it already was, or it expired); `available` includes its units again'),
          ...common,
          '403': err(`${forbiddenRole}; or \`forbidden_origin\``),
          ...notFound,
          '409': conflict('`not_releasable`: converted into its order or committed; cancel the order instead'),
        },
      },
    },
  },
  schemas: {
    ReservationRequest: jsonSchemaOf(reservationRequestSchema, 'input'),
    ReservationAnswer: jsonSchemaOf(reservationAnswerSchema),
    ReservationConflict: jsonSchemaOf(reservationConflictSchema),
  },
};
