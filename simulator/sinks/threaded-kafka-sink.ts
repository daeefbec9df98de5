import { Worker } from 'node:worker_threads';
import type { Logger } from '../../lib/log';
import type { Delivery } from '../faults/fault-injector';
import type { KafkaSink } from './kafka-sink';
import type { FromSinkWorker, ToSinkWorker } from './kafka-sink-worker';

/** Threads the Kafka sink is split over: with the generator on the main thread, two keep both cores busy. */
const THREADS = 2;
const MAX_IN_FLIGHT = 2;

/** FNV-1a: a source always goes to the same thread, whatever the run. */
function shardOf(source: string, n: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < source.length; i++) h = Math.imul(h ^ source.charCodeAt(i), 0x01000193);
  return (h >>> 0) % n;
}

interface Shard {
  worker: Worker;
  pending: Map<number, { resolve: (m: FromSinkWorker & { kind: 'done' }) => void; reject: (e: Error) => void }>;
  backlog: number;
  sent: number;
}

/**
 * The Kafka sink (journals + idempotent sender) spread over worker threads, each owning
 * the journals of a fixed share of the sources (by a hash of the source, so a restart
 * finds each journal where it was). Per-source order holds: a source lives on one thread,
 * which handles its batches in order. The caller sees one Sink.
 */
export async function openThreadedKafkaSink(opts: { brokers: string[]; journalDir: string; log: Logger; threads?: number }): Promise<KafkaSink> {
  const n = opts.threads ?? THREADS;
  // The worker is TypeScript: a bootstrap registers tsx in it first (a loader given to this
  // process by --import or by the tsx command does not carry over to workers).
  const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./kafka-sink-worker.ts', import.meta.url).href)}); });`;
  let nextId = 1;
  const inFlight: Promise<void>[] = [];
  const shards: Shard[] = [];
  await Promise.all(
    Array.from({ length: n }, (_, i) => {
      const worker = new Worker(bootstrap, {
        eval: true,
        workerData: { brokers: opts.brokers, journalDir: opts.journalDir, logLevel: opts.log.level, clientId: `tillstream-simulator-${i + 1}` },
      });
      const shard: Shard = { worker, pending: new Map(), backlog: 0, sent: 0 };
      shards.push(shard);
      return new Promise<void>((ready, failed) => {
        shard.pending.set(0, { resolve: () => ready(), reject: failed });
        worker.on('message', (m: FromSinkWorker) => {
          const p = shard.pending.get(m.id);
          shard.pending.delete(m.id);
          if (m.kind === 'done') {
            shard.backlog = m.backlog;
            shard.sent = m.sent;
            p?.resolve(m);
          } else p?.reject(new Error(`simulator sink thread: ${m.message}`));
        });
        const fail = (err: Error) => {
          for (const p of shard.pending.values()) p.reject(err);
          shard.pending.clear();
        };
        worker.on('error', fail);
        worker.on('exit', (code) => fail(new Error(`simulator sink thread exited (${code})`)));
      });
    }),
  );
  type Request = ToSinkWorker extends infer T ? (T extends { id: number } ? Omit<T, 'id'> : never) : never;
  const call = (shard: Shard, m: Request) =>
    new Promise<FromSinkWorker & { kind: 'done' }>((resolve, reject) => {
      const id = nextId++;
      shard.pending.set(id, { resolve, reject });
      shard.worker.postMessage({ ...m, id });
    });
  return {
    async write(batch: Delivery[]) {
      const parts: Delivery[][] = shards.map(() => []);
      for (const d of batch) parts[shardOf(d.source, n)]!.push(d);
      // The next batch is generated while this one is journaled: up to two in flight.
      inFlight.push(Promise.all(parts.map((part, i) => (part.length > 0 ? call(shards[i]!, { kind: 'write', batch: part }) : undefined))).then(() => undefined));
      if (inFlight.length >= MAX_IN_FLIGHT) await inFlight.shift();
    },
    backlog: () => shards.reduce((s, x) => s + x.backlog, 0),
    sentRecords: () => shards.reduce((s, x) => s + x.sent, 0),
    async flushNow(timeoutMs = 30_000) {
      await Promise.all(inFlight.splice(0));
      const answers = await Promise.all(shards.map((s) => call(s, { kind: 'flush', timeoutMs })));
      return answers.every((a) => a.ok === true);
    },
    async close() {
      await Promise.all(inFlight.splice(0)).catch(() => undefined);
      await Promise.all(shards.map((s) => call(s, { kind: 'close' }).catch(() => undefined)));
      await Promise.all(shards.map((s) => s.worker.terminate()));
    },
  };
}
