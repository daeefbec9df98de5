import type { TillstreamEvent } from '../../lib/contract/catalog';
import { parseEvent } from '../../lib/contract/parse-event';
import { tillKey } from '../../lib/topics';
import { seededRandom } from '../../workers/sink/testing/partitioned-input';

/** One bench till: a source of its own (fresh per rate), in one of the preloaded stores. */
export interface BenchTill {
  source: string;
  storeId: string;
  cashierId: string;
  /** Next seq to send (from 1). */
  seq: number;
  receipts: number;
  /** The rest of the open receipt, as payloads in order. */
  pending: { type: TillstreamEvent['type']; payload: Record<string, unknown> }[];
  receiptId: string;
}

export function benchTills(label: string, stores: string[], perStore: number): BenchTill[] {
  const tills: BenchTill[] = [];
  for (let n = 1; n <= perStore; n++) {
    for (const storeId of stores) {
      const source = `${storeId}-BENCH${label}-T${n}`;
      tills.push({ source, storeId, cashierId: `${storeId}-BENCH-C${n}`, seq: 1, receipts: 0, pending: [], receiptId: '' });
    }
  }
  return tills;
}

/** Deterministic, so that runs send the same baskets (the tests' mulberry32 generator). */
export const rng = seededRandom;

/** A complete receipt the validator accepts: opened, 1–5 items, a card payment of the total, closed with total, items and lines. */
function newReceipt(till: BenchTill, skus: string[], random: () => number): void {
  till.receipts += 1;
  till.receiptId = `${till.source}-R${till.receipts}`;
  const lines = 1 + Math.floor(random() * 5);
  let total = 0;
  let items = 0;
  till.pending.push({ type: 'pos.receipt.opened', payload: {} });
  for (let lineId = 1; lineId <= lines; lineId++) {
    const qty = 1 + Math.floor(random() * 3);
    const unitPrice = 99 + Math.floor(random() * 2000);
    total += qty * unitPrice;
    items += qty;
    till.pending.push({ type: 'pos.item.added', payload: { lineId, sku: skus[Math.floor(random() * skus.length)]!, qty, unitPrice, entry: 'scanned' } });
  }
  till.pending.push({ type: 'pos.payment.captured', payload: { method: 'card', amount: total } });
  till.pending.push({ type: 'pos.receipt.closed', payload: { total, items, lines } });
}

/** The till's next event (opening a new receipt when the last one closed), as the message to produce. */
export function nextEvent(till: BenchTill, skus: string[], random: () => number, now: number): { key: string; value: string; seq: number } {
  if (till.pending.length === 0) newReceipt(till, skus, random);
  const next = till.pending.shift()!;
  const seq = till.seq++;
  const event = {
    id: `${till.source}-${seq}`,
    type: next.type,
    schemaVersion: 1,
    source: till.source,
    seq,
    occurredAt: new Date(now).toISOString(),
    storeId: till.storeId,
    tillId: till.source,
    cashierId: till.cashierId,
    receiptId: till.receiptId,
    payload: next.payload,
  };
  return { key: tillKey(till.storeId, till.source), value: JSON.stringify(event), seq };
}

/** Checks a few receipts against the contract before the run (a wrong event would go to the DLQ, never reach a room). */
export function assertContract(skus: string[]): void {
  const [till] = benchTills('CHECK', ['S001'], 1);
  const random = rng(7);
  for (let i = 0; i < 30; i++) {
    const m = nextEvent(till!, skus, random, Date.now());
    const r = parseEvent(JSON.parse(m.value));
    if (!r.ok) throw new Error(`bench event breaks the contract: ${JSON.stringify(r.issues)} in ${m.value}`);
  }
}
