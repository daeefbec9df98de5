import { messageKey, topicOf } from '../../lib/contract/routing';
import type { Logger } from '../../lib/log';
import { answers, isFinal, toResponse, type IngestAnswer } from './answers';
import type { ApiKeyRecord, ApiKeyStore } from './api-keys';
import { fingerprintOf, isValidIdempotencyKey, type IdempotencyStore } from './idempotency';
import { MAX_BODY_BYTES, MAX_EVENTS, MAX_IDEMPOTENCY_KEY_LENGTH } from './limits';
import { parseBody } from './parse-body';
import type { EventPublisher, OutgoingMessage } from './publish';
import type { RateLimiter } from './rate-limit';
import { bodyFormatOf, declaredTooLarge, readBodyLimited, type BodyFormat } from './read-body';
import { scopeViolations } from './scope';
import { validateBatch, type ValidEvent } from './validate-batch';

/** POST /api/v1/events, as the route handler sees it. */
export interface IngestService {
  handle: (request: Request) => Promise<Response>;
}

export interface IngestDeps {
  keys: Pick<ApiKeyStore, 'authenticate'>;
  rateLimiter: RateLimiter;
  idempotency: IdempotencyStore;
  publisher: Pick<EventPublisher, 'publish'>;
  log: Logger;
}

/** Redis failed: not the client's fault, so 503 rather than a 4xx. */
class UnavailableError extends Error {}

