import { addCounts, emptyCounts, type MinuteCounts } from '../live/minute-counts';

/** Which sales a KPI counts: the tills, the web shop (at the fulfilling location), or both. */
export type Channel = 'stores' | 'web' | 'all';

/**
 * The KPIs of docs/kpis.md (shared by the web tier's API and the browser, which applies
 * live deltas of absolute minute counts with the same functions) from summed minute counts, for one channel or both:
 *   - `stores`: the till channel as defined (net = gross − refunds − post-voids; receipts,
 *     items, average basket = net / receipts, items per receipt = items / receipts);
 *   - `web`: the web shop (net = paid − refunded; gross = paid; refunds = refunded);
 *     receipts, items and their ratios are till measures: null;
 *   - `all`: net, gross and refunds of both channels added; receipts, items and ratios
 *     of the till channel; each channel's net sales apart in `channels`.
 * Ratios are rounded to two decimals (cents, items); null with no receipts.
 */
export interface Kpis {
  netSales: number;
  grossSales: number;
  refunds: number;
  postVoids: number;
  receipts: number | null;
  items: number | null;
  averageBasket: number | null;
  itemsPerReceipt: number | null;
  refundCount: number;
  postVoidCount: number;
  lineVoids: number;
  receiptVoids: number;
  channels: { stores: { netSales: number; grossSales: number }; web: { netSales: number; paid: number; refunded: number } };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export function sumMinutes(minutes: Iterable<MinuteCounts>): MinuteCounts {
  const total = emptyCounts();
  for (const c of minutes) addCounts(total, c);
  return total;
}

export function kpisOf(c: MinuteCounts, channel: Channel): Kpis {
  const storeNet = c.gross - c.refunds - c.postVoids;
  const webNet = c.webPaid - c.webRefunded;
  const tills = channel !== 'web';
  const webToo = channel !== 'stores';
  const receipts = tills ? c.receipts : null;
  const items = tills ? c.items : null;
  return {
    netSales: (tills ? storeNet : 0) + (webToo ? webNet : 0),
    grossSales: (tills ? c.gross : 0) + (webToo ? c.webPaid : 0),
    refunds: (tills ? c.refunds : 0) + (webToo ? c.webRefunded : 0),
    postVoids: tills ? c.postVoids : 0,
    receipts,
    items,
    averageBasket: tills && c.receipts !== 0 ? round2(storeNet / c.receipts) : null,
    itemsPerReceipt: tills && c.receipts !== 0 ? round2(c.items / c.receipts) : null,
    refundCount: tills ? c.refundCount : 0,
    postVoidCount: tills ? c.postVoidCount : 0,
    lineVoids: tills ? c.lineVoids : 0,
    receiptVoids: tills ? c.receiptVoids : 0,
    channels: { stores: { netSales: storeNet, grossSales: c.gross }, web: { netSales: webNet, paid: c.webPaid, refunded: c.webRefunded } },
  };
}

/** One point of a per-minute series: the minute's sales in the asked channel. */
export interface MinutePoint {
  minute: string;
  netSales: number;
  grossSales: number;
  receipts: number | null;
  items: number | null;
}

export function pointOf(minute: number, c: MinuteCounts, channel: Channel): MinutePoint {
  const k = kpisOf(c, channel);
  return { minute: new Date(minute).toISOString(), netSales: k.netSales, grossSales: k.grossSales, receipts: k.receipts, items: k.items };
}

/** Net sales now against before: the difference (cents) and the change in % (2 decimals; null when before is 0). */
export function netSalesChange(now: Kpis, before: Kpis): { netSalesChange: number; netSalesChangePct: number | null } {
  return {
    netSalesChange: now.netSales - before.netSales,
    netSalesChangePct: before.netSales === 0 ? null : Math.round(((now.netSales - before.netSales) / Math.abs(before.netSales)) * 10_000) / 100,
  };
}
