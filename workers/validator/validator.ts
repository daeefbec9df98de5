import os from 'node:os';
import type { Redis } from 'ioredis';
import type { TillstreamEvent } from '../../lib/contract/catalog';
import type { Logger } from '../../lib/log';
import { redisKeys } from '../../lib/redis-keys';
import { MIRRORED_POS_EVENTS, TOPICS } from '../../lib/topics';
import { DependencyUnavailable, type BatchResult, type InputBatch, type Outcome, type OutgoingMessage, type WorkerDefinition } from '../harness/worker';
import { checkSyntax, type SyntaxResult } from './check-syntax';
import { applyReceiptRules, receiptOf, type ClosedReceipt, type OpenReceipt, type ReceiptState } from './receipt-rules';
import { queueSeenReads, queueSeenWrites, seenBitmaps, seenFlags } from './seen-bits';

const OPEN_TTL_S = 2 * 86_400;
const CLOSED_TTL_S = 35 * 86_400;
/** How long events of a store still unknown after the master data was read wait before going to the DLQ. */
const UNKNOWN_STORE_WAIT_MS = 10_000;
/** However long the master data takes, events never wait longer than this. */
const MAX_MASTER_DATA_WAIT_MS = 5 * 60_000;
/** The outcomes without a reason, shared by every message that has them (the harness only reads them). */
const OK: Outcome = { kind: 'ok' };
const DUPLICATE: Outcome = { kind: 'duplicate' };

/** The replies of a pipeline, all `expected` of them, or its first error. */
function repliesOf(res: [Error | null, unknown][] | null, expected: number): unknown[] {
  if (!res || res.length !== expected) throw new Error(`${res?.length ?? 0} replies to ${expected} commands`);
  return res.map(([err, value]) => {
    if (err) throw err;
    return value;
  });
}

/** What a batch's semantic checks need: its valid events, their receipts, the stores to wait for (master data waits for none). */
function needsOf(parsed: SyntaxResult[], masterData: boolean): { valid: TillstreamEvent[]; receiptIds: string[]; needStores: Set<string> } {
  const valid: TillstreamEvent[] = [];
  const receiptIds = new Set<string>();
  // Stores this batch defines itself (master data) are not waited for.
  const definedHere = new Set<string>();
  for (const p of parsed) {
    if (!p.ok) continue;
    valid.push(p.event);
    const id = receiptOf(p.event);
    if (id !== undefined) receiptIds.add(id);
    if (p.event.type === 'store.upserted') definedHere.add(p.event.payload.storeId);
  }
  const needStores = new Set<string>();
  for (const e of valid) if (!masterData && e.storeId && e.type !== 'store.upserted' && !definedHere.has(e.storeId)) needStores.add(e.storeId);
  return { valid, receiptIds: [...receiptIds], needStores };
}

export interface ValidatorOptions {
  redis: Redis;
  log: Logger;
  /** The clock of the future-time check (tests pin it). */
  now?: () => number;
  unknownStoreWaitMs?: number;
}

/**
 * The validator (design: data flow): every input topic → events.validated (the original
 * bytes, keyed by source) or events.dlq (the reason in headers). Syntax first (the
 * contract), then semantics: known store, the rules of a receipt, and duplicates by
 * source and seq, which are dropped here and counted. Its state (open receipts, closed
 * receipts, seen seqs, stores) is in Redis and written in one MULTI per batch, after the
 * batch's output is in Kafka and before the harness commits: a crash before the write
 * replays the batch and forwards its events again (downstream deduplicates by source and
 * seq); a crash after it finds them seen. Nothing validated is ever lost.
 *
 * Two worker definitions share that state: the event topics, and the master data in a
 * consumer group of its own, so that events of a store whose master data has not been
 * read yet can wait for it (bounded) without holding up the master data itself.
 */
