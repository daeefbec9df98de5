import type { EventMatcher, Rule } from '@/lib/loss/rules/rule-schema';

/** A matcher in words: `pos.drawer.opened (reason = no_sale)`. */
function matcherText(m: EventMatcher): string {
  const where = Object.entries(m.where ?? {}).map(([k, v]) => `${k} = ${String(v)}`);
  return where.length ? `${m.type} (${where.join(', ')})` : m.type;
}

function minutes(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 1000)} s`;
}

/** What a rule matches, in one plain sentence. */
export function ruleSummary(r: Rule): string {
  switch (r.kind) {
    case 'sequence': {
      const scope = r.correlate === 'line' ? ', on the same receipt line' : r.correlate === 'receipt' ? ', on the same receipt' : '';
      return `${r.steps.map(matcherText).join(', then ')} — by one ${r.by === 'till' ? 'till' : 'cashier'} within ${minutes(r.withinMs)}${scope}.`;
    }
    case 'receipt_count':
      return `More than ${r.moreThan} × ${matcherText(r.match)} in one receipt.`;
    case 'refund_unsold_sku':
      return `A refund ${r.withReceipt === 'without' ? 'without a receipt ' : ''}of a SKU no till of the store has rung up earlier that day.`;
    case 'threshold':
      return `A cashier’s ${r.metric} above ${r.per100ReceiptsAbove} per 100 receipts over the day so far, once they have ${r.minReceipts} receipts.`;
  }
}
