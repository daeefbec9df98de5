/**
 * One share of the Kafka sink on a worker thread: the journals of the sources routed to
 * it, and its own idempotent sender. The main thread keeps generating; journaling and
 * producing spread over the cores.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createLogger } from '../../lib/log';
import type { Delivery } from '../faults/fault-injector';
import { openKafkaSink } from './kafka-sink';

export type ToSinkWorker = { kind: 'write'; id: number; batch: Delivery[] } | { kind: 'flush'; id: number; timeoutMs: number } | { kind: 'close'; id: number };
export type FromSinkWorker = { kind: 'done'; id: number; backlog: number; sent: number; ok?: boolean } | { kind: 'failed'; id: number; message: string };

const port = parentPort!;
const { brokers, journalDir, logLevel, clientId } = workerData as { brokers: string[]; journalDir: string; logLevel: string; clientId: string };
const log = createLogger({ level: logLevel, name: 'simulator' });
const sink = await openKafkaSink({ brokers, journalDir, log, clientId });
let queue = Promise.resolve();

port.on('message', (m: ToSinkWorker) => {
  // One message at a time, in order: a source's batches are journaled in the order generated.
  queue = queue.then(async () => {
    try {
      let ok: boolean | undefined;
      if (m.kind === 'write') await sink.write(m.batch);
      else if (m.kind === 'flush') ok = await sink.flushNow(m.timeoutMs);
      else await sink.close();
      port.postMessage({ kind: 'done', id: m.id, backlog: sink.backlog(), sent: sink.sentRecords(), ok } satisfies FromSinkWorker);
      if (m.kind === 'close') port.close();
    } catch (err) {
      port.postMessage({ kind: 'failed', id: m.id, message: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies FromSinkWorker);
    }
  });
});
port.postMessage({ kind: 'done', id: 0, backlog: 0, sent: 0 } satisfies FromSinkWorker);
