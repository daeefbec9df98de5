import { addDays, localDay, startOfLocalDay } from '../../../lib/time/local-time';
import { scoCashierId, type Cashier, type Store, type Till } from '../../chain/build-chain';
import { arrivalsPerMinute, shiftsOf } from '../../chain/store-formats';
import type { SimEvent, SimSource } from '../../core/sim-event';
import type { Rng } from '../../random/rng';
import type { World } from '../../world/world';
import { behaviourOf } from './behaviour';
import { refund } from './refund';
import { sale } from './sale';
import { TillContext } from './till-context';

const OPENING_FLOAT = 15_000;
const SAFE_DROP_ABOVE = 60_000;
/** A customer who would wait longer than this gives up and leaves. */
const MAX_QUEUE_MS = 8 * 60_000;

/** One till's timeline, day after day from `from`: shifts of cashiers serving customers. */
export function tillSource(world: World, store: Store, till: Till, rng: Rng, from: number): SimSource {
  const c = new TillContext(world, store, till, rng);
  return { id: till.id, storeId: store.id, events: days(c, from) };
}

function* days(c: TillContext, from: number): Generator<SimEvent, void> {
  let day = localDay(from, c.store.timezone);
  for (;;) {
    yield* tillDay(c, day, from);
    day = addDays(day, 1);
  }
}

function* tillDay(c: TillContext, day: string, from: number): Generator<SimEvent> {
  const { store, till, rng } = c;
  const tz = store.timezone;
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  const shifts = shiftsOf(store.format, day, tz);
  if (shifts.length === 0) return;
  const open = shifts[0]!.start;
  const close = shifts.at(-1)!.end;
  if (close <= from) return;
  // Software updates install before opening, about once a week per till.
  if (rng.chance(1 / 7) && open - 10 * 60_000 >= from && open > c.now) {
    c.now = open - 10 * 60_000;
    yield c.ev('pos.till.rebooted', { reason: 'update', uptimeSeconds: uptime(c) }, { cashier: false });
    c.bootedAt = c.now;
  }
  const dayStart = startOfLocalDay(day, tz);
  if (till.selfCheckout) {
    c.cashierId = scoCashierId(store.id);
    c.profile = undefined;
    c.behaviour = behaviourOf(undefined, false);
    c.now = Math.max(c.now, open, from);
    yield* serve(c, close, weekday, dayStart, []);
    return;
  }
  const roster = rosterFor(c.world, store, day);
  const staffedIndex = till.number - 1;
  const staffed = store.tills.filter((t) => !t.selfCheckout).length;
  for (const [j, { start, end }] of shifts.entries()) {
    if (end <= from || end <= c.now) continue;
    const cashier = roster[(j * staffed + staffedIndex) % roster.length]!;
    yield* shift(c, cashier, `${till.id}-${day.replaceAll('-', '')}-${j + 1}`, Math.max(start, from, c.now), end, weekday, dayStart);
  }
}

/** Who works which shift on a day: the same for every till of the store, so nobody is on two tills. */
function rosterFor(world: World, store: Store, day: string): Cashier[] {
  const key = `${store.id}:${day}`;
  let roster = rosters.get(world)?.get(key);
  if (!roster) {
    let byDay = rosters.get(world);
    if (!byDay) rosters.set(world, (byDay = new Map()));
    roster = world.rng(`roster:${key}`).shuffled(store.cashiers);
    byDay.set(key, roster);
    if (byDay.size > 5000) byDay.delete(byDay.keys().next().value!);
  }
  return roster;
}
const rosters = new WeakMap<World, Map<string, Cashier[]>>();

function uptime(c: TillContext): number {
  return c.bootedAt > 0 ? Math.max(0, Math.floor((c.now - c.bootedAt) / 1000)) : 86_400;
}

interface Idle {
  t: number;
  kind: 'no_sale' | 'reboot' | 'x_report';
}

function* shift(c: TillContext, cashier: Cashier, shiftId: string, from: number, to: number, weekday: number, dayStart: number): Generator<SimEvent> {
  const { rng } = c;
  c.now = from;
  c.cashierId = cashier.id;
  c.profile = cashier.dishonest;
  c.behaviour = behaviourOf(cashier.dishonest, c.till.number === 1);
  c.expectedCash = OPENING_FLOAT;
  c.skimmed = 0;
  c.shiftReceipts = 0;
  c.shiftTakings = 0;
  c.receiptId = undefined;
  yield c.ev('pos.cashier.login', { method: rng.pick(['badge', 'badge', 'pin'] as const) });
  c.wait(rng.int(5, 30));
  yield c.ev('pos.shift.opened', { shiftId, openingFloat: OPENING_FLOAT });

  const hours = (to - from) / 3_600_000;
  const idle: Idle[] = [];
  for (let t = from + rng.exp(3_600_000 / c.behaviour.noSalePerHour); t < to; t += rng.exp(3_600_000 / c.behaviour.noSalePerHour)) {
    idle.push({ t: Math.round(t), kind: 'no_sale' });
  }
  if (rng.chance(0.015 * hours)) idle.push({ t: Math.round(from + rng.next() * (to - from)), kind: 'reboot' });
  if (rng.chance(0.3)) idle.push({ t: Math.round((from + to) / 2), kind: 'x_report' });
  idle.sort((a, b) => a.t - b.t);

  yield* serve(c, to, weekday, dayStart, idle);

  c.now = Math.max(c.now, to);
  c.receiptId = undefined;
  yield c.ev('pos.shift.closed', { shiftId, receipts: c.shiftReceipts, takings: c.shiftTakings });
  c.wait(rng.int(60, 240));
  const expectedCash = c.expectedCash;
  const error = rng.chance(c.behaviour.countError) ? rng.int(-600, 300) : 0;
  const countedCash = expectedCash - c.skimmed + error;
  const short = expectedCash - countedCash;
  yield c.ev('pos.report.z', { expectedCash, countedCash }, { fx: short > 0 ? c.exception('cashShortages', short) : undefined });
  c.wait(rng.int(5, 20));
  yield c.ev('pos.cashier.logout', { reason: 'shift_end' });
}

