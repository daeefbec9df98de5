import type { CashierActivity } from './activity-answers';

/**
 * The till events store-activity.int.test.ts feeds through the real pipeline, written by hand:
 * two stores, their master data, sign-ins, shifts, sales, a cancelled receipt, a post-void,
 * refunds, a seq gap, a self-checkout without a shift, and a cashier id at both stores. Also
 * what each cashier's figures must be, counted straight from these events (not from the code
 * under test).
 *
 * Each store's timezone is chosen so that its local time now is near noon: "today" then
 * holds the whole morning the test writes, and "yesterday" the evening before.
 */
export const H = 3_600_000;
export const M = 60_000;
/** Zones without daylight saving time, an hour or two apart all round the clock: local midnight is then now − the local time of day. */
const ZONES = [
  'Pacific/Kiritimati', 'Australia/Brisbane', 'Asia/Tokyo', 'Asia/Shanghai', 'Asia/Bangkok', 'Asia/Dhaka', 'Asia/Kolkata', 'Asia/Karachi', 'Asia/Dubai',
  'Africa/Nairobi', 'Africa/Johannesburg', 'Africa/Lagos', 'UTC', 'Atlantic/Cape_Verde', 'America/Noronha', 'America/Sao_Paulo', 'America/Caracas',
  'America/Bogota', 'America/Guatemala', 'America/Phoenix', 'Pacific/Honolulu', 'Pacific/Pago_Pago',
];

/** Local wall clock of an instant by Intl alone (independent of lib/time). */
export function wall(ms: number, tz: string): { date: string; msOfDay: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, msOfDay: ((Number(parts.hour) * 60 + Number(parts.minute)) * 60 + Number(parts.second)) * 1000 + (ms % 1000) };
}
export const START = Date.now();
const zones = [...ZONES].sort((a, b) => Math.abs(wall(START, a).msOfDay - 12 * H) - Math.abs(wall(START, b).msOfDay - 12 * H));
export const TZ = { S001: zones[0]!, S002: zones[1]! };
/** Local midnight of today. */
const midnight = (tz: string) => START - wall(START, tz).msOfDay;
const MID = { S001: midnight(TZ.S001), S002: midnight(TZ.S002) };

export interface Ev {
  id: string;
  type: string;
  schemaVersion: 1;
  source: string;
  seq: number;
  occurredAt: string;
  storeId?: string;
  tillId?: string;
  cashierId?: string;
  receiptId?: string;
  payload: Record<string, unknown>;
}

