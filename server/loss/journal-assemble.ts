import type {
  JournalApproval,
  JournalEvent,
  JournalLine,
  JournalRefund,
  ReceiptStatus,
  ReceiptSummary,
} from '../../lib/loss/journal-answers';

/**
 * Pure: one receipt's journal from the `events` rows that concern it (journal-source.ts reads
 * them) — the rows carrying its id, the refunds naming it as `originalReceiptId`, and the
 * events of its tills around it — put in order, each till event attached only when it belongs
 * to the receipt, and folded into a summary (lines after voids, quantity changes and overrides;
 * discounts; payments; the close; a post-void; refunds; supervisor approvals).
 */
export interface JournalRow {
  id: string;
  type: string;
  source: string;
  seq: number;
  /** epoch ms */
  ms: number;
  storeId: string;
  tillId: string;
  cashierId: string;
  receiptId: string;
  payload: Record<string, unknown>;
}

/** Till events without a receipt id that may belong to a receipt. */
export const TILL_EVENT_TYPES = ['pos.cashier.elevated', 'pos.drawer.opened', 'pos.drawer.closed'] as const;

const byOrder = (a: JournalRow, b: JournalRow) => a.ms - b.ms || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0) || a.seq - b.seq;
const iso = (ms: number) => new Date(ms).toISOString();

/** A payload value as a string, number or boolean (null when absent or of another type). */
const str = (p: Record<string, unknown>, k: string): string | null => (typeof p[k] === 'string' ? (p[k] as string) : null);
const num = (p: Record<string, unknown>, k: string): number | null => (typeof p[k] === 'number' && Number.isFinite(p[k]) ? (p[k] as number) : null);

/**
 * The till events (no receipt id) of `tillRows` that belong to `receiptId`: at one till (one
 * source, by seq) a supervisor's elevation whose next receipt event is the receipt's; a drawer
 * opened or closed whose previous receipt event is the receipt's (the cash payment, the change,
 * the post-void); anything of TILL_EVENT_TYPES between two of its events.
 */
export function attachedTillEvents(receiptId: string, tillRows: readonly JournalRow[]): JournalRow[] {
  const bySource = new Map<string, JournalRow[]>();
  for (const r of tillRows) {
    const list = bySource.get(r.source) ?? [];
    list.push(r);
    bySource.set(r.source, list);
  }
  const out: JournalRow[] = [];
  for (const rows of bySource.values()) {
    rows.sort((a, b) => a.seq - b.seq);
    for (let i = 0; i < rows.length; i++) {
      const e = rows[i]!;
      if (e.receiptId !== '' || !(TILL_EVENT_TYPES as readonly string[]).includes(e.type)) continue;
      let prev: JournalRow | undefined;
      for (let j = i - 1; j >= 0 && !prev; j--) if (rows[j]!.receiptId !== '') prev = rows[j];
      let next: JournalRow | undefined;
      for (let j = i + 1; j < rows.length && !next; j++) if (rows[j]!.receiptId !== '') next = rows[j];
      const prevMine = prev?.receiptId === receiptId;
      const nextMine = next?.receiptId === receiptId;
      if ((prevMine && nextMine) || (e.type === 'pos.cashier.elevated' && nextMine) || (e.type !== 'pos.cashier.elevated' && prevMine)) out.push(e);
    }
  }
  return out;
}

export function isApproval(r: Pick<JournalRow, 'type' | 'payload'>): boolean {
  return r.type === 'pos.cashier.elevated' || str(r.payload, 'supervisorId') !== null || str(r.payload, 'assistantId') !== null;
}

function refundOf(r: JournalRow): JournalRefund {
  const lines = Array.isArray(r.payload.lines)
    ? (r.payload.lines as unknown[]).flatMap((l) => {
        if (typeof l !== 'object' || l === null) return [];
        const o = l as Record<string, unknown>;
        return typeof o.sku === 'string' && typeof o.qty === 'number' ? [{ sku: o.sku, qty: o.qty }] : [];
      })
    : [];
  return {
    eventId: r.id,
    occurredAt: iso(r.ms),
    receiptId: r.receiptId,
    tillId: r.tillId,
    cashierId: r.cashierId,
    amount: num(r.payload, 'amount') ?? 0,
    withReceipt: r.payload.withReceipt === true,
    method: str(r.payload, 'method') ?? '',
    lines,
  };
}

const APPROVED_ACTION: Record<string, string> = {
  'pos.price.overridden': 'price override',
  'pos.receipt.postvoided': 'post-void',
  'pos.sco.age.verified': 'age check',
  'pos.sco.assist.resolved': 'self-checkout assistance',
};

