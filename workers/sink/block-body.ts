import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { EventRow } from './event-row';

const deflateRaw = promisify(zlib.deflateRaw);
const inflateRaw = promisify(zlib.inflateRaw);

/** The exact bytes of one insert: JSONEachRow, one row per line. */
export function toJsonEachRow(rows: EventRow[]): Buffer {
  let out = '';
  for (const r of rows) out += `${JSON.stringify(r)}\n`;
  return Buffer.from(out, 'utf8');
}

/**
 * A block as it is kept in Redis until its insert is confirmed. Compressed (zlib's
 * threadpool, level 1: a few ms for thousands of rows) because the plan of every insert
 * also goes through Redis's append-only file.
 */
export const packBody = (body: Buffer): Promise<Buffer> => deflateRaw(body, { level: 1 });
export const unpackBody = (packed: Buffer): Promise<Buffer> => inflateRaw(packed);

/** The Kafka offsets of the rows of a block that came from `partition` (each row carries its own). */
export function offsetsOf(body: Buffer, partition: number): Set<string> {
  const out = new Set<string>();
  for (const line of body.toString('utf8').split('\n')) {
    if (!line) continue;
    const row = JSON.parse(line) as Pick<EventRow, 'kafka_offset' | 'kafka_partition'>;
    if (row.kafka_partition === partition) out.add(String(row.kafka_offset));
  }
  return out;
}
