import fs from 'node:fs';
import { once } from 'node:events';
import type { Delivery } from '../faults/fault-injector';
import type { Sink } from './sink';

/** Writes each delivery's JSON as one NDJSON line, to a file or to stdout ("-"). */
export function fileSink(path: string): Sink {
  const out = path === '-' ? process.stdout : fs.createWriteStream(path);
  return {
    async write(batch: Delivery[]) {
      if (batch.length === 0) return;
      let text = '';
      for (const d of batch) text += `${d.json}\n`;
      if (!out.write(text)) await once(out, 'drain');
    },
    backlog: () => 0,
    async close() {
      if (out === process.stdout) return;
      await new Promise<void>((resolve, reject) => (out as fs.WriteStream).end((err?: Error | null) => (err ? reject(err) : resolve())));
    },
  };
}