/** The event journal of the test: seqs per source, in order; `skip` leaves a gap. */
function journal() {
  const seqs = new Map<string, number>();
  const all: Ev[] = [];
  let n = 0;
  const ev = (source: string, type: string, at: number, payload: Record<string, unknown>, env: Partial<Ev> = {}, skip = 0): Ev => {
    const seq = (seqs.get(source) ?? 0) + 1 + skip;
    seqs.set(source, seq);
    const e: Ev = { id: `sa-${++n}`, type, schemaVersion: 1, source, seq, occurredAt: new Date(at).toISOString(), ...env, payload };
    all.push(e);
    return e;
  };
  /** A till of a store: its events carry storeId, tillId and the cashier; a sale is a whole receipt. */
  const till = (storeId: string, tillId: string) => {
    let receipts = 0;
    const t = {
      ev: (type: string, at: number, cashierId: string | undefined, payload: Record<string, unknown> = {}, receiptId?: string, skip = 0) =>
        ev(tillId, type, at, payload, { storeId, tillId, ...(cashierId ? { cashierId } : {}), ...(receiptId ? { receiptId } : {}) }, skip),
      login: (c: string, at: number) => t.ev('pos.cashier.login', at, c, { method: 'badge' }),
      logout: (c: string, at: number) => t.ev('pos.cashier.logout', at, c, { reason: 'shift_end' }),
      open: (c: string, at: number, shiftId: string) => t.ev('pos.shift.opened', at, c, { shiftId, openingFloat: 15_000 }),
      close: (c: string, at: number, shiftId: string) => t.ev('pos.shift.closed', at, c, { shiftId, receipts: 0, takings: 0 }),
      /** opened, one line, paid, closed (the last at `at`): returns the receipt id. */
      sale: (c: string, at: number, total: number, items: number) => {
        const r = `${tillId}-${String(++receipts).padStart(6, '0')}`;
        t.ev('pos.receipt.opened', at - 3000, c, {}, r);
        t.ev('pos.item.added', at - 2000, c, { lineId: 1, sku: 'SKU-1', qty: items, unitPrice: total / items, entry: 'scanned' }, r);
        t.ev('pos.payment.captured', at - 1000, c, { method: 'card', amount: total }, r);
        t.ev('pos.receipt.closed', at, c, { total, items, lines: 1 }, r);
        return r;
      },
      voidOpen: (c: string, at: number) => {
        const r = `${tillId}-${String(++receipts).padStart(6, '0')}`;
        t.ev('pos.receipt.opened', at - 2000, c, {}, r);
        t.ev('pos.item.added', at - 1000, c, { lineId: 1, sku: 'SKU-1', qty: 1, unitPrice: 999, entry: 'scanned' }, r);
        t.ev('pos.receipt.voided', at, c, { reason: 'customer left' }, r);
      },
      postVoid: (c: string, at: number, receiptId: string, total: number, items: number) => t.ev('pos.receipt.postvoided', at, c, { total, items, reason: 'wrong items' }, receiptId),
      refund: (c: string, at: number, amount: number) => {
        const r = `${tillId}-R${String(++receipts).padStart(5, '0')}`;
        return t.ev('pos.refund.issued', at, c, { amount, withReceipt: false, method: 'cash', lines: [{ sku: 'SKU-1', qty: 1 }] }, r);
      },
    };
    return t;
  };
  return { ev, till, all };
}

export const J = journal();
export const m1 = MID.S001;
export const m2 = MID.S002;
export const masterData = [
  J.ev('HQ', 'store.upserted', START - 2 * 86_400_000, { storeId: 'S001', name: 'Centro', region: 'north', timezone: TZ.S001, currency: 'EUR', tills: ['S001-T01', 'S001-T02', 'S001-T03'] }),
  J.ev('HQ', 'store.upserted', START - 2 * 86_400_000, { storeId: 'S002', name: 'Puerto', region: 'south', timezone: TZ.S002, currency: 'EUR', tills: ['S002-T01'] }),
];
export const t1 = J.till('S001', 'S001-T01');
const t2 = J.till('S001', 'S001-T02');
const sco = J.till('S001', 'S001-SCO');
const u1 = J.till('S002', 'S002-T01');
// S001-T02, yesterday evening: C9's whole shift (not today's).
t2.login('C9', m1 - 3 * H);
t2.open('C9', m1 - 3 * H + 10_000, 'T02-Y');
t2.sale('C9', m1 - 2 * H, 5_000, 5);
t2.close('C9', m1 - H, 'T02-Y');
t2.logout('C9', m1 - H + 5 * M);
// S001-T01: C1 signs in and opens a shift before midnight, and is still on it.
t1.login('C1', m1 - 30 * M);
t1.open('C1', m1 - 29 * M, 'T01-A');
t1.sale('C1', m1 + 1 * H, 1_000, 2);
const r2 = t1.sale('C1', m1 + 2 * H, 2_500, 5);
t1.postVoid('C1', m1 + 3 * H, r2, 2_500, 5);
t1.refund('C1', m1 + 4 * H, 300);
t1.sale('C1', m1 + 5 * H, 700, 1);
export const r3closed = J.all.at(-1)!;
// S001-T02 today: C2's morning shift, with a cancelled receipt; then C3 (a second cashier), still on.
t2.login('C2', m1 + 2 * H);
t2.open('C2', m1 + 2 * H + 10_000, 'T02-A');
t2.sale('C2', m1 + 2.5 * H, 1_200, 4);
t2.voidOpen('C2', m1 + 3 * H);
t2.close('C2', m1 + 4 * H, 'T02-A');
t2.ev('pos.report.z', m1 + 4 * H + 2 * M, 'C2', { expectedCash: 15_000, countedCash: 15_000 });
t2.logout('C2', m1 + 4 * H + 5 * M);
t2.login('C3', m1 + 6 * H);
t2.open('C3', m1 + 6 * H + 10_000, 'T02-B');
// A seq the till never delivers: a gap of one.
t2.sale('C3', m1 + 7 * H, 800, 2);
t2.ev('pos.refund.issued', m1 + 8 * H, 'C3', { amount: 150, withReceipt: true, originalReceiptId: 'X-1', method: 'card', lines: [{ sku: 'SKU-1', qty: 1 }] }, 'S001-T02-R00099', 1);
// A self-checkout the master data does not list: its pseudo-cashier sells without a shift.
sco.sale('S001-SCO', m1 + 5 * H, 600, 3);
// S002: C5 on shift; C1 (the same id as at S001) sells there too: S001 must not count it.
u1.login('C5', m2 + 1 * H);
u1.open('C5', m2 + 1 * H + 10_000, 'U01-A');
u1.sale('C5', m2 + 1.5 * H, 5_000, 10);
u1.sale('C1', m2 + 2 * H, 9_999, 1);
export const HISTORY_WAVE = J.all.filter((e) => e.source !== 'HQ');

