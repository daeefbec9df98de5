import { describe, expect, it } from 'vitest';
import type { SourceState, StoreInfo } from '../../lib/kpis/store-answers';
import { storeActivitySchema } from './activity-answers';
import type { ActivityHistory } from './activity-history';
import type { FigureRow, SessionRow, SessionType } from './activity-queries';
import { buildStoreActivity } from './store-activity';

const store: StoreInfo = { storeId: 'S001', name: 'Centro', region: 'north', timezone: 'Europe/Madrid', currency: 'EUR', tills: ['S001-T01', 'S001-T02', 'S001-T03'] };
// 2026-11-21 12:00 in Madrid (UTC+1): the local day began at 2026-11-20T23:00Z.
const NOW = Date.parse('2026-11-21T11:00:00Z');
const MIDNIGHT = Date.parse('2026-11-20T23:00:00Z');
const DAY = { day: '2026-11-21', from: MIDNIGHT, to: NOW + 60_000 };
const at = (hhmm: string, day = '2026-11-21') => Date.parse(`${day}T${hhmm}:00Z`);
const iso = (ms: number) => new Date(ms).toISOString();

let seq = 0;
const s = (tillId: string, type: SessionType, cashierId: string, ms: number, shiftId = ''): SessionRow => ({ tillId, cashierId, type, ms, source: tillId, seq: ++seq, shiftId });
const fig = (cashierId: string, f: Partial<FigureRow>): FigureRow => ({
  cashierId,
  closed: 0,
  postVoided: 0,
  refundCount: 0,
  closedItems: 0,
  postVoidedItems: 0,
  gross: 0,
  refunds: 0,
  postVoids: 0,
  tills: [],
  ...f,
});
const src = (source: string, f: Partial<SourceState>): SourceState => ({ source, maxSeq: 10, lastEventAt: null, lastArrivalAt: null, lagMs: null, missing: 0, gaps: [], ...f });

const history: ActivityHistory = {
  sessions: [
    // C1: signed in at T01 since before midnight, shift open since 22:30Z yesterday.
    s('S001-T01', 'pos.cashier.login', 'C1', at('22:29', '2026-11-20')),
    s('S001-T01', 'pos.shift.opened', 'C1', at('22:30', '2026-11-20'), 'SH1'),
    // C2: a morning shift at T02, closed, then signed out.
    s('S001-T02', 'pos.cashier.login', 'C2', at('07:00')),
    s('S001-T02', 'pos.shift.opened', 'C2', at('07:01'), 'SH2'),
    s('S001-T02', 'pos.shift.closed', 'C2', at('09:01'), 'SH2'),
    s('S001-T02', 'pos.cashier.logout', 'C2', at('09:05')),
    // C3: signed in at T02 afterwards, no shift.
    s('S001-T02', 'pos.cashier.login', 'C3', at('10:00')),
    // C4: a shift yesterday only: not today's.
    s('S001-T03', 'pos.shift.opened', 'C4', at('08:00', '2026-11-20'), 'SH4'),
    s('S001-T03', 'pos.shift.closed', 'C4', at('16:00', '2026-11-20'), 'SH4'),
  ],
  sessionsTruncated: false,
  lastEvents: [
    { tillId: 'S001-T01', type: 'pos.receipt.closed', ms: at('10:58'), sources: ['S001-T01'] },
    { tillId: 'S001-T02', type: 'pos.item.added', ms: at('10:59'), sources: ['S001-T02'] },
    { tillId: 'S001-T03', type: 'pos.shift.closed', ms: at('16:00', '2026-11-20'), sources: ['S001-T03'] },
    { tillId: 'S001-SCO', type: 'pos.receipt.closed', ms: at('10:30'), sources: ['S001-SCO', 'S001-REST'] },
  ],
  figures: [
    fig('C1', { closed: 30, postVoided: 1, refundCount: 2, closedItems: 95, postVoidedItems: 4, gross: 60_000, refunds: 1_500, postVoids: 2_000, tills: ['S001-T01'] }),
    fig('C2', { closed: 12, closedItems: 40, gross: 25_000, tills: ['S001-T02'] }),
    fig('S001-SCO', { closed: 5, closedItems: 9, gross: 3_000, tills: ['S001-SCO'] }),
  ],
  asOf: NOW - 2_000,
};
const sources = [
  src('S001-T01', { lastEventAt: iso(at('10:58')), lastArrivalAt: iso(at('10:58') + 500), lagMs: 500, missing: 2, gaps: [{ first: 4, last: 5 }] }),
  src('S001-T02', { lastEventAt: iso(at('10:59')), lastArrivalAt: iso(NOW - 10_000), lagMs: 50_000 }),
  src('S001-T03', { lastEventAt: iso(at('16:00', '2026-11-20')), lastArrivalAt: iso(at('16:00', '2026-11-20')), lagMs: 0 }),
  src('S001-REST', { lastEventAt: iso(at('10:30')), lastArrivalAt: iso(at('10:59')), lagMs: 29 * 60_000 }),
  src('WMS', { lastEventAt: iso(at('10:59')), lastArrivalAt: iso(at('10:59')), lagMs: 0 }),
];

