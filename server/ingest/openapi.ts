import { exampleEvent } from '../../lib/contract/example-event';
import { buildEventsJsonSchema } from '../../lib/contract/json-schema';
import { TOPICS } from '../../lib/topics';
import { jsonSchemaOf, ref, type ApiPathGroup } from '../openapi/document';
import {
  acceptedSchema,
  allRejectedSchema,
  errorSchema,
  forbiddenSchema,
  partiallyAcceptedSchema,
  retryLaterSchema,
  tooLargeSchema,
} from './answers';
import { IDEMPOTENCY_TTL_SECONDS, JSON_CONTENT_TYPE, MAX_BODY_BYTES, MAX_EVENTS, MAX_IDEMPOTENCY_KEY_LENGTH, NDJSON_CONTENT_TYPE } from './limits';

const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });
const retryAfter = {
  'Retry-After': { description: 'seconds to wait before trying again', schema: { type: 'integer', minimum: 1 } },
};

/** The event schema of the contract (lib/contract/json-schema.ts), as a component. */
function eventComponent(): Record<string, unknown> {
  const { oneOf, description } = buildEventsJsonSchema();
  return { title: 'Event', description, oneOf };
}

const examples = [
  { ...exampleEvent('pos.receipt.opened', 1) },
  { ...exampleEvent('pos.item.added', 2) },
  { ...exampleEvent('pos.payment.captured', 3) },
  { ...exampleEvent('pos.receipt.closed', 4) },
];

const DESCRIPTION = `Publishes events of one store to Kafka for shops that cannot run Kafka themselves.

**Body.** A JSON array of events (\`${JSON_CONTENT_TYPE}\`) or one event per line (\`${NDJSON_CONTENT_TYPE}\`), UTF-8.
At most ${MAX_BODY_BYTES} bytes (1 MiB, counted as the body arrives, whatever Content-Length says) and at most
${MAX_EVENTS} events; more is 413 and nothing is published. A malformed JSON array is 400; in NDJSON a malformed
line rejects only that event. Every event is checked against the event contract (schema \`Event\`).

**Answer.** 202 when every event is valid (all published); 207 when some are (the valid ones are published, the
others listed with their \`index\`, \`field\` and \`reason\`); 400 when none is (nothing published). An event's
\`index\` is its 0-based position in the request; in NDJSON blank lines do not count and \`line\` gives the line.

**Scope.** An API key belongs to one store. Every event must carry \`storeId\` equal to the key's store; its
\`source\` must be the store id or start with \`<storeId>-\` (e.g. \`S001-T03\`); \`payload.locationId\` and
\`payload.fromLocationId\` of stock and web-shop events must be the key's store; HQ events (topics
\`${TOPICS.hqMasterdata.name}\` and \`${TOPICS.hqPromotions.name}\`: store, SKU, threshold and promotion types) are not
accepted. One event outside the scope makes the whole request 403, nothing published.

**Rate.** Each key has a rate in events per second with a burst; above it the answer is 429 with Retry-After. 429
also when this server has too many events on their way to Kafka; neither publishes anything. 503 with Retry-After
when Kafka or Redis cannot be reached. Retry after Retry-After seconds.

**Idempotency-Key.** Optional. A retried request with the same key (per API key) and the same body gets the
first answer again (same status and body, header \`Idempotent-Replayed: true\`) and publishes nothing twice,
also when both copies arrive at once (the second waits up to 2 s for the first, else 409). The same key with a
different body is 422. Answers 202, 207, 400, 403 and 413 (too many events) are kept for ${IDEMPOTENCY_TTL_SECONDS / 3600} h;
429, 503 and 409 are not, so a retry of those runs again (after a 503 whose batch may still reach Kafka, the key
answers 409 until that is settled, then the stored answer).`;

