import { z } from 'zod';
import { MAX_BODY_BYTES, MAX_EVENTS } from './limits';
import type { ScopeViolation } from './scope';
import type { Rejection } from './validate-batch';

/**
 * Every answer of POST /api/v1/events: the zod schema of each body (the OpenAPI
 * document is generated from these) and the builders the service answers with.
 */
const issueSchema = z.object({
  field: z.string().describe('dotted path of the field, e.g. "payload.qty"; "" for the event as a whole'),
  reason: z.string(),
});

export const rejectionSchema = z
  .object({
    index: z.int().min(0).describe('0-based position of the event in the request (NDJSON: blank lines do not count)'),
    line: z.int().min(1).optional().describe('NDJSON only: the 1-based line number'),
    type: z.string().optional().describe('the type the event claims, when it has one'),
    field: z.string().describe('the field of the first problem'),
    reason: z.string().describe('the first problem'),
    issues: z.array(issueSchema).describe('every problem of this event (at most 10)'),
  })
  .describe('One event that was not accepted');

export const acceptedSchema = z.object({ accepted: z.int().min(1).describe('events published') }).describe('Every event was accepted and published');

export const partiallyAcceptedSchema = z
  .object({
    accepted: z.int().min(1).describe('events published'),
    rejected: z.array(rejectionSchema).min(1),
  })
  .describe('The valid events were published; the listed ones were not');

export const errorSchema = z
  .object({
    error: z.string().describe('machine-readable code'),
    message: z.string().describe('what is wrong, for humans'),
  })
  .describe('An error');

export const allRejectedSchema = z
  .object({
    error: z.literal('invalid_events'),
    message: z.string(),
    accepted: z.literal(0),
    rejected: z.array(rejectionSchema).min(1),
  })
  .describe('No event was valid; nothing was published');

export const scopeViolationSchema = z.object({
  index: z.int().min(0),
  field: z.string(),
  reason: z.string(),
});

export const forbiddenSchema = z
  .object({
    error: z.literal('forbidden'),
    message: z.string(),
    violations: z.array(scopeViolationSchema).min(1).describe('each event outside the key’s store, with the field that says so'),
  })
  .describe('An event is outside the scope of the key; nothing was published');

export const tooLargeSchema = z
  .object({
    error: z.enum(['body_too_large', 'too_many_events']),
    message: z.string(),
    maxBytes: z.literal(MAX_BODY_BYTES),
    maxEvents: z.literal(MAX_EVENTS),
  })
  .describe('The body is larger than 1 MiB or holds more than 5,000 events; nothing was published');

export const retryLaterSchema = z
  .object({
    error: z.string(),
    message: z.string(),
    retryAfterSeconds: z.int().min(1).describe('the same as the Retry-After header'),
  })
  .describe('Try again after Retry-After seconds');

export interface IngestAnswer {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

const answer = (status: number, body: Record<string, unknown>, headers?: Record<string, string>): IngestAnswer =>
  headers ? { status, body, headers } : { status, body };

export const answers = {
  accepted: (n: number) => answer(202, { accepted: n } satisfies z.infer<typeof acceptedSchema>),

  partiallyAccepted: (n: number, rejected: Rejection[]) =>
    answer(207, { accepted: n, rejected } satisfies z.infer<typeof partiallyAcceptedSchema>),

  allRejected: (rejected: Rejection[]) =>
    answer(400, {
      error: 'invalid_events',
      message: `no event is valid (${rejected.length} rejected); nothing was published`,
      accepted: 0,
      rejected,
    } satisfies z.infer<typeof allRejectedSchema>),

  badRequest: (error: string, message: string) => answer(400, { error, message } satisfies z.infer<typeof errorSchema>),

  /** `hadToken`: the request sent a bearer token that is malformed, unknown or revoked. */
  unauthorized: (hadToken: boolean) =>
    answer(
      401,
      {
        error: 'unauthorized',
        message: hadToken ? 'the API key is not valid (malformed, unknown or revoked)' : 'send an API key: Authorization: Bearer tsk_…',
      },
      { 'www-authenticate': hadToken ? 'Bearer realm="tillstream", error="invalid_token"' : 'Bearer realm="tillstream"' },
    ),

  forbidden: (storeId: string, violations: ScopeViolation[]) =>
    answer(403, {
      error: 'forbidden',
      message: `${violations.length} event(s) are outside store ${storeId}, the scope of this key; nothing was published`,
      violations,
    } satisfies z.infer<typeof forbiddenSchema>),

  idempotencyKeyInUse: () =>
    answer(
      409,
      { error: 'idempotency_key_in_use', message: 'a request with this Idempotency-Key is still running; retry after Retry-After seconds', retryAfterSeconds: 1 },
      { 'retry-after': '1' },
    ),

  tooLarge: (error: 'body_too_large' | 'too_many_events', message: string) =>
    answer(413, { error, message, maxBytes: MAX_BODY_BYTES, maxEvents: MAX_EVENTS } satisfies z.infer<typeof tooLargeSchema>),

  unsupportedMediaType: (contentType: string | null) =>
    answer(415, {
      error: 'unsupported_media_type',
      message: `Content-Type ${contentType ? `"${contentType.slice(0, 100)}"` : 'missing'}: send application/json (an array of events) or application/x-ndjson (one event per line), UTF-8`,
    }),

  idempotencyKeyReused: () =>
    answer(422, { error: 'idempotency_key_reused', message: 'this Idempotency-Key was used with a different body; use a new key for a new request' }),

  retryLater: (status: 429 | 503, error: string, message: string, retryAfterSeconds: number) =>
    answer(status, { error, message, retryAfterSeconds } satisfies z.infer<typeof retryLaterSchema>, { 'retry-after': String(retryAfterSeconds) }),

  internalError: () => answer(500, { error: 'internal_error', message: 'unexpected server error; the events may not have been published' }),
};

/** Answers that depend only on the request: stored for its Idempotency-Key and replayed. */
export const isFinal = (a: IngestAnswer) => [202, 207, 400, 403, 413].includes(a.status);

export function toResponse(a: IngestAnswer, extraHeaders: Record<string, string> = {}): Response {
  return Response.json(a.body, { status: a.status, headers: { 'cache-control': 'no-store', ...a.headers, ...extraHeaders } });
}
