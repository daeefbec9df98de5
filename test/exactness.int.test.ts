import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import kafkajs from 'kafkajs';
import { Redis } from 'ioredis';
import { io as connectSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../lib/ports';
import { startOfLocalDay, addDays } from '../lib/time/local-time';
import { evictDeadMembers } from './evict-dead-members';
import { startPrivateKafka } from './private-kafka';
import { ROOT, startTillstream, waitForHealth, type TillstreamProcess } from './tillstream-process';
import { eventually as poll } from './eventually';

/** This file's polls: test/eventually.ts, waiting up to 150_000 ms unless told, a read that throws counting as not yet. */
const eventually = <T>(what: string, read: () => Promise<T> | T, ok: (v: T) => boolean, timeoutMs = 150_000) => poll(what, read, ok, { timeoutMs, retryErrors: true });

/**
 * Issue 5, "exactness": a simulated day through the real pipeline (the simulator's tills
 * and producers → Kafka → validator → aggregator and sink, each its own process), with 1 %
 * duplicate sends, malformed events, one store offline for an hour that flushes late, and
 * each worker killed with SIGKILL after the writes of a batch and before its commit, then
 * restarted. Every KPI of the truth file must equal the API's answer, from Redis and from
 * ClickHouse alike; the DLQ must hold exactly the malformed events; the offline store's
 * gaps must close.
 */
type Bucket = { gross: number; net: number; receipts: number; items: number; refunds: number; postVoids: number };
type Truth = {
  malformed: { json: string }[];
  duplicates: number;
  stores: Record<string, { timezone: string; days: Record<string, Bucket>; minutes: Record<string, Bucket> }>;
  webShop: Record<string, { timezone: string; days: Record<string, number> }>;
  stock: Record<string, Record<string, { onHand: number; reserved: number }>>;
};
type Kpis = { netSales: number; grossSales: number; refunds: number; postVoids: number; receipts: number; items: number };

const { Kafka, logLevel } = kafkajs;
const DAY = 86_400_000;
const START = Math.floor(Date.now() / DAY) * DAY - DAY;
const OFFLINE = { store: 'S002', from: START + 10 * 3_600_000, to: START + 11 * 3_600_000 };

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', LOG_LEVEL: 'warn', ...env } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => resolve({ code, out }));
  });
}

/**
 * Starts a role process that must kill itself at its fault point, waits for the SIGKILL, and starts it again without the fault.
 * The dead process's members of `groups` are sent out of their groups first (test/evict-dead-members.ts): the restart
 * joins at once instead of after the 30 s session timeout, and resumes from the same committed offsets.
 */
