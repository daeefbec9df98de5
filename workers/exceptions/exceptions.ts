import type { Redis } from 'ioredis';
import { roomForLossStore } from '../../lib/live/rooms';
import { EXCEPTION_EVENT_TYPES } from '../../lib/loss/exception-metrics';
import type { LossAlert } from '../../lib/loss/rules/loss-alert';
import type { Rule } from '../../lib/loss/rules/rule-schema';
import { rulesInForce, typesOfRules } from '../../lib/loss/rules/stored-rules';
import type { Logger } from '../../lib/log';
import { redisKeys } from '../../lib/redis-keys';
import { TOPICS } from '../../lib/topics';
import { applyCheckedBatch } from '../harness/checked-batch';
import { DependencyUnavailable, type BatchResult, type InputBatch, type WorkerDefinition } from '../harness/worker';
import { createOutbox } from '../inventory/outbox';
import { PAYLOAD_TYPES, planExceptions } from './plan-exceptions';
import { planRules, ruleEventsOf, ruleStateKeys } from './plan-rules';
import { readExceptions } from './read-exceptions';

export interface ExceptionsOptions {
  redis: Redis;
  log: Logger;
  /** Timezone of a store the master data does not know (yet): the chain's HQ timezone. */
  hqTimezone: string;
  now?: () => number;
  /** How long the rules read from Redis are used before they are read again (ms; default 5000). */
  rulesCacheMs?: number;
}

/**
 * The loss-prevention exceptions worker (issue 8): events.validated → each cashier's, till's
 * and store's exception metrics per store-local day and per shift in Redis
 * (lib/loss/exception-metrics.ts, docs/kpis.md "Loss prevention: exceptions"). Each batch is
 * read in one pipeline, planned in memory and applied in one atomic script that first checks
 * nothing it read has changed (seen bits, the tills' shifts, the tenders and waiting refunds
 * it relied on): duplicates are dropped atomically with the counts they would change, and a
 * replay after a crash changes nothing.
 *
 * The enabled loss rules (lib/loss/rules/, stored over the API) run in the same batches and the
 * same apply (plan-rules.ts): their per-key states and hits are written with the metrics, the
 * hits pushed to an outbox and produced to `alerts` after the apply, then published to the
 * loss room of their store (`loss:store:<id>`, fraud analysts and admins only).
 */
export function createExceptions(o: ExceptionsOptions): WorkerDefinition {
  const { redis, log } = o;
  const now = o.now ?? Date.now;
  const timezones = new Map<string, string>();

  /**
   * Store timezones from the master data the validator keeps: it forwards a till event only
   * once its store is there, so a store unknown here means the copy is stale (as the live
   * aggregator's, workers/aggregator/aggregator.ts).
   */
  async function loadStores(storeIds: Iterable<string>): Promise<void> {
    if (![...storeIds].some((id) => !timezones.has(id))) return;
    for (const [id, json] of Object.entries(await redis.hgetall(redisKeys.stores()))) timezones.set(id, (JSON.parse(json) as { timezone: string }).timezone);
  }
  const timezone = (storeId: string) => timezones.get(storeId) ?? o.hqTimezone;

  const outbox = createOutbox(redis, redisKeys.lossOutbox());
  const rulesCacheMs = o.rulesCacheMs ?? 5000;
  let cached: { at: number; rules: Rule[]; types: Set<string>; payloadTypes: Set<string> } | null = null;
  /** The enabled rules, read again every few seconds (an admin's change takes effect within them). */
  async function enabledRules() {
    const t = Date.now();
    if (cached && t - cached.at < rulesCacheMs) return cached;
    let stored: Record<string, string>;
    try {
      stored = await redis.hgetall(redisKeys.lossRules());
    } catch (err) {
      throw new DependencyUnavailable('redis', err);
    }
    const rules = rulesInForce(stored).filter((r) => r.enabled);
    const { types, payloadTypes } = typesOfRules(rules);
    for (const t of PAYLOAD_TYPES) payloadTypes.add(t);
    return (cached = { at: t, rules, types, payloadTypes });
  }

  /** The loss alerts of a batch's output, to their stores' loss rooms, once Kafka has them. */
  async function publish(produced: { topic: string; value: Buffer | string }[]): Promise<void> {
    const p = redis.pipeline();
    let n = 0;
    for (const m of produced) {
      if (m.topic !== TOPICS.alerts.name) continue;
      const a = JSON.parse(String(m.value)) as LossAlert;
      p.publish(redisKeys.liveChannel(roomForLossStore(a.subject.storeId)), String(m.value));
      n++;
    }
    if (n > 0) await p.exec().catch((err: Error) => log.warn({ err: err.message }, 'loss alerts not published live'));
  }

  async function handle(batch: InputBatch): Promise<BatchResult> {
    const { rules, types, payloadTypes } = await enabledRules();
    const { outcomes, plan } = await applyCheckedBatch(redis, log, batch, {
      payloadTypes,
      // Till events of the types the metrics or the rules read; nothing else changes them.
      keep: (row) => (EXCEPTION_EVENT_TYPES.has(row.type) || types.has(row.type)) && row.store_id !== '',
      read: async (events) => {
        await loadStores(new Set(events.map((e) => e.row.store_id)));
        const [exc, ruleStates] = await Promise.all([readExceptions(redis, events, timezone), readRuleStates(redis, ruleStateKeys(rules, ruleEventsOf(events, timezone)))]);
        return { seen: exc.seen, state: { ...exc.state, ruleStates } };
      },
      plan: (events, state) => {
        const metrics = planExceptions(events, { ...state, now: now(), timezone });
        const fired = planRules(rules, ruleEventsOf(events, timezone), state.ruleStates, metrics.checks, metrics.writes);
        return { ...metrics, ...fired };
      },
    });
    // Alerts of this batch, and any a crash left in the outbox, go out with it; then live.
    const out = await outbox.take(plan?.outbox ?? []);
    if (!out.produce) return { outcomes };
    const produced = out.produce;
    return {
      outcomes,
      produce: produced,
      afterOutput: async () => {
        await out.afterOutput?.();
        await publish(produced);
      },
    };
  }

  return { name: 'exceptions', topics: [TOPICS.eventsValidated.name], concurrency: 2, handle };
}

/** Each rule state key's raw JSON ('' when absent), in one pipeline. */
async function readRuleStates(redis: Redis, keys: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (keys.length === 0) return out;
  const p = redis.pipeline();
  for (const k of keys) p.hget(redisKeys.lossRuleState(k), 's');
  const res = (await p.exec()) ?? [];
  keys.forEach((k, i) => {
    const [err, v] = res[i] ?? [new Error('redis pipeline returned too few replies'), null];
    if (err) throw err;
    out.set(k, (v as string | null) ?? '');
  });
  return out;
}
