import type { SourceState, StoreInfo } from '../../lib/kpis/store-answers';
import { storeStateOf } from '../../lib/kpis/store-status';
import type { ActivityHistory } from './activity-history';
import type { FigureRow } from './activity-queries';
import type { CashierActivity, StoreActivity, TillActivity } from './activity-answers';
import { coveredMs, shiftRates } from './shift-rates';
import { foldSessions, type DutySpan } from './till-sessions';

/**
 * A store's tills and cashiers (GET /api/v1/stores/{storeId}/activity), put together from
 * the live freshness of its sources (Redis, the live aggregator) and its history
 * (ClickHouse `events`). Pure: activity-service.ts reads, this decides. Definitions:
 * docs/kpis.md "Tills and cashiers on shift".
 */
export interface ActivityInput {
  store: StoreInfo;
  now: number;
  /** The store's local day: its midnight, and the end of the figures' window. */
  day: { day: string; from: number; to: number };
  /** Freshness of every source of the store (readStoreStates). */
  sources: SourceState[];
  history: ActivityHistory;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function buildStoreActivity(input: ActivityInput): StoreActivity {
  const { store, now, day, history } = input;
  const sessions = foldSessions(history.sessions);
  const lastEvents = new Map(history.lastEvents.map((r) => [r.tillId, r]));
  const live = new Map(input.sources.map((s) => [s.source, s]));

  const tillIds = [...store.tills, ...[...new Set([...lastEvents.keys(), ...sessions.tills.keys()])].filter((t) => !store.tills.includes(t)).sort(byId)];
  const tills = tillIds.map((tillId): TillActivity => {
    // A till's producer is named like the till (simulator/sources/till); another source that history shows carrying its events counts too.
    const names = new Set([tillId, ...(lastEvents.get(tillId)?.sources ?? [])]);
    const fresh = storeStateOf(store, [...names].sort(byId).flatMap((n) => live.get(n) ?? []), now);
    const last = lastEvents.get(tillId);
    const session = sessions.tills.get(tillId);
    return {
      tillId,
      inMasterData: store.tills.includes(tillId),
      status: fresh.status,
      lastEventAt: fresh.lastEventAt,
      lastArrivalAt: fresh.lastArrivalAt,
      lagMs: fresh.lagMs,
      silentForMs: fresh.silentForMs,
      missing: fresh.missing,
      sources: fresh.sources,
      lastEventType: last?.type ?? null,
      lastEventTypeAt: iso(last?.ms ?? null),
      cashierId: session?.signedIn?.cashierId ?? null,
      signedInAt: iso(session?.signedIn?.since ?? null),
      shiftOpen: Boolean(session?.shift),
      shift: session?.shift ? { shiftId: session.shift.shiftId, cashierId: session.shift.cashierId, openedAt: iso(session.shift.openedAt)! } : null,
    };
  });

  const spansOf = new Map<string, DutySpan[]>();
  for (const s of sessions.spans) {
    if (s.cashierId === '') continue;
    spansOf.set(s.cashierId, [...(spansOf.get(s.cashierId) ?? []), s]);
  }
  const figuresOf = new Map(history.figures.filter((f) => f.cashierId !== '').map((f) => [f.cashierId, f]));
  const dutyEnd = Math.min(now, day.to);
  const today = (s: DutySpan) => s.from < dutyEnd && (s.to === null || s.to > day.from);
  const latest = (spans: DutySpan[]) => spans.reduce<DutySpan | undefined>((m, s) => (!m || s.from >= m.from ? s : m), undefined);

  const onShift: CashierActivity[] = [];
  const offShift: CashierActivity[] = [];
  for (const cashierId of [...new Set([...spansOf.keys(), ...figuresOf.keys()])].sort(byId)) {
    const spans = spansOf.get(cashierId) ?? [];
    const open = spans.filter((s) => s.to === null);
    const mine = spans.filter(today);
    const f = figuresOf.get(cashierId);
    if (open.length === 0 && mine.length === 0 && !f) continue;
    // The shift that describes the cashier: an open one (else the open sign-in); off shift, today's last (else sign-in).
    const pool = open.length ? open : mine;
    const shown = latest(pool.filter((s) => s.kind === 'shift')) ?? latest(pool);
    const row = cashierRow(cashierId, shown, f, coveredMs(spans, day.from, dutyEnd));
    (open.length ? onShift : offShift).push(row);
  }
  onShift.sort((a, b) => byId(a.tillId ?? '', b.tillId ?? '') || byId(a.cashierId, b.cashierId));

  return {
    storeId: store.storeId,
    name: store.name,
    timezone: store.timezone,
    currency: store.currency,
    day: day.day,
    from: iso(day.from)!,
    to: iso(day.to)!,
    tills,
    onShift,
    offShift,
    asOf: iso(history.asOf),
    generatedAt: iso(now)!,
  };
}

function cashierRow(cashierId: string, shown: DutySpan | undefined, f: FigureRow | undefined, dutyMs: number): CashierActivity {
  const receipts = f ? f.closed - f.postVoided : 0;
  const items = f ? f.closedItems - f.postVoidedItems : 0;
  const grossSales = f?.gross ?? 0;
  const refunds = f?.refunds ?? 0;
  const postVoids = f?.postVoids ?? 0;
  return {
    cashierId,
    tillId: shown?.tillId ?? f?.tills[0] ?? null,
    shiftId: shown?.shiftId ?? null,
    shiftStart: iso(shown?.from ?? null),
    shiftEnd: iso(shown?.to ?? null),
    receipts,
    items,
    netSales: grossSales - refunds - postVoids,
    grossSales,
    refunds,
    postVoids,
    ...shiftRates(dutyMs, receipts, items),
  };
}
