/**
 * The limits of POST /api/v1/events, in one place: the service enforces them and the
 * OpenAPI document states them.
 */

/** Largest accepted request body: 1 MiB, counted while the body streams in. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Most events in one request. */
export const MAX_EVENTS = 5000;

/** Deepest JSON nesting of one event (a valid event is 4 levels deep). */
export const MAX_EVENT_DEPTH = 32;

/** Longest Idempotency-Key header, in characters. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/** How long a stored answer is replayed for a repeated Idempotency-Key. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

/** Default rate of a new API key, in events per second, and its burst (events). */
export const DEFAULT_RATE = 2000;
export const DEFAULT_BURST_SECONDS = 5;

/** Event bytes this process may have on their way to Kafka before it answers 429. */
export const MAX_IN_FLIGHT_BYTES = 32 * 1024 * 1024;

/** The content types the endpoint accepts. */
export const JSON_CONTENT_TYPE = 'application/json';
export const NDJSON_CONTENT_TYPE = 'application/x-ndjson';
