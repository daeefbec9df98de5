import type { ClickHouseClient } from '../../lib/clients/clickhouse';
import { runInMemory, smallRun } from '../../simulator/testing/run-in-memory';
import { toJsonEachRow } from '../../workers/sink/block-body';
import { toEventRow, type EventRow } from '../../workers/sink/event-row';
import { createEventsWriter } from '../../workers/sink/insert-events';
import { resolveReferences } from '../../workers/sink/resolve-references';
import { truncateSinkTables } from '../../workers/sink/testing/sink-fixture';
import type { BenchRow } from '../platform/platform-bench';

/** Rows of one simulated day of 12 stores, as the sink writes them (references resolved). */
async function simulatedRows(): Promise<EventRow[]> {
  const run = await runInMemory(smallRun({ stores: 12 }));
  const rows: EventRow[] = [];
  run.deliveries.forEach((d, i) => {
    if (d.kind !== 'event') return;
    const r = toEventRow(d.json, 0, String(i));
    if (r.ok) rows.push(r.row);
  });
  // The whole day at once: every reference is in it.
  await resolveReferences(rows, { receiptLineEvents: async () => [], closedReceiptLines: async () => new Map(), placedOrders: async () => new Map() });
  return rows;
}

async function mergesRunning(ch: ClickHouseClient): Promise<number> {
  const rs = await ch.query({ query: 'SELECT count() AS n FROM system.merges', format: 'JSONEachRow' });
  return Number((await rs.json<{ n: number }>())[0]?.n ?? 0);
}

const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/**
 * The sink's inserts into `events` and its materialized views (the migrations'), through
 * the same writer, at several block sizes: rows/s, and CPU-seconds per million rows of
 * this process (chDB runs in it, merges included: measured until no merge runs). What it
 * shows: a fixed cost per insert, which is why the sink groups partitions (block-group.ts).
 */
export async function benchSinkInserts(ch: ClickHouseClient, blockSizes: number[]): Promise<BenchRow[]> {
  const rows = await simulatedRows();
  const writer = createEventsWriter(ch);
  const out: BenchRow[] = [];
  for (const size of blockSizes) {
    await truncateSinkTables(ch);
    const bodies: Buffer[] = [];
    for (let i = 0; i < rows.length; i += size) bodies.push(toJsonEachRow(rows.slice(i, i + size)));
    const cpu0 = cpuSeconds();
    const t0 = performance.now();
    for (const [k, body] of bodies.entries()) await writer.insert(body, `bench-sink-${size}-${k}`);
    const insertS = (performance.now() - t0) / 1000;
    // Background merges are part of the cost: wait (up to 60 s) until none runs.
    for (let i = 0; i < 120 && (i < 4 || (await mergesRunning(ch)) > 0); i++) await new Promise((r) => setTimeout(r, 500));
    const cpu = cpuSeconds() - cpu0;
    out.push({
      what: `sink insert, blocks of ${size.toLocaleString('en')} rows`,
      figure: `${Math.round(rows.length / insertS).toLocaleString('en')} rows/s, ${((cpu / rows.length) * 1e6).toFixed(1)} CPU-s per million`,
      detail: `${rows.length.toLocaleString('en')} rows (one simulated day, 12 stores) in ${bodies.length} inserts (${writer.path}), ${insertS.toFixed(2)} s; ${((cpu / bodies.length) * 1000).toFixed(0)} ms CPU per insert incl. merges`,
    });
  }
  await truncateSinkTables(ch);
  return out;
}
