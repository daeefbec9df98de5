import kafkajs from 'kafkajs';
import { createKafka } from '../../lib/clients/kafka';
import type { Logger } from '../../lib/log';
import type { Delivery } from '../faults/fault-injector';
import { SourceJournal } from '../journal/source-journal';
import { cachedDefaultPartitioner, JournalSender } from '../publish/journal-sender';
import type { Sink } from './sink';

const { CompressionTypes } = kafkajs;
/** Small segments, so that what Kafka has acknowledged leaves the disk soon (76 journals by default). */
const SEGMENT_BYTES = 4 * 1024 * 1024;

export interface KafkaSink extends Sink {
  /** Resolves true once everything durable in the journals now is acknowledged by Kafka. */
  flushNow: (timeoutMs?: number) => Promise<boolean>;
  sentRecords: () => number;
}

/**
 * Sends the simulation to Kafka the way real tills do: each source's events are written
 * to its durable journal first (one fdatasync per batch), and the journal sender ships
 * them with an idempotent producer, in order, whatever the broker does meanwhile.
 *
 * On a resumed run the generator replays from the start: events a journal already has
 * (seq ≤ its last seq) are skipped, and so are the test faults of that span. Duplicate
 * and malformed copies are not the tills' own events, so they go through a separate
 * plain producer, retried until they are sent: a resend once its original is in Kafka, a
 * malformed copy once everything before its event is.
 */
export async function openKafkaSink(opts: { brokers: string[]; journalDir: string; log: Logger; clientId?: string }): Promise<KafkaSink> {
  const log = opts.log.child({ component: 'kafka-sink' });
  const sender = new JournalSender({ brokers: opts.brokers, log, clientId: opts.clientId ?? 'tillstream-simulator', compression: CompressionTypes.None });
  const journals = new Map<string, SourceJournal>();
  const resumedAt = new Map<string, number>();
  const side: Delivery[] = [];
  const kafka = createKafka({ brokers: opts.brokers, clientId: 'tillstream-simulator-faults', log });
  // The same partitioner as the journal sender: a duplicate lands where its original did.
  const faultsProducer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: cachedDefaultPartitioner });
  let faultsConnected = false;
  let sideLoop: Promise<void> | undefined;
  let closing = false;

  sender.on('state', (s) => {
    if (s.state === 'offline') log.warn({ buffered: s.pendingRecords, error: s.error }, 'Kafka unreachable: the tills keep selling and buffer in their journals');
    else if (s.previous === 'offline') log.info({ buffered: s.pendingRecords }, 'Kafka reachable: flushing the journals');
  });
  sender.on('caughtUp', (c) => log.info({ records: c.records, offlineSeconds: Math.round(c.offlineMs / 1000) }, 'journals flushed after an outage'));
  sender.start();

  async function journalOf(source: string): Promise<SourceJournal> {
    let j = journals.get(source);
    if (!j) {
      j = await SourceJournal.open(opts.journalDir, source, { segmentBytes: SEGMENT_BYTES });
      journals.set(source, j);
      resumedAt.set(source, j.lastSeq);
      sender.register(j);
    }
    return j;
  }

  /**
   * A resend goes out only once its original is in Kafka (the journal acked its seq): a
   * till resends what it sent, later. A malformed copy precedes its event: it goes out once
   * everything before that event is in Kafka.
   */
  const isDue = (d: Delivery) => (journals.get(d.source)?.ackedSeq ?? 0) >= (d.kind === 'duplicate' ? d.seq : d.seq - 1);

  async function sendFaults(): Promise<void> {
    while (side.length > 0) {
      const batch = side.filter(isDue).slice(0, 2000);
      if (batch.length === 0) {
        if (closing) return;
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      try {
        if (!faultsConnected) {
          await faultsProducer.connect();
          faultsConnected = true;
        }
        const byTopic = new Map<string, { key: string; value: string }[]>();
        for (const d of batch) {
          if (!byTopic.has(d.topic)) byTopic.set(d.topic, []);
          byTopic.get(d.topic)!.push({ key: d.key, value: d.json });
        }
        await faultsProducer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
        const sent = new Set(batch);
        for (let i = side.length - 1; i >= 0; i--) if (sent.has(side[i]!)) side.splice(i, 1);
      } catch (err) {
        if (closing) return;
        log.debug({ err: (err as Error).message }, 'fault copies not sent yet; retrying');
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  return {
    flushNow: (timeoutMs) => sender.flushNow(timeoutMs),
    sentRecords: () => sender.stats().sentRecords,
    async write(batch: Delivery[]) {
      const touched = new Set<SourceJournal>();
      const records = new Map<SourceJournal, { seq: number; topic: string; key: string; value: string }[]>();
      for (const d of batch) {
        const j = await journalOf(d.source);
        if (d.seq <= resumedAt.get(d.source)!) continue;
        if (d.kind !== 'event') {
          side.push(d);
          continue;
        }
        let list = records.get(j);
        if (!list) records.set(j, (list = []));
        list.push({ seq: d.seq, topic: d.topic, key: d.key, value: d.json });
        touched.add(j);
      }
      for (const [j, list] of records) j.append(list);
      await Promise.all([...touched].map((j) => j.sync()));
      if (side.length > 0 && !sideLoop) sideLoop = sendFaults().finally(() => (sideLoop = undefined));
    },
    backlog: () => sender.backlog + side.length,
    async close() {
      await sender.stop({ drainMs: 5000 });
      // The journals are drained: every copy still held is due now; one last attempt each.
      if (side.length > 0 && !sideLoop) sideLoop = sendFaults().finally(() => (sideLoop = undefined));
      closing = true;
      await sideLoop;
      if (side.length > 0) log.warn({ unsent: side.length }, 'duplicate/malformed copies not sent before stop');
      await Promise.all([...journals.values()].map((j) => j.close()));
      if (faultsConnected) await faultsProducer.disconnect().catch(() => undefined);
    },
  };
}