async function crashThenRestart(env: Record<string, string>, fault: string, groups: string[], started: TillstreamProcess[], healthy?: (p: TillstreamProcess) => Promise<unknown>) {
  const first = startTillstream({ ...env, FAULT_KILL_AFTER_WRITES: fault });
  started.push(first);
  const signal = await new Promise<NodeJS.Signals | null>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${fault}: the process did not kill itself within 150 s:\n${first.output()}`)), 150_000);
    first.child.once('exit', (_code, s) => {
      clearTimeout(timer);
      resolve(s);
    });
  });
  await evictDeadMembers(env.KAFKA_BROKERS!.split(','), groups);
  const again = startTillstream(env);
  started.push(again);
  if (healthy) await healthy(again);
  return { signal, process: again, firstOutput: first.output() };
}

const pick = (k: Kpis) => ({ gross: k.grossSales, net: k.netSales, receipts: k.receipts, items: k.items, refunds: k.refunds, postVoids: k.postVoids });

describe('the pipeline is exact: a simulated day with faults and crashes, read back through the API', () => {
  const dir = fs.mkdtempSync(path.join(inject('testDataDir'), 'exactness-'));
  const redisUrl = `${inject('redisUrl')}/3`;
  let kafka: Awaited<ReturnType<typeof startPrivateKafka>>;
  let truth: Truth;
  let web: TillstreamProcess;
  /** Every process started, for afterAll whatever happened. */
  const started: TillstreamProcess[] = [];
  const signals: Record<string, NodeJS.Signals | null> = {};
  let cookie = '';

  const api = async <T>(pathAndQuery: string): Promise<T> => {
    const res = await fetch(`${web.url}${pathAndQuery}`, { headers: { cookie } });
    if (res.status !== 200) throw new Error(`${pathAndQuery}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const kpis = (q: string) => api<{ kpis: Kpis; source: string }>(`/api/v1/kpis?${q}`);

  beforeAll(async () => {
    const redis = new Redis(redisUrl);
    await redis.flushdb();
    redis.disconnect();
    kafka = await startPrivateKafka(path.join(dir, 'kafka'));
    const env = { KAFKA_BROKERS: kafka.brokers.join(','), REDIS_URL: redisUrl, LOG_LEVEL: 'warn' };

    // 1. The day, into Kafka through the simulator's journals and idempotent producers.
    const truthFile = path.join(dir, 'truth.json');
    const offline = `${OFFLINE.store}@${new Date(OFFLINE.from).toISOString().slice(0, 19)}Z+1h`;
    const phase = (what: string) => process.stderr.write(`${new Date().toISOString()} exactness: ${what}\n`);
    phase('simulating');
    const sim = await run(
      ['simulator/cli.ts', '--seed', '5', '--stores', '3', '--tills', '4', '--skus', '300', '--start', new Date(START).toISOString(), '--duration', '1d', '--accel', 'max', '--duplicates', '0.01', '--malformed', '0.002', '--offline', offline, '--truth', truthFile],
      { ...env, DATA_DIR: path.join(dir, 'sim') },
    );
    expect(sim.code, sim.out).toBe(0);
    truth = JSON.parse(fs.readFileSync(truthFile, 'utf8')) as Truth;

    phase('simulated; starting the workers');
    // 2. Each worker in its own process, each killed once after its writes and before its commit.
    const port = String(await freePort());
    const [v, a, i, w] = await Promise.all([
      crashThenRestart({ ...env, ROLES: 'validator', DATA_DIR: path.join(dir, 'validator') }, 'validator:3', ['tillstream-validator'], started),
      crashThenRestart({ ...env, ROLES: 'aggregator', DATA_DIR: path.join(dir, 'aggregator') }, 'aggregator:4', ['tillstream-aggregator'], started),
      crashThenRestart({ ...env, ROLES: 'inventory', DATA_DIR: path.join(dir, 'inventory') }, 'inventory:5', ['tillstream-inventory'], started),
      crashThenRestart({ ...env, ROLES: 'web,sink', DATA_DIR: path.join(dir, 'web'), PORT: port }, 'sink:2', ['tillstream-sink'], started, (p) => waitForHealth(p, 200, 150_000)),
    ]);
    phase('workers crashed and restarted');
    Object.assign(signals, { validator: v.signal, aggregator: a.signal, inventory: i.signal, sink: w.signal });
    web = w.process;

    const signIn = await fetch(`${web.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: web.url },
      body: JSON.stringify({ username: 'admin', password: 'tillstream-demo' }),
    });
    expect(signIn.status, await signIn.clone().text()).toBe(200);
    cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;

    // 3. Until everything is through: the chain's total from Redis and from ClickHouse.
    const wantNet = Object.values(truth.stores).reduce((n, s) => n + Object.values(s.days).reduce((a2, b) => a2 + b.net, 0), 0);
    const wantWeb = Object.values(truth.webShop).reduce((n, s) => n + Object.values(s.days).reduce((a2, b) => a2 + b, 0), 0);
    const range = `from=${new Date(START - DAY).toISOString()}&to=${new Date(START + 2 * DAY).toISOString()}`;
    for (const source of ['live', 'history']) {
      phase(`waiting for ${source}`);
      await eventually(`chain net sales from ${source}`, () => kpis(`${range}&source=${source}`), (r) => r.kpis.netSales === wantNet + wantWeb);
    }
  }, 600_000);

  afterAll(async () => {
    for (const p of started) {
      if (p.child.exitCode === null && p.child.signalCode === null) {
        p.child.kill('SIGTERM');
        await p.exited;
      }
    }
    await kafka?.stop();
  });

  it('killed every worker once between its writes and its commit', () => {
    expect(signals).toEqual({ validator: 'SIGKILL', aggregator: 'SIGKILL', inventory: 'SIGKILL', sink: 'SIGKILL' });
    expect(truth.duplicates).toBeGreaterThan(100);
  });

  it("answers every store's every local day exactly as the truth, from Redis and from ClickHouse", async () => {
    for (const [store, st] of Object.entries(truth.stores)) {
      for (const [day, want] of Object.entries(st.days)) {
        const q = `storeId=${store}&channel=stores&from=${new Date(startOfLocalDay(day, st.timezone)).toISOString()}&to=${new Date(startOfLocalDay(addDays(day, 1), st.timezone)).toISOString()}`;
        const live = await kpis(`${q}&source=live`);
        const history = await kpis(`${q}&source=history`);
        expect({ store, day, live: pick(live.kpis), history: pick(history.kpis) }).toEqual({ store, day, live: want, history: want });
      }
    }
  });

  it('answers the web shop per fulfilling store and for the chain exactly as the truth', async () => {
    for (const [loc, w] of Object.entries(truth.webShop)) {
      if (!truth.stores[loc]) continue;
      for (const [day, want] of Object.entries(w.days)) {
        const q = `storeId=${loc}&channel=web&from=${new Date(startOfLocalDay(day, w.timezone)).toISOString()}&to=${new Date(startOfLocalDay(addDays(day, 1), w.timezone)).toISOString()}`;
        expect([loc, day, (await kpis(`${q}&source=live`)).kpis.netSales, (await kpis(`${q}&source=history`)).kpis.netSales]).toEqual([loc, day, want, want]);
      }
    }
    const all = Object.values(truth.webShop).reduce((n, s) => n + Object.values(s.days).reduce((a, b) => a + b, 0), 0);
    const range = `from=${new Date(START - DAY).toISOString()}&to=${new Date(START + 2 * DAY).toISOString()}`;
    expect((await kpis(`${range}&channel=web&source=live`)).kpis.netSales).toBe(all);
    expect((await kpis(`${range}&channel=web&source=history`)).kpis.netSales).toBe(all);
  });

  it('holds stock per SKU × location exactly as the truth, from the inventory API', async () => {
    /** Every SKU of a location with its on hand and reserved, through the API's pages. */
    const stockOf = async (loc: string) => {
      const out: Record<string, { onHand: number; reserved: number }> = {};
      let cursor: string | null = null;
      do {
        const page: { items: { sku: string; onHand: number; reserved: number }[]; nextCursor: string | null } = await api(
          `/api/v1/inventory/locations/${loc}?sort=sku&limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        for (const it of page.items) if (it.onHand !== 0 || it.reserved !== 0) out[it.sku] = { onHand: it.onHand, reserved: it.reserved };
        cursor = page.nextCursor;
      } while (cursor);
      return out;
    };
    const want = Object.fromEntries(Object.entries(truth.stock).map(([loc, skus]) => [loc, Object.fromEntries(Object.entries(skus).filter(([, x]) => x.onHand !== 0 || x.reserved !== 0))]));
    expect(Object.keys(want).length).toBeGreaterThan(3);
    // The inventory worker has its own consumer group: wait until it has caught up too.
    await eventually('stock from the API', async () => Object.fromEntries(await Promise.all(Object.keys(want).map(async (loc) => [loc, await stockOf(loc)]))), (got) => JSON.stringify(got) === JSON.stringify(want), 120_000).catch(() => undefined);
    for (const loc of Object.keys(want)) expect(await stockOf(loc), loc).toEqual(want[loc]);
  });

  it("lands the offline store's late events in the minutes they occurred", async () => {
    const st = truth.stores[OFFLINE.store]!;
    const q = `storeId=${OFFLINE.store}&channel=stores&from=${new Date(OFFLINE.from - 600_000).toISOString()}&to=${new Date(OFFLINE.to + 600_000).toISOString()}`;
    for (const source of ['live', 'history']) {
      const series = await api<{ points: { minute: string; netSales: number; receipts: number }[] }>(`/api/v1/sales/per-minute?${q}&source=${source}`);
      expect(series.points).toHaveLength(80);
      const want = series.points.map((p) => {
        const b = st.minutes[`${p.minute.slice(0, 16)}Z`];
        return { minute: p.minute, netSales: b?.net ?? 0, receipts: b?.receipts ?? 0 };
      });
      expect(want.filter((p) => p.receipts > 0).length).toBeGreaterThan(10);
      expect(series.points.map((p) => ({ minute: p.minute, netSales: p.netSales, receipts: p.receipts }))).toEqual(want);
    }
  });

  it("shows the offline store's tills caught up, with no gap left", async () => {
    const { stores } = await api<{ stores: { storeId: string; missing: number; lastEventAt: string; sources: { source: string; missing: number; maxSeq: number }[] }[] }>('/api/v1/stores');
    const s = stores.find((x) => x.storeId === OFFLINE.store)!;
    expect(s.sources.length).toBeGreaterThanOrEqual(4);
    expect(s.missing).toBe(0);
    expect(Date.parse(s.lastEventAt)).toBeGreaterThan(OFFLINE.to);
  });

  it('holds exactly the malformed events in events.dlq (each once by its origin; a replay may resend one)', async () => {
    const k = new Kafka({ clientId: 'exactness-dlq', brokers: kafka.brokers, logLevel: logLevel.NOTHING });
    // The pipeline is through: read the topic up to its end offsets of now (everything it holds).
    const admin = k.admin();
    await admin.connect();
    const ends = new Map((await admin.fetchTopicOffsets('events.dlq')).filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => [p.partition, BigInt(p.high)]));
    await admin.disconnect();
    const consumer = k.consumer({ groupId: `exactness-dlq-${Date.now()}` });
    await consumer.connect();
    await consumer.subscribe({ topic: 'events.dlq', fromBeginning: true });
    const byOrigin = new Map<string, string>();
    const readUpTo = new Map<number, bigint>();
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const h = (n: string) => String(message.headers?.[n] ?? '');
        byOrigin.set(`${h('tillstream-source-topic')}/${h('tillstream-source-partition')}/${h('tillstream-source-offset')}`, message.value!.toString());
        readUpTo.set(partition, BigInt(message.offset) + 1n);
      },
    });
    await eventually('the DLQ read to its end', async () => [...ends].every(([p, high]) => (readUpTo.get(p) ?? 0n) >= high), (done) => done && byOrigin.size >= truth.malformed.length, 60_000).catch(() => undefined);
    await consumer.disconnect();
    expect(truth.malformed.length).toBeGreaterThan(50);
    expect([...byOrigin.values()].sort()).toEqual(truth.malformed.map((m) => m.json).sort());
  });

  it('pushes a live delta to a socket in the store’s room within a second of a new sale', async () => {
    const socket = connectSocket(`${web.url}/live`, { transports: ['websocket'], extraHeaders: { cookie, origin: web.url } });
    const deltas: { room: string; publishedAt: number; sources: { source: string; maxSeq: number }[]; today: { gross: number } }[] = [];
    socket.on('live:delta', (d: (typeof deltas)[number]) => deltas.push(d));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const ack = await socket.timeout(5000).emitWithAck('join', 'store:S001');
    expect(ack).toEqual({ ok: true });
    const producer = new Kafka({ clientId: 'exactness-live', brokers: kafka.brokers, logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    const at = new Date().toISOString();
    const base = { schemaVersion: 1, source: 'S001-LIVE', occurredAt: at, storeId: 'S001', tillId: 'S001-LIVE', cashierId: 'C-LIVE', receiptId: 'S001-LIVE-1' };
    const events = [
      { ...base, id: 'live-1', seq: 1, type: 'pos.receipt.opened', payload: {} },
      { ...base, id: 'live-2', seq: 2, type: 'pos.item.added', payload: { lineId: 1, sku: 'SKU100001', qty: 2, unitPrice: 350, entry: 'scanned' } },
      { ...base, id: 'live-3', seq: 3, type: 'pos.payment.captured', payload: { method: 'card', amount: 700 } },
      { ...base, id: 'live-4', seq: 4, type: 'pos.receipt.closed', payload: { total: 700, items: 2, lines: 1 } },
    ];
    const sentAt = Date.now();
    await producer.send({ topic: 'pos.events', acks: -1, messages: events.map((e) => ({ key: e.source, value: JSON.stringify(e) })) });
    await producer.disconnect();
    const delta = await eventually(
      'a delta naming S001-LIVE at seq 4',
      async () => deltas.find((d) => d.sources.some((x) => x.source === 'S001-LIVE' && x.maxSeq === 4)),
      (d) => d !== undefined,
      15_000,
    );
    socket.close();
    expect(delta!.room).toBe('store:S001');
    expect(delta!.publishedAt - sentAt).toBeLessThan(1000);
  });

  it("moves stock as the wire contract says for an outside producer's warehouse and till events", async () => {
    // Written by hand from the design's wire contract, for a SKU the simulator never sells.
    const sku = 'OUTSIDE-SKU-1';
    const at = (m: number) => new Date(Date.now() - 60 * 60_000 + m * 60_000).toISOString();
    const wh = (seq: number, type: string, payload: object) => ({ id: `op-wh-${seq}`, type, schemaVersion: 1, source: 'OUTSIDE-WMS', seq, occurredAt: at(seq), storeId: 'S001', payload });
    const till = { schemaVersion: 1, source: 'S001-OUT', storeId: 'S001', tillId: 'S001-OUT', cashierId: 'C-OUT' };
    const pos = (seq: number, type: string, receiptId: string, payload: object) => ({ ...till, id: `op-pos-${seq}`, type, seq, occurredAt: at(10 + seq), receiptId, payload });
    const warehouse = [
      wh(1, 'stock.counted', { locationId: 'S001', sku, counted: 20 }),
      wh(2, 'stock.received', { locationId: 'S001', sku, qty: 5 }),
      wh(3, 'stock.transferred', { fromLocationId: 'S001', toLocationId: 'S002', sku, qty: 3 }),
      wh(4, 'stock.adjusted', { locationId: 'S001', sku, delta: -1, reason: 'damaged' }),
    ];
    const sales = [
      pos(1, 'pos.receipt.opened', 'S001-OUT-1', {}),
      pos(2, 'pos.item.added', 'S001-OUT-1', { lineId: 1, sku, qty: 2, unitPrice: 400, entry: 'scanned' }),
      pos(3, 'pos.item.added', 'S001-OUT-1', { lineId: 2, sku, qty: 4, unitPrice: 400, entry: 'scanned' }),
      pos(4, 'pos.item.voided', 'S001-OUT-1', { lineId: 2 }),
      pos(5, 'pos.payment.captured', 'S001-OUT-1', { method: 'cash', amount: 800 }),
      pos(6, 'pos.receipt.closed', 'S001-OUT-1', { total: 800, items: 2, lines: 1 }),
      pos(7, 'pos.refund.issued', 'S001-OUT-2', { amount: 400, withReceipt: true, originalReceiptId: 'S001-OUT-1', method: 'cash', lines: [{ sku, qty: 1 }] }),
    ];
    const producer = new Kafka({ clientId: 'exactness-outside', brokers: kafka.brokers, logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    await producer.send({ topic: 'warehouse.events', acks: -1, messages: warehouse.map((e) => ({ key: `S001:${sku}`, value: JSON.stringify(e) })) });
    await producer.send({ topic: 'pos.events', acks: -1, messages: sales.map((e) => ({ key: 'S001:S001-OUT', value: JSON.stringify(e) })) });
    await producer.disconnect();
    // S001: counted 20, +5 received, −3 transferred out, −1 damaged, −2 sold (the voided line never left), +1 refunded.
    type Across = { locations: { locationId: string; onHand: number }[] };
    const across = await eventually(
      `${sku} across locations`,
      () => api<Across>(`/api/v1/inventory/skus/${sku}`),
      (r) => r.locations.find((l) => l.locationId === 'S001')?.onHand === 20 && r.locations.find((l) => l.locationId === 'S002')?.onHand === 3,
      60_000,
    );
    expect(Object.fromEntries(across.locations.filter((l) => l.onHand !== 0).map((l) => [l.locationId, l.onHand]))).toEqual({ S001: 20, S002: 3 });
  });
});