async function dependency<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw new UnavailableError(`${what}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** How long an Idempotency-Key stays taken while a timed-out publish may still land. */
const LATE_PUBLISH_HOLD_MS = 5 * 60 * 1000;

const BEARER = /^Bearer[ \t]+([^\s]+)[ \t]*$/i;

/** Message header naming the API key that published an event (its public id, never the key). */
export const INGEST_KEY_HEADER = 'tillstream-ingest-key';

export function toOutgoing(events: ValidEvent[]): OutgoingMessage[] {
  return events.map(({ event, raw }) => ({ topic: topicOf(event.type).name, key: messageKey(event), value: JSON.stringify(raw) }));
}

interface Outcome {
  answer: IngestAnswer;
  replayed?: boolean;
  key?: ApiKeyRecord;
}

/**
 * The REST ingest: authenticate the key, read and bound the body, replay a known
 * Idempotency-Key, rate-limit, validate every event against the contract, check the
 * key's store scope, publish the valid events in one batch. Bad input gets a 4xx
 * naming the problem; a 5xx only when Redis or Kafka is unavailable (503).
 */
export function createIngestService(deps: IngestDeps): IngestService {
  const { log } = deps;

  /**
   * Everything after the body is read: the answer depends on the body and the key only.
   * `late`: the answer is a 503 from a timeout while the batch may still be published;
   * it resolves to the answer the request would have had, or null when it failed.
   */
  async function ingestBody(key: ApiKeyRecord, bytes: Buffer, format: BodyFormat): Promise<{ answer: IngestAnswer; late?: Promise<IngestAnswer | null> }> {
    const parsed = parseBody(bytes, format, MAX_EVENTS);
    if (!parsed.ok) {
      return {
        answer: parsed.problem === 'too_many_events' ? answers.tooLarge('too_many_events', parsed.message) : answers.badRequest(parsed.problem, parsed.message),
      };
    }
    const rate = await dependency('redis', () => deps.rateLimiter.take(key, parsed.items.length));
    if (!rate.ok) {
      return { answer: answers.retryLater(429, 'rate_limited', `this key may send ${key.rate} events/s (burst ${key.burst})`, rate.retryAfterSeconds) };
    }
    const events = validateBatch(parsed.items);
    const violations = scopeViolations(events.valid, key.storeId);
    if (violations.length > 0) return { answer: answers.forbidden(key.storeId, violations) };
    if (events.valid.length === 0) return { answer: answers.allRejected(events.rejected) };
    const published = await deps.publisher.publish(toOutgoing(events.valid), { [INGEST_KEY_HEADER]: key.publicId });
    const success = () =>
      events.rejected.length === 0 ? answers.accepted(events.valid.length) : answers.partiallyAccepted(events.valid.length, events.rejected);
    if (published.ok) return { answer: success() };
    if (published.reason === 'backpressure') return { answer: answers.retryLater(429, 'backpressure', published.message, published.retryAfterSeconds) };
    return {
      answer: answers.retryLater(503, 'unavailable', published.message, published.retryAfterSeconds),
      ...(published.late ? { late: published.late.then((ok) => (ok ? success() : null)) } : {}),
    };
  }

  async function answerRequest(request: Request): Promise<Outcome> {
    const authorization = request.headers.get('authorization');
    const token = authorization ? BEARER.exec(authorization)?.[1] : undefined;
    if (!token) return { answer: answers.unauthorized(false) };
    const key = await dependency('redis', () => deps.keys.authenticate(token));
    if (!key) return { answer: answers.unauthorized(true) };

    const idempotencyKey = request.headers.get('idempotency-key');
    if (idempotencyKey !== null && !isValidIdempotencyKey(idempotencyKey)) {
      return {
        key,
        answer: answers.badRequest('invalid_idempotency_key', `Idempotency-Key: 1-${MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters`),
      };
    }
    const contentType = request.headers.get('content-type');
    const format = bodyFormatOf(contentType);
    if (!format) return { key, answer: answers.unsupportedMediaType(contentType) };
    const tooLarge = () => answers.tooLarge('body_too_large', `the body is larger than ${MAX_BODY_BYTES} bytes (1 MiB); split it`);
    if (declaredTooLarge(request.headers.get('content-length'), MAX_BODY_BYTES)) return { key, answer: tooLarge() };
    const body = await readBodyLimited(request.body, MAX_BODY_BYTES);
    if (!body.ok) {
      return { key, answer: body.problem === 'too_large' ? tooLarge() : answers.badRequest('body_incomplete', 'the body ended before it was complete') };
    }
    if (idempotencyKey === null) return { key, answer: (await ingestBody(key, body.bytes, format)).answer };

    const fingerprint = fingerprintOf(format, body.bytes);
    const claim = await dependency('redis', () => deps.idempotency.claim(key.publicId, idempotencyKey, fingerprint));
    if (claim.kind === 'replay') {
      return { key, replayed: true, answer: { status: claim.answer.status, body: claim.answer.body as Record<string, unknown> } };
    }
    if (claim.kind === 'mismatch') return { key, answer: answers.idempotencyKeyReused() };
    if (claim.kind === 'in_progress') return { key, answer: answers.idempotencyKeyInUse() };
    let result: Awaited<ReturnType<typeof ingestBody>>;
    try {
      result = await ingestBody(key, body.bytes, format);
    } catch (err) {
      await deps.idempotency.release(key.publicId, idempotencyKey, claim.token).catch(() => undefined);
      throw err;
    }
    const { answer, late } = result;
    const complete = (a: IngestAnswer) =>
      deps.idempotency
        .complete(key.publicId, idempotencyKey, claim.token, fingerprint, { status: a.status, body: a.body })
        // Published but not stored: a retry would publish again. Say so; answer anyway.
        .catch((err: Error) => log.error({ err: err.message, publicId: key.publicId }, 'ingest: could not store the answer of an Idempotency-Key'));
    const release = () => deps.idempotency.release(key.publicId, idempotencyKey, claim.token).catch(() => undefined);
    if (isFinal(answer)) await complete(answer);
    else if (late) {
      // The batch may still reach Kafka: the key stays taken (retries get 409) until we know.
      await deps.idempotency.extend(key.publicId, idempotencyKey, claim.token, LATE_PUBLISH_HOLD_MS).catch(() => undefined);
      void late.then((a) => (a ? complete(a) : release()));
    } else await release();
    return { key, answer };
  }

  return {
    handle: async (request) => {
      const t0 = performance.now();
      let outcome: Outcome;
      try {
        outcome = await answerRequest(request);
      } catch (err) {
        if (err instanceof UnavailableError) {
          log.warn({ err: err.message }, 'ingest: a dependency is unavailable');
          outcome = { answer: answers.retryLater(503, 'unavailable', 'the ingest store is not reachable right now; retry later', 5) };
        } else {
          log.error({ err }, 'ingest: request failed');
          outcome = { answer: answers.internalError() };
        }
      }
      const { answer, key } = outcome;
      log.debug(
        {
          status: answer.status,
          publicId: key?.publicId,
          storeId: key?.storeId,
          replayed: outcome.replayed,
          ms: Math.round(performance.now() - t0),
        },
        'ingest request',
      );
      return toResponse(answer, outcome.replayed ? { 'idempotent-replayed': 'true' } : {});
    },
  };
}