export function createValidator(opts: ValidatorOptions): { events: WorkerDefinition; masterData: WorkerDefinition } {
  const { redis, log } = opts;
  const now = opts.now ?? Date.now;
  const waitLimit = opts.unknownStoreWaitMs ?? UNKNOWN_STORE_WAIT_MS;
  const stores = new Set<string>();
  const firstMiss = new Map<string, number>();
  let masterDataCaughtUp = false;

  async function loadStores(): Promise<void> {
    const all = await redis.hkeys(redisKeys.stores());
    for (const s of all) stores.add(s);
  }

  /**
   * Events of a store not in the master data yet wait until this process has read the
   * master data to its end, and then a few seconds more (bounded, once per store);
   * what is still unknown then goes to the DLQ with that reason.
   */
  async function awaitStores(needed: Set<string>): Promise<void> {
    let missing = [...needed].filter((s) => !stores.has(s));
    if (missing.length === 0) return;
    await loadStores();
    missing = missing.filter((s) => !stores.has(s));
    const started = Date.now();
    while (missing.length > 0 && Date.now() - started < MAX_MASTER_DATA_WAIT_MS) {
      // Real time, whatever clock the checks use.
      const t = Date.now();
      if (masterDataCaughtUp) for (const s of missing) if (!firstMiss.has(s)) firstMiss.set(s, t);
      const waiting = missing.filter((s) => !masterDataCaughtUp || t - firstMiss.get(s)! < waitLimit);
      if (waiting.length === 0) return;
      await new Promise((r) => setTimeout(r, 250));
      await loadStores();
      missing = waiting.filter((s) => !stores.has(s));
    }
  }

  /**
   * What the semantic checks of a batch need, in one round trip: the state of its receipts
   * and the seen bit of each valid event (in order).
   */
  async function readState(receiptIds: string[], valid: TillstreamEvent[]): Promise<{ state: ReceiptState; seen: number[] }> {
    const state: ReceiptState = { open: new Map(), closed: new Map() };
    const bitmaps = seenBitmaps(valid);
    try {
      const read = redis.pipeline();
      for (const id of receiptIds) read.get(redisKeys.validatorReceipt(id)).get(redisKeys.validatorClosed(id));
      queueSeenReads(read, bitmaps);
      const replies = repliesOf(await read.exec(), read.length);
      receiptIds.forEach((id, i) => {
        const open = replies[2 * i] as string | null;
        const closed = replies[2 * i + 1] as string | null;
        state.open.set(id, open ? (JSON.parse(open) as OpenReceipt) : null);
        state.closed.set(id, closed ? (JSON.parse(closed) as ClosedReceipt) : null);
      });
      return { state, seen: seenFlags(bitmaps, valid.length, replies.slice(2 * receiptIds.length)) };
    } catch (err) {
      throw new DependencyUnavailable('redis', err);
    }
  }

  /** `masterData`: the batch is master data, authoritative by itself (no known-store check, no wait). */
  async function handle(batch: InputBatch, masterData: boolean): Promise<BatchResult> {
    const t = now();
    const parsed = batch.messages.map((m) => checkSyntax(m.value, batch.topic, t));
    const { valid, receiptIds, needStores } = needsOf(parsed, masterData);
    try {
      await awaitStores(needStores);
    } catch (err) {
      throw new DependencyUnavailable('redis', err);
    }
    const { state, seen } = await readState(receiptIds, valid);

    const outcomes: Outcome[] = [];
    const produce: OutgoingMessage[] = [];
    const accepted: TillstreamEvent[] = [];
    const touched = new Set<string>();
    const newStores: [string, string][] = [];
    const seenNow = new Set<string>();
    let v = 0;
    batch.messages.forEach((m, i) => {
      const p = parsed[i]!;
      if (!p.ok) {
        outcomes.push({ kind: 'dlq', reason: p.reason });
        return;
      }
      const e = p.event;
      const key = `${e.source}#${e.seq}`;
      if (seen[v++] === 1 || seenNow.has(key)) {
        outcomes.push(DUPLICATE);
        return;
      }
      if (!masterData && e.storeId && e.type !== 'store.upserted' && !stores.has(e.storeId)) {
        outcomes.push({ kind: 'dlq', reason: `storeId: store ${e.storeId} is not in the master data (hq.masterdata store.upserted)` });
        return;
      }
      // A rejected event leaves the receipt as it was (applyReceiptRules changes nothing then).
      const problem = applyReceiptRules(e, state);
      if (problem) {
        outcomes.push({ kind: 'dlq', reason: problem });
        return;
      }
      const id = receiptOf(e);
      if (id) touched.add(id);
      if (e.type === 'store.upserted') {
        stores.add(e.payload.storeId);
        newStores.push([e.payload.storeId, JSON.stringify(e.payload)]);
      }
      seenNow.add(key);
      accepted.push(e);
      outcomes.push(OK);
      produce.push({ topic: TOPICS.eventsValidated.name, key: e.source, value: m.value! });
    });

    // The state goes to Redis only once the output is in Kafka (afterOutput): written first,
    // a crash in between would make the replay drop these events as already seen.
    return { outcomes, produce, afterOutput: accepted.length > 0 ? () => writeState(state, touched, accepted, newStores) : undefined };
  }

  /** A batch's state in one MULTI: the receipts it touched, the seen bits of what it accepted, new stores. */
  async function writeState(state: ReceiptState, touched: Set<string>, accepted: TillstreamEvent[], newStores: [string, string][]): Promise<void> {
    const write = redis.multi();
    for (const id of touched) {
      const open = state.open.get(id);
      if (open) write.set(redisKeys.validatorReceipt(id), JSON.stringify(open), 'EX', OPEN_TTL_S);
      else write.del(redisKeys.validatorReceipt(id));
      const closed = state.closed.get(id);
      if (closed) write.set(redisKeys.validatorClosed(id), JSON.stringify(closed), 'EX', CLOSED_TTL_S);
    }
    queueSeenWrites(write, seenBitmaps(accepted));
    for (const [id, json] of newStores) write.hset(redisKeys.stores(), id, json);
    try {
      await write.exec();
    } catch (err) {
      throw new DependencyUnavailable('redis', err);
    }
  }

  const definition = (name: string, topics: WorkerDefinition['topics'], concurrency: number, group?: string): WorkerDefinition => ({
    name,
    topics,
    concurrency,
    group,
    handle: async (batch) => {
      const isMasterData = topics.includes(TOPICS.hqMasterdata.name);
      const r = await handle(batch, isMasterData);
      if (isMasterData) {
        const last = batch.messages.at(-1);
        if (last && BigInt(last.offset) + 1n >= BigInt(batch.highWatermark)) masterDataCaughtUp = true;
      }
      if (log.isLevelEnabled('debug')) {
        const dlq = r.outcomes.filter((o) => o.kind === 'dlq').length;
        if (dlq > 0) log.debug({ topic: batch.topic, partition: batch.partition, dlq }, 'events rejected');
      }
      return r;
    },
  });
  return {
    events: definition('validator', [TOPICS.posEvents.name, MIRRORED_POS_EVENTS, TOPICS.ecomEvents.name, TOPICS.warehouseEvents.name, TOPICS.hqPromotions.name], 3),
    // Master data is read by every validator process in full (a group per process): it is
    // small and compacted, each process needs all of it, and events waiting for their
    // store never hold it up. Copies forwarded twice are dropped by the seen bits.
    masterData: definition('validator-masterdata', [TOPICS.hqMasterdata.name], 1, `tillstream-validator-masterdata-${os.hostname()}-${process.pid}`),
  };
}
