import kafkajs, { type ICustomPartitioner, type Message, type TopicMessages } from 'kafkajs';
import { recordBytes, type JournalRecord, type SourceJournal } from '../journal/source-journal';

/** What the journal sender sends at once, and the Kafka details of sending it (see journal-sender.ts). */

// kafkajs is CommonJS: runtime values through the default export.
const { Partitioners } = kafkajs;

export interface Batch {
  parts: { journal: SourceJournal; records: JournalRecord[] }[];
  records: number;
  bytes: number;
  topicMessages: TopicMessages[];
}

/** Errors after which the producer's id/sequence state is unusable: a new session is needed. */
export const FATAL_PRODUCER_ERRORS = new Set([
  'OUT_OF_ORDER_SEQUENCE_NUMBER',
  'UNKNOWN_PRODUCER_ID',
  'INVALID_PRODUCER_EPOCH',
  'INVALID_PRODUCER_ID_MAPPING',
  'PRODUCER_FENCED',
]);
export const TOO_LARGE_ERRORS = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE']);

export function errorType(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    const t = (e as { type?: unknown }).type;
    if (typeof t === 'string') return t;
    e = (e as { cause?: unknown }).cause ?? (e as { originalError?: unknown }).originalError;
  }
  return undefined;
}

/**
 * kafkajs's DefaultPartitioner (murmur2 of the key, Java-compatible), remembered per key
 * and partition count: the same partition for the same key, without hashing every
 * message again (a till sends thousands of messages with one key).
 */
export const cachedDefaultPartitioner: ICustomPartitioner = () => {
  const base = Partitioners.DefaultPartitioner();
  const byCount = new Map<number, Map<string, number>>();
  let size = 0;
  return (args) => {
    const { key, partition } = args.message;
    if (typeof key !== 'string' || (partition !== undefined && partition !== null)) return base(args);
    const n = args.partitionMetadata.length;
    let keys = byCount.get(n);
    if (!keys) byCount.set(n, (keys = new Map()));
    let p = keys.get(key);
    if (p === undefined) {
      p = base(args);
      if (++size > 200_000) {
        byCount.clear();
        size = 0;
      } else keys.set(key, p);
    }
    return p;
  };
};

export const errorText = (err: unknown) => (err instanceof Error ? `${err.name}: ${err.message}` : String(err));

export function toTopicMessages(parts: Batch['parts']): TopicMessages[] {
  const byTopic = new Map<string, Message[]>();
  for (const { records } of parts) {
    for (const r of records) {
      let list = byTopic.get(r.topic);
      if (!list) byTopic.set(r.topic, (list = []));
      list.push({ key: r.key, value: r.value });
    }
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}


/**
 * A fair share of what every journal has pending, bounded by records and bytes; the
 * journal that goes first rotates with `turn`.
 */
export function assembleBatch(journals: SourceJournal[], turn: number, maxRecords: number, byteLimit: number): Batch | undefined {
  const live = journals.filter((j) => !j.isClosed);
  if (live.length === 0) return undefined;
  const start = turn % live.length;
  const ordered = [...live.slice(start), ...live.slice(0, start)];
  const want = ordered.map((j) => ({ journal: j, avail: j.pendingCount, take: 0 }));
  let left = maxRecords;
  let open = want.filter((w) => w.avail > 0);
  if (open.length === 0) return undefined;
  while (left > 0 && open.length > 0) {
    const share = Math.max(1, Math.floor(left / open.length));
    for (const w of open) {
      const n = Math.min(share, w.avail - w.take, left);
      w.take += n;
      left -= n;
      if (left === 0) break;
    }
    open = open.filter((w) => w.take < w.avail);
  }
  const parts: Batch['parts'] = [];
  let bytes = 0;
  let records = 0;
  for (const w of want) {
    if (w.take === 0) continue;
    const room = byteLimit - bytes;
    if (room <= 0) break;
    const recs = w.journal.pending(w.take, room);
    if (recs.length === 0) continue;
    if (records > 0 && recs.length === 1 && recordBytes(recs[0]!) > room) break; // pending() always gives one
    for (const r of recs) bytes += recordBytes(r);
    records += recs.length;
    parts.push({ journal: w.journal, records: recs });
  }
  if (records === 0) return undefined;
  return { parts, records, bytes, topicMessages: toTopicMessages(parts) };
}

/** The first half of a batch (a broker found it too large). */
export function firstHalf(b: Batch): Batch {
  let keep = Math.max(1, Math.floor(b.records / 2));
  const parts: Batch['parts'] = [];
  let bytes = 0;
  for (const p of b.parts) {
    if (keep === 0) break;
    const records = p.records.slice(0, keep);
    keep -= records.length;
    for (const r of records) bytes += recordBytes(r);
    parts.push({ journal: p.journal, records });
  }
  const records = parts.reduce((n, p) => n + p.records.length, 0);
  return { parts, records, bytes, topicMessages: toTopicMessages(parts) };
}