/** Customers arriving at the till until `to` (a thinned Poisson process on the traffic curve), with idle-time events between them. */
function* serve(c: TillContext, to: number, weekday: number, dayStart: number, idle: Idle[]): Generator<SimEvent> {
  const { rng, store, till } = c;
  const staffedTills = store.tills.filter((t) => !t.selfCheckout);
  const staffedShare = staffedTills.reduce((s, t) => s + t.share, 0);
  // The envelope rate: at peak, the share of a till when only the all-day tills are open.
  const openAtLeast = Math.max(1, staffedTills.filter((t) => t.opensAtTraffic === 0).length);
  const maxShare = till.selfCheckout ? till.share : staffedShare / openAtLeast;
  const peak = arrivalsPerMinute(store.dailyReceipts, weekday, store.format.peakTraffic, maxShare);
  let t = c.now;
  for (;;) {
    t += rng.exp(60_000 / peak);
    if (t >= to) break;
    const minute = (t - dayStart) / 60_000;
    const traffic = store.format.traffic(minute);
    if (traffic < till.opensAtTraffic) continue;
    const share = till.selfCheckout ? till.share : staffedShare / staffedTills.filter((s) => s.opensAtTraffic <= traffic).length;
    if (rng.next() * peak > arrivalsPerMinute(store.dailyReceipts, weekday, traffic, share)) continue;
    const startAt = Math.max(Math.round(t), c.now);
    if (startAt - t > MAX_QUEUE_MS) continue;
    if (startAt >= to) break;
    yield* idleUntil(c, idle, startAt);
    c.now = Math.max(c.now, startAt);
    if (!till.selfCheckout && rng.chance(c.behaviour.refundShare)) yield* refund(c);
    else yield* sale(c);
    c.receiptId = undefined;
    if (!till.selfCheckout) yield* cashManagement(c);
  }
  yield* idleUntil(c, idle, to);
}

function* idleUntil(c: TillContext, idle: Idle[], until: number): Generator<SimEvent> {
  const { rng } = c;
  while (idle.length > 0 && idle[0]!.t < until) {
    const next = idle.shift()!;
    c.now = Math.max(c.now, next.t);
    c.receiptId = undefined;
    if (next.kind === 'no_sale') {
      yield c.ev('pos.drawer.opened', { reason: 'no_sale' }, { fx: c.exception('noSaleOpens') });
      if (c.behaviour.skims && rng.chance(0.7)) c.skimmed += rng.pick([500, 1000, 2000]);
      const open = rng.int(3, 20);
      c.wait(open);
      yield c.ev('pos.drawer.closed', { openSeconds: open });
    } else if (next.kind === 'reboot') {
      yield c.ev('pos.till.rebooted', { reason: rng.pick(['crash', 'power', 'manual'] as const), uptimeSeconds: uptime(c) }, { cashier: false });
      c.bootedAt = c.now;
      c.wait(rng.int(60, 180));
      yield c.ev('pos.cashier.login', { method: 'badge' });
    } else {
      yield c.ev('pos.report.x', { receipts: c.shiftReceipts, gross: c.shiftTakings, expectedCash: c.expectedCash });
    }
  }
}

/** Safe drops when the drawer holds too much cash; a top-up when it runs out of change. */
function* cashManagement(c: TillContext): Generator<SimEvent> {
  const { rng } = c;
  if (c.expectedCash > SAFE_DROP_ABOVE) {
    const amount = Math.floor((c.expectedCash - OPENING_FLOAT) / 1000) * 1000;
    c.wait(rng.int(10, 40));
    yield c.ev('pos.drawer.opened', { reason: 'cash_out' });
    c.expectedCash -= amount;
    yield c.ev('pos.cash.out', { amount, reason: 'safe drop' });
  } else if (c.expectedCash < 3000) {
    c.wait(rng.int(10, 40));
    yield c.ev('pos.drawer.opened', { reason: 'cash_in' });
    c.expectedCash += 5000;
    yield c.ev('pos.cash.in', { amount: 5000, reason: 'change top-up' });
  }
}
