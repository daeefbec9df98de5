import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReplenishmentOrder } from '../../lib/inventory/stock-alerts';
import { OrderLog } from './order-log';
import type { ReplenishmentFeed } from './replenishment-feed';

const dirs: string[] = [];
const logFile = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'order-log-'));
  dirs.push(dir);
  return path.join(dir, 'orders.ndjson');
};
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const order = (id: string): ReplenishmentOrder => ({
  id,
  locationId: 'S001',
  sku: 'SKU100001',
  qty: 3,
  targetLevel: 9,
  evidence: { onHand: 1, reserved: 0, available: 1, incoming: 0, reorderPoint: 4 },
  alertId: `alert-${id}`,
  state: 'open',
  createdAt: 0,
});

/** What Kafka has delivered and the simulation has not taken yet. */
const arrivals = (...orders: ReplenishmentOrder[]): ReplenishmentFeed & { push: (o: ReplenishmentOrder) => void } => ({
  push: (o) => orders.push(o),
  poll: () => orders.splice(0),
});
const ids = (orders: ReplenishmentOrder[]) => orders.map((o) => o.id);

describe('the order log', () => {
  it('replays a stopped run’s orders at the same event times, and takes new ones only past where it had got to', () => {
    const file = logFile();
    const kafka = arrivals(order('a'));
    const first = new OrderLog(file, kafka, 0);
    expect(ids(first.poll(100))).toEqual(['a']);
    expect(ids(first.poll(160))).toEqual([]);
    kafka.push(order('b'));
    kafka.push(order('c'));
    expect(ids(first.poll(220))).toEqual(['b', 'c']);
    first.close();

    // Restarted when the run had reached 400; 'd' arrived meanwhile, 'b' is read again (at least once).
    const again = arrivals(order('b'), order('d'));
    const second = new OrderLog(file, again, 400);
    expect(ids(second.poll(40))).toEqual([]);
    expect(ids(second.poll(100))).toEqual(['a']);
    expect(ids(second.poll(220))).toEqual(['b', 'c']);
    expect(ids(second.poll(400))).toEqual([]);
    expect(ids(second.poll(460))).toEqual(['b', 'd']);
    second.close();
    expect(fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { at: number }).at)).toEqual([100, 220, 220, 460, 460]);
  });

  it('cuts off a line torn by a crash: that order was never used', () => {
    const file = logFile();
    const log = new OrderLog(file, arrivals(order('a')), 0);
    log.poll(100);
    log.close();
    fs.appendFileSync(file, '{"at":160,"order":{"id":"b"');
    const reopened = new OrderLog(file, arrivals(order('c')), 0);
    expect(ids(reopened.poll(100))).toEqual(['a']);
    expect(ids(reopened.poll(160))).toEqual(['c']);
    reopened.close();
    expect(fs.readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2);
  });
});
