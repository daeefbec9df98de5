import os from 'node:os';
import type { Redis } from 'ioredis';
import type { TillstreamEvent } from '../../lib/contract/catalog';
import type { Logger } from '../../lib/log';
import { redisKeys } from '../../lib/redis-keys';
import { MIRRORED_POS_EVENTS, TOPICS } from '../../lib/topics';
import { DependencyUnavailable, type BatchResult, type InputBatch, type Outcome, type OutgoingMessage, type WorkerDefinition } from '../harness/worker';
import { checkSyntax } from './check-syntax';
import { applyReceiptRules, receiptOf, type ClosedReceipt, type OpenReceipt, type ReceiptState } from './receipt-rules';

const OPEN_TTL_S = 2 * 86_400;
const CLOSED_TTL_S = 35 * 86_400;
/** How long events of a store still unknown after the master data was read wait before going to the DLQ. */
const UNKNOWN_STORE_WAIT_MS = 10_000;
/** However long the master data takes, events never wait longer than this. */
const MAX_MASTER_DATA_WAIT_MS = 5 * 60_000;

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

  /** `masterData`: the batch is master data, authoritative by itself (no known-store check, no wait). */
  async function handle(batch: InputBatch, masterData: boolean): Promise<BatchResult> {
    const t = now();
    const parsed = batch.messages.map((m) => checkSyntax(m.value, batch.topic, t));
    const events = parsed.map((p) => (p.ok ? p.event : undefined));
    const valid = events.filter((e): e is TillstreamEvent => e !== undefined);

    // Load what the semantic checks need, in one round trip.
    const receiptIds = [...new Set(valid.map(receiptOf).filter((r): r is string => r !== undefined))];
    // Stores this batch defines itself (master data) are not waited for.
    const definedHere = new Set(valid.flatMap((e) => (e.type === 'store.upserted' ? [e.payload.storeId] : [])));
    const needStores = new Set(valid.filter((e) => !masterData && e.storeId && e.type !== 'store.upserted' && !definedHere.has(e.storeId)).map((e) => e.storeId!));
    const state: ReceiptState = { open: new Map(), closed: new Map() };
    let seenBits: number[];
    try {
      await awaitStores(needStores);
      const read = redis.pipeline();
      for (const id of receiptIds) read.get(redisKeys.validatorReceipt(id)).get(redisKeys.validatorClosed(id));
      for (const e of valid) {
        const seen = redisKeys.validatorSeen(e.source, e.seq);
        read.getbit(seen.key, seen.bit);
      }
      const res = (await read.exec()) ?? [];
      const value = (i: number) => {
        const [err, v] = res[i] ?? [new Error('no reply'), null];
        if (err) throw err;
        return v;
      };
      receiptIds.forEach((id, i) => {
        const open = value(2 * i) as string | null;
        const closed = value(2 * i + 1) as string | null;
        state.open.set(id, open ? (JSON.parse(open) as OpenReceipt) : null);
        state.closed.set(id, closed ? (JSON.parse(closed) as ClosedReceipt) : null);
      });
      seenBits = valid.map((_, i) => Number(value(2 * receiptIds.length + i)));
    } catch (err) {
      throw new DependencyUnavailable('redis', err);
    }

    const outcomes: Outcome[] = [];
    const produce: OutgoingMessage[] = [];
    const accepted: TillstreamEvent[] = [];
    const touchedOpen = new Set<string>();
    const touchedClosed = new Set<string>();
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
      if (seenBits[v++] === 1 || seenNow.has(key)) {
        outcomes.push({ kind: 'duplicate' });
        return;
      }
      if (!masterData && e.storeId && e.type !== 'store.upserted' && !stores.has(e.storeId)) {
        outcomes.push({ kind: 'dlq', reason: `storeId: store ${e.storeId} is not in the master data (hq.masterdata store.upserted)` });
        return;
      }
      const id = receiptOf(e);
      // Rules run on copies: a rejected event leaves the receipt as it was.
      const before = id ? { open: structuredClone(state.open.get(id) ?? null), closed: structuredClone(state.closed.get(id) ?? null) } : undefined;
      const problem = applyReceiptRules(e, state);
      if (problem) {
        if (id && before) {
          state.open.set(id, before.open);
          state.closed.set(id, before.closed);
        }
        outcomes.push({ kind: 'dlq', reason: problem });
        return;
      }
      if (id) {
        touchedOpen.add(id);
        touchedClosed.add(id);
      }
      if (e.type === 'store.upserted') {
        stores.add(e.payload.storeId);
        newStores.push([e.payload.storeId, JSON.stringify(e.payload)]);
      }
      seenNow.add(key);
      accepted.push(e);
      outcomes.push({ kind: 'ok' });
      produce.push({ topic: TOPICS.eventsValidated.name, key: e.source, value: m.value! });
    });

    // The state goes to Redis only once the output is in Kafka (afterOutput): written first,
    // a crash in between would make the replay drop these events as already seen.
    const writeState = async () => {
      const write = redis.multi();
      for (const id of touchedOpen) {
        const open = state.open.get(id);
        if (open) write.set(redisKeys.validatorReceipt(id), JSON.stringify(open), 'EX', OPEN_TTL_S);
        else write.del(redisKeys.validatorReceipt(id));
      }
      for (const id of touchedClosed) {
        const closed = state.closed.get(id);
        if (closed) write.set(redisKeys.validatorClosed(id), JSON.stringify(closed), 'EX', CLOSED_TTL_S);
      }
      for (const e of accepted) {
        const seen = redisKeys.validatorSeen(e.source, e.seq);
        write.setbit(seen.key, seen.bit, 1);
      }
      for (const [id, json] of newStores) write.hset(redisKeys.stores(), id, json);
      try {
        await write.exec();
      } catch (err) {
        throw new DependencyUnavailable('redis', err);
      }
    };
    return { outcomes, produce, afterOutput: accepted.length > 0 ? writeState : undefined };
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
      const dlq = r.outcomes.filter((o) => o.kind === 'dlq').length;
      if (dlq > 0) log.debug({ topic: batch.topic, partition: batch.partition, dlq }, 'events rejected');
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