/** POST /api/v1/events. */
export const eventsApi: ApiPathGroup = {
  tag: { name: 'ingest', description: 'Sending events over REST with a store-scoped API key.' },
  paths: {
    '/api/v1/events': {
      post: {
        operationId: 'postEvents',
        summary: 'Send a batch of events of one store',
        description: DESCRIPTION,
        security: [{ apiKey: [] }],
        parameters: [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            description: `Makes a retry safe: 1-${MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters, unique per request (e.g. a UUID).`,
            schema: { type: 'string', minLength: 1, maxLength: MAX_IDEMPOTENCY_KEY_LENGTH, pattern: '^[\\x20-\\x7e]+$' },
          },
        ],
        requestBody: {
          required: true,
          description: `At most ${MAX_BODY_BYTES} bytes and ${MAX_EVENTS} events.`,
          content: {
            [JSON_CONTENT_TYPE]: {
              schema: { type: 'array', minItems: 1, maxItems: MAX_EVENTS, items: ref('Event') },
              example: examples,
            },
            [NDJSON_CONTENT_TYPE]: {
              schema: { type: 'string', description: 'One `Event` as JSON per line, lines separated by \\n; blank lines are skipped.' },
              example: `${examples.map((e) => JSON.stringify(e)).join('\n')}\n`,
            },
          },
        },
        responses: {
          '202': { description: 'Every event was valid and is published', ...json(ref('IngestAccepted')) },
          '207': { description: 'Some events were valid and are published; the others are listed', ...json(ref('IngestPartiallyAccepted')) },
          '400': {
            description:
              'No event was valid (`invalid_events`, each listed), or the body is not usable: `malformed_json`, `not_an_array`, ' +
              '`empty_batch`, `not_utf8`, `body_incomplete`; or `invalid_idempotency_key`. Nothing was published.',
            ...json({ anyOf: [ref('IngestAllRejected'), ref('Error')] }),
          },
          '401': {
            description: 'No API key, or a malformed, unknown or revoked one',
            headers: { 'WWW-Authenticate': { description: 'Bearer realm="tillstream"', schema: { type: 'string' } } },
            ...json(ref('Error')),
          },
          '403': { description: 'An event is outside the store of the key (see Scope); nothing was published', ...json(ref('IngestForbidden')) },
          '409': {
            description: 'A request with the same Idempotency-Key is still running; retry after Retry-After',
            headers: retryAfter,
            ...json(ref('RetryLater')),
          },
          '413': { description: `The body is larger than ${MAX_BODY_BYTES} bytes or holds more than ${MAX_EVENTS} events`, ...json(ref('IngestTooLarge')) },
          '415': { description: `Content-Type is neither ${JSON_CONTENT_TYPE} nor ${NDJSON_CONTENT_TYPE} (UTF-8)`, ...json(ref('Error')) },
          '422': { description: 'The Idempotency-Key was used before with a different body', ...json(ref('Error')) },
          '429': {
            description: 'The key is over its rate (`rate_limited`), or this server is backpressured (`backpressure`); nothing was published',
            headers: retryAfter,
            ...json(ref('RetryLater')),
          },
          '503': {
            description:
              'Kafka or Redis is not reachable (`unavailable`). When Kafka was only slow the events may still arrive: retry after ' +
              'Retry-After with the same Idempotency-Key, which then answers what really happened and never publishes twice',
            headers: retryAfter,
            ...json(ref('RetryLater')),
          },
        },
      },
    },
  },
  schemas: {
    Event: eventComponent(),
    IngestAccepted: jsonSchemaOf(acceptedSchema),
    IngestPartiallyAccepted: jsonSchemaOf(partiallyAcceptedSchema),
    IngestAllRejected: jsonSchemaOf(allRejectedSchema),
    IngestForbidden: jsonSchemaOf(forbiddenSchema),
    IngestTooLarge: jsonSchemaOf(tooLargeSchema),
    RetryLater: jsonSchemaOf(retryLaterSchema),
    Error: jsonSchemaOf(errorSchema),
  },
  securitySchemes: {
    apiKey: {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'tsk_<publicId>_<secret>',
      description: 'A store-scoped ingest API key, created with `npm run apikey -- create --store <id> --name <name>`.',
    },
  },
};