/** The figures of each cashier of a store today, counted straight from the events fed (each once). */
export function expectedFigures(storeId: 'S001' | 'S002', now: number) {
  const today = wall(now, TZ[storeId]).date;
  const out = new Map<string, { receipts: number; items: number; grossSales: number; refunds: number; postVoids: number }>();
  for (const e of J.all) {
    if (e.storeId !== storeId || wall(Date.parse(e.occurredAt), TZ[storeId]).date !== today || !e.cashierId) continue;
    const f = out.get(e.cashierId) ?? { receipts: 0, items: 0, grossSales: 0, refunds: 0, postVoids: 0 };
    const p = e.payload as { total: number; items: number; amount: number };
    if (e.type === 'pos.receipt.closed') Object.assign(f, { receipts: f.receipts + 1, items: f.items + p.items, grossSales: f.grossSales + p.total });
    else if (e.type === 'pos.receipt.postvoided') Object.assign(f, { receipts: f.receipts - 1, items: f.items - p.items, postVoids: f.postVoids + p.total });
    else if (e.type === 'pos.refund.issued') f.refunds += p.amount;
    else continue;
    out.set(e.cashierId, f);
  }
  return out;
}
const r2d = (x: number) => Math.round(x * 100) / 100;
/** What a cashier's row must say, given the time on duty today the test built in. */
export function expectedCashier(storeId: 'S001' | 'S002', cashierId: string, now: number, duty: { tillId: string; shiftId: string | null; start: number | null; end: number | null; dutyMs: number }): CashierActivity {
  const f = expectedFigures(storeId, now).get(cashierId) ?? { receipts: 0, items: 0, grossSales: 0, refunds: 0, postVoids: 0 };
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    cashierId,
    tillId: duty.tillId,
    shiftId: duty.shiftId,
    shiftStart: iso(duty.start),
    shiftEnd: iso(duty.end),
    ...f,
    netSales: f.grossSales - f.refunds - f.postVoids,
    minutesOnShift: r2d(duty.dutyMs / M),
    receiptsPerHour: duty.dutyMs >= M ? r2d((f.receipts * H) / duty.dutyMs) : null,
    itemsPerMinute: duty.dutyMs >= M ? r2d((f.items * M) / duty.dutyMs) : null,
  };
}
