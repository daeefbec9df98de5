import type { EventRow } from './event-row';

/**
 * The lines a receipt closes with, from its line events: every `pos.item.added` line
 * not removed by `pos.item.voided`, at its last price (`pos.price.overridden`) and its
 * last quantity (`pos.item.quantity.changed`). This is the definition the inventory
 * uses for what leaves the shelf at the close (docs/kpis.md, "Stock"), and what the SKU
 * rollup counts as sold (docs/kpis.md, "History rollups").
 */
export const LINE_EVENT_TYPES = ['pos.item.added', 'pos.item.voided', 'pos.price.overridden', 'pos.item.quantity.changed'] as const;

export interface LineEvent {
  type: string;
  source: string;
  seq: number;
  /** For ordering events of different sources (a receipt normally has one: its till). */
  occurred_at: string;
  line_id: number;
  sku: string;
  units: number;
  unit_price: number;
}

export interface ResolvedLines {
  skus: string[];
  qtys: number[];
  /** qty × price per line, in cents. */
  values: number[];
}

export const LINE_TYPES: ReadonlySet<string> = new Set(LINE_EVENT_TYPES);
const isLineEvent = (type: string) => LINE_TYPES.has(type);

/** A row's line event, as a receipt keeps it until its close. */
export const lineEventOf = (r: EventRow): LineEvent => ({
  type: r.type,
  source: r.source,
  seq: r.seq,
  occurred_at: r.occurred_at,
  line_id: r.line_id,
  sku: r.sku,
  units: r.units,
  unit_price: r.unit_price,
});

/**
 * Events in the order they happened. A receipt's events come from its till, whose seq
 * is the order; should a receipt ever span sources, by time, then source, then seq.
 * Duplicates (same source and seq) count once.
 */
function inOrder(events: LineEvent[]): LineEvent[] {
  const seen = new Set<string>();
  const unique = events.filter((e) => {
    const k = `${e.source}\u0000${e.seq}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const oneSource = unique.every((e) => e.source === unique[0]?.source);
  return unique.sort((a, b) =>
    oneSource ? a.seq - b.seq : a.occurred_at !== b.occurred_at ? (a.occurred_at < b.occurred_at ? -1 : 1) : a.source !== b.source ? (a.source < b.source ? -1 : 1) : a.seq - b.seq,
  );
}

export function resolveLines(events: LineEvent[]): ResolvedLines {
  const lines = new Map<number, { sku: string; qty: number; price: number }>();
  for (const e of inOrder(events.filter((x) => isLineEvent(x.type)))) {
    const line = lines.get(e.line_id);
    switch (e.type) {
      case 'pos.item.added':
        lines.set(e.line_id, { sku: e.sku, qty: e.units, price: e.unit_price });
        break;
      case 'pos.item.voided':
        lines.delete(e.line_id);
        break;
      case 'pos.price.overridden':
        if (line) line.price = e.unit_price;
        break;
      case 'pos.item.quantity.changed':
        if (line) line.qty = e.units;
        break;
    }
  }
  const out: ResolvedLines = { skus: [], qtys: [], values: [] };
  for (const id of [...lines.keys()].sort((a, b) => a - b)) {
    const l = lines.get(id)!;
    out.skus.push(l.sku);
    out.qtys.push(l.qty);
    out.values.push(l.qty * l.price);
  }
  return out;
}
