import kafkajs, { type Kafka, type Producer, type ProducerBatch } from 'kafkajs';
import type { Logger } from '../../lib/log';
import { MAX_IN_FLIGHT_BYTES } from './limits';

// kafkajs is CommonJS; Node's ESM loader cannot see these exports by name.
const { CompressionTypes, Partitioners } = kafkajs;

/** One event on its way to Kafka: its topic, its key, and the JSON the producer sent. */
export interface OutgoingMessage {
  topic: string;
  key: string;
  value: string;
}

export type PublishResult =
  | { ok: true }
  | {
      ok: false;
      reason: 'backpressure' | 'unavailable';
      retryAfterSeconds: number;
      message: string;
      /**
       * Set when the answer came from a timeout while kafkajs still tries: resolves to
       * whether the batch was published after all (so that an Idempotency-Key can
       * follow what really happened).
       */
      late?: Promise<boolean>;
    };

export interface EventPublisher {
  /** All messages of one request in one sendBatch; headers go on every message. */
  publish: (messages: OutgoingMessage[], headers: Record<string, string>) => Promise<PublishResult>;
  /** Connects in the background so that the first request does not wait for it. */
  warmUp: () => void;
  inFlightBytes: () => number;
  close: () => Promise<void>;
}

/** What the publisher needs of a kafkajs producer (unit tests pass a fake). */
export interface ProducerLike {
  connect: () => Promise<void>;
  disconnect: () => Promise<void>;
  sendBatch: (batch: ProducerBatch) => Promise<unknown>;
}

/**
 * The one producer of a web process: idempotent (the broker drops a batch kafkajs
 * retries after a lost acknowledgement), one request in flight per broker so that
 * order per partition holds. Retries are bounded (about 10 s by default) so that a
 * Kafka outage answers 503 instead of holding the request; kafkajs warns once about that.
 */
export function createIngestProducer(kafka: Kafka): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { retries: 5, maxRetryTime: 3000 },
  });
}

class TimeoutError extends Error {}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Publishes the accepted events of a request. Backpressure: while more than
 * `maxInFlightBytes` of events are on their way to Kafka in this process, a new
 * request is turned away (429) instead of queueing without bound.
 */
export function createEventPublisher(o: {
  producer: ProducerLike;
  log: Logger;
  maxInFlightBytes?: number;
  connectTimeoutMs?: number;
  sendTimeoutMs?: number;
}): EventPublisher {
  const maxInFlight = o.maxInFlightBytes ?? MAX_IN_FLIGHT_BYTES;
  const connectTimeoutMs = o.connectTimeoutMs ?? 5_000;
  const sendTimeoutMs = o.sendTimeoutMs ?? 20_000;
  let inFlight = 0;
  let connected = false;
  let connecting: Promise<void> | null = null;

  const connect = (): Promise<void> => {
    if (connected) return Promise.resolve();
    connecting ??= o.producer
      .connect()
      .then(() => {
        connected = true;
      })
      .finally(() => {
        connecting = null;
      });
    return connecting;
  };

  return {
    publish: async (messages, headers) => {
      const bytes = messages.reduce((n, m) => n + Buffer.byteLength(m.value) + Buffer.byteLength(m.key), 0);
      if (inFlight > 0 && inFlight + bytes > maxInFlight) {
        return {
          ok: false,
          reason: 'backpressure',
          retryAfterSeconds: 1,
          message: 'too many events are on their way to Kafka from this server; retry shortly',
        };
      }
      const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
      for (const m of messages) {
        const list = byTopic.get(m.topic) ?? [];
        list.push({ key: m.key, value: m.value, headers });
        byTopic.set(m.topic, list);
      }
      inFlight += bytes;
      const sending = (async () => {
        await withTimeout(connect(), connectTimeoutMs, 'connecting to Kafka');
        await o.producer.sendBatch({
          acks: -1,
          // Compressed, a full 1 MiB request stays far below the brokers' message size limit.
          compression: CompressionTypes.GZIP,
          topicMessages: [...byTopic].map(([topic, msgs]) => ({ topic, messages: msgs })),
        });
      })();
      // The bytes count as in flight until kafkajs is done with them, even after a timeout.
      const done = () => {
        inFlight -= bytes;
      };
      sending.then(done, done);
      try {
        await withTimeout(sending, connectTimeoutMs + sendTimeoutMs, 'publishing to Kafka');
        return { ok: true };
      } catch (err) {
        const timedOut = err instanceof TimeoutError;
        if (!timedOut) connected = false;
        o.log.warn({ err: err instanceof Error ? err.message : String(err), events: messages.length }, 'ingest: publishing to Kafka failed');
        return {
          ok: false,
          reason: 'unavailable',
          retryAfterSeconds: 5,
          message: 'Kafka is not reachable right now; retry later with the same Idempotency-Key',
          ...(timedOut ? { late: sending.then(() => true, () => false) } : {}),
        };
      }
    },

    warmUp: () => {
      connect().catch((err: Error) => o.log.warn({ err: err.message }, 'ingest: Kafka not reachable yet'));
    },

    inFlightBytes: () => inFlight,

    close: async () => {
      await connecting?.catch(() => undefined);
      await o.producer.disconnect();
    },
  };
}