describe('buildStoreActivity', () => {
  const a = buildStoreActivity({ store, now: NOW, day: DAY, sources, history });

  it('is what the OpenAPI schema says', () => {
    expect(storeActivitySchema.safeParse(a).success).toBe(true);
    expect(a).toMatchObject({ storeId: 'S001', day: '2026-11-21', from: iso(MIDNIGHT), to: iso(NOW + 60_000), asOf: iso(NOW - 2_000), generatedAt: iso(NOW) });
  });

  it('lists the master data’s tills in order, then other tills of history, each with its status by the store rules', () => {
    expect(a.tills.map((t) => [t.tillId, t.inMasterData, t.status])).toEqual([
      ['S001-T01', true, 'online'],
      ['S001-T02', true, 'lagging'],
      ['S001-T03', true, 'offline'],
      ['S001-SCO', false, 'lagging'],
    ]);
    const [t1, t2, t3, sco] = a.tills;
    expect(t1).toMatchObject({ lastEventAt: iso(at('10:58')), lagMs: 500, missing: 2, lastEventType: 'pos.receipt.closed', lastEventTypeAt: iso(at('10:58')) });
    expect(t1!.sources.map((x) => x.source)).toEqual(['S001-T01']);
    expect(t1).toMatchObject({ cashierId: 'C1', signedInAt: iso(at('22:29', '2026-11-20')), shiftOpen: true, shift: { shiftId: 'SH1', cashierId: 'C1', openedAt: iso(at('22:30', '2026-11-20')) } });
    expect(t2).toMatchObject({ cashierId: 'C3', signedInAt: iso(at('10:00')), shiftOpen: false, shift: null });
    expect(t3).toMatchObject({ cashierId: null, shiftOpen: false, lastEventType: 'pos.shift.closed' });
    // The self-checkout's events came from a second producer too: its freshness counts.
    expect(sco!.sources.map((x) => x.source)).toEqual(['S001-REST']);
  });

  it('lists a till never heard from as offline with nulls', () => {
    const quiet = buildStoreActivity({ store: { ...store, tills: ['S001-T09'] }, now: NOW, day: DAY, sources: [], history: { ...history, sessions: [], lastEvents: [], figures: [] } });
    expect(quiet.tills).toEqual([
      {
        tillId: 'S001-T09',
        inMasterData: true,
        status: 'offline',
        lastEventAt: null,
        lastArrivalAt: null,
        lagMs: null,
        silentForMs: null,
        missing: 0,
        sources: [],
        lastEventType: null,
        lastEventTypeAt: null,
        cashierId: null,
        signedInAt: null,
        shiftOpen: false,
        shift: null,
      },
    ]);
    expect(quiet).toMatchObject({ onShift: [], offShift: [], asOf: iso(NOW - 2_000) });
  });

  it('has the cashiers on shift now with today’s figures and rates over their time on duty today', () => {
    expect(a.onShift).toEqual([
      {
        cashierId: 'C1',
        tillId: 'S001-T01',
        shiftId: 'SH1',
        shiftStart: iso(at('22:30', '2026-11-20')),
        shiftEnd: null,
        receipts: 29,
        items: 91,
        netSales: 60_000 - 1_500 - 2_000,
        grossSales: 60_000,
        refunds: 1_500,
        postVoids: 2_000,
        // On duty from local midnight (23:00Z) to now (11:00Z): 12 hours.
        minutesOnShift: 720,
        receiptsPerHour: 2.42,
        itemsPerMinute: 0.13,
      },
      {
        cashierId: 'C3',
        tillId: 'S001-T02',
        shiftId: null,
        shiftStart: iso(at('10:00')),
        shiftEnd: null,
        receipts: 0,
        items: 0,
        netSales: 0,
        grossSales: 0,
        refunds: 0,
        postVoids: 0,
        minutesOnShift: 60,
        receiptsPerHour: 0,
        itemsPerMinute: 0,
      },
    ]);
  });

  it('has the cashiers off shift who worked or sold today, and not yesterday’s', () => {
    expect(a.offShift.map((c) => c.cashierId)).toEqual(['C2', 'S001-SCO']);
    expect(a.offShift[0]).toMatchObject({
      tillId: 'S001-T02',
      shiftId: 'SH2',
      shiftStart: iso(at('07:01')),
      shiftEnd: iso(at('09:01')),
      receipts: 12,
      items: 40,
      netSales: 25_000,
      // Signed in 07:00, shift closed 09:01 (which ends the sign-in): 121 minutes.
      minutesOnShift: 121,
      receiptsPerHour: 5.95,
      itemsPerMinute: 0.33,
    });
    // The self-checkout's pseudo-cashier sells without a shift: no rates.
    expect(a.offShift[1]).toMatchObject({ tillId: 'S001-SCO', shiftId: null, shiftStart: null, receipts: 5, items: 9, netSales: 3_000, minutesOnShift: 0, receiptsPerHour: null, itemsPerMinute: null });
  });

  it('the cashiers’ figures add up to the store’s', () => {
    const all = [...a.onShift, ...a.offShift];
    const sum = (k: 'receipts' | 'items' | 'netSales') => all.reduce((n, c) => n + c[k], 0);
    const f = history.figures;
    expect(sum('receipts')).toBe(f.reduce((n, x) => n + x.closed - x.postVoided, 0));
    expect(sum('items')).toBe(f.reduce((n, x) => n + x.closedItems - x.postVoidedItems, 0));
    expect(sum('netSales')).toBe(f.reduce((n, x) => n + x.gross - x.refunds - x.postVoids, 0));
  });
});