/** The summary of a receipt from its journal (in order). */
export function summarise(receiptId: string, events: readonly JournalRow[], relationOf: (r: JournalRow) => 'receipt' | 'refund' | 'till'): ReceiptSummary {
  const lines = new Map<number, JournalLine>();
  const s: ReceiptSummary = {
    status: 'open',
    storeId: events[0]?.storeId ?? '',
    tills: [],
    cashiers: [],
    openedAt: null,
    endedAt: null,
    lines: [],
    subtotal: 0,
    discounts: [],
    discountTotal: 0,
    payments: [],
    declined: [],
    changeGiven: 0,
    total: null,
    items: null,
    closedLines: null,
    computedTotal: 0,
    voidReason: null,
    postVoid: null,
    refund: null,
    refundedBy: [],
    approvals: [],
  };
  let opened = false;
  let closed = false;
  let voided = false;
  for (const e of events) {
    const rel = relationOf(e);
    if (rel === 'refund') {
      s.refundedBy.push(refundOf(e));
      continue;
    }
    if (e.tillId && !s.tills.includes(e.tillId)) s.tills.push(e.tillId);
    if (e.cashierId && !s.cashiers.includes(e.cashierId)) s.cashiers.push(e.cashierId);
    const p = e.payload;
    if (isApproval(e)) {
      const supervisorId = str(p, 'supervisorId') ?? str(p, 'assistantId') ?? '';
      const approval: JournalApproval = { occurredAt: iso(e.ms), eventId: e.id, type: e.type, supervisorId, action: str(p, 'action') ?? APPROVED_ACTION[e.type] ?? e.type };
      s.approvals.push(approval);
    }
    const lineId = num(p, 'lineId');
    const line = lineId === null ? undefined : lines.get(lineId);
    switch (e.type) {
      case 'pos.receipt.opened':
        opened = true;
        s.openedAt ??= iso(e.ms);
        break;
      case 'pos.item.added':
        if (lineId !== null) {
          const qty = num(p, 'qty') ?? 0;
          const unitPrice = num(p, 'unitPrice') ?? 0;
          lines.set(lineId, { lineId, sku: str(p, 'sku') ?? '', entry: str(p, 'entry') ?? '', addedQty: qty, addedUnitPrice: unitPrice, qty, unitPrice, value: 0, voided: false, quantityChanges: 0, overrides: [] });
        }
        break;
      case 'pos.item.voided':
        if (line) line.voided = true;
        break;
      case 'pos.item.quantity.changed':
        if (line) {
          line.qty = num(p, 'newQty') ?? line.qty;
          line.quantityChanges += 1;
        }
        break;
      case 'pos.price.overridden':
        if (line) {
          line.unitPrice = num(p, 'newPrice') ?? line.unitPrice;
          line.overrides.push({ oldPrice: num(p, 'oldPrice') ?? 0, newPrice: num(p, 'newPrice') ?? 0, reason: str(p, 'reason'), supervisorId: str(p, 'supervisorId') });
        }
        break;
      case 'pos.discount.applied': {
        const amount = num(p, 'amount') ?? 0;
        s.discounts.push({ kind: str(p, 'kind') ?? '', amount, lineId, promotionId: str(p, 'promotionId') });
        s.discountTotal += amount;
        break;
      }
      case 'pos.payment.captured':
        s.payments.push({ method: str(p, 'method') ?? '', amount: num(p, 'amount') ?? 0 });
        break;
      case 'pos.payment.declined':
        s.declined.push({ method: str(p, 'method') ?? '', amount: num(p, 'amount') ?? 0, reason: str(p, 'reason') ?? '' });
        break;
      case 'pos.change.given':
        s.changeGiven += num(p, 'amount') ?? 0;
        break;
      case 'pos.receipt.closed':
        closed = true;
        s.total = num(p, 'total');
        s.items = num(p, 'items');
        s.closedLines = num(p, 'lines');
        s.endedAt = iso(e.ms);
        break;
      case 'pos.receipt.voided':
        voided = true;
        s.voidReason = str(p, 'reason');
        s.endedAt = iso(e.ms);
        break;
      case 'pos.receipt.postvoided':
        s.postVoid = { eventId: e.id, occurredAt: iso(e.ms), cashierId: e.cashierId, total: num(p, 'total') ?? 0, reason: str(p, 'reason'), supervisorId: str(p, 'supervisorId') };
        break;
      case 'pos.refund.issued':
        if (e.receiptId === receiptId) {
          s.refund = refundOf(e);
          s.endedAt = iso(e.ms);
        }
        break;
      default:
        break;
    }
    if (!s.openedAt && rel === 'receipt' && e.receiptId === receiptId) s.openedAt = iso(e.ms);
  }
  for (const l of lines.values()) l.value = l.voided ? 0 : l.qty * l.unitPrice;
  s.lines = [...lines.values()].sort((a, b) => a.lineId - b.lineId);
  s.subtotal = s.lines.reduce((sum, l) => sum + l.value, 0);
  s.computedTotal = s.subtotal - s.discountTotal;
  const status: ReceiptStatus = s.postVoid ? 'postvoided' : closed ? 'closed' : voided ? 'voided' : s.refund && !opened ? 'refund' : 'open';
  s.status = status;
  return s;
}

/** The journal: every row in order (occurredAt, source, seq), each with its relation and whether it is an approval, and the summary. */
export function assembleJournal(
  receiptId: string,
  parts: { receiptRows: readonly JournalRow[]; refundRows: readonly JournalRow[]; tillRows: readonly JournalRow[] },
): { events: JournalEvent[]; summary: ReceiptSummary } {
  const relation = new Map<string, 'receipt' | 'refund' | 'till'>();
  const key = (r: JournalRow) => `${r.source}\u0000${r.seq}`;
  const rows = new Map<string, JournalRow>();
  for (const r of parts.receiptRows) {
    rows.set(key(r), r);
    relation.set(key(r), 'receipt');
  }
  for (const r of parts.refundRows) {
    if (rows.has(key(r))) continue;
    rows.set(key(r), r);
    relation.set(key(r), 'refund');
  }
  for (const r of attachedTillEvents(receiptId, parts.tillRows)) {
    if (rows.has(key(r))) continue;
    rows.set(key(r), r);
    relation.set(key(r), 'till');
  }
  const ordered = [...rows.values()].sort(byOrder);
  const relationOf = (r: JournalRow) => relation.get(key(r))!;
  const events: JournalEvent[] = ordered.map((r) => ({
    id: r.id,
    type: r.type,
    source: r.source,
    seq: r.seq,
    occurredAt: iso(r.ms),
    storeId: r.storeId,
    tillId: r.tillId,
    cashierId: r.cashierId,
    receiptId: r.receiptId,
    relation: relationOf(r),
    approval: isApproval(r),
    payload: r.payload,
  }));
  return { events, summary: summarise(receiptId, ordered, relationOf) };
}
