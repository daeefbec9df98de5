import { evaluate, stateKeyOf, stateTtlMs, type KeyState, type RuleEvent } from '../../lib/loss/rules/evaluate';
import { HIT_KEEP_DAYS, lossAlertKey, lossAlertOf, type LossAlert } from '../../lib/loss/rules/loss-alert';
import { ruleEventOf } from '../../lib/loss/rules/rule-event';
import type { Rule } from '../../lib/loss/rules/rule-schema';
import { redisKeys } from '../../lib/redis-keys';
import { localDay } from '../../lib/time/local-time';
import { TOPICS } from '../../lib/topics';
import type { TimedEvent } from '../harness/checked-batch';
import type { Check } from '../harness/checked-apply';
import type { WriteSet } from '../harness/write-set';
import type { OutboxMessage } from '../inventory/plan-alerts';

/**
 * The loss rules, live (issue 8, "Sequence rules"): the enabled rules (lib/loss/rules/) over a
 * batch of the exceptions worker, in the batch's order (a partition's, so each till's by seq),
 * through the one evaluator a backtest uses too. Planned with the metrics and applied in the
 * same checked apply, so exactly once with them (the same seen bits): each key's state
 * (`lossRuleState`) is checked unchanged and written back with a TTL, each hit stored per
 * store and day (`lossHits`, for the alerts API) and pushed to the outbox (`lossOutbox`),
 * produced to the `alerts` topic after the apply, keyed by subject.
 */

/** Hits are kept this long after they are stored (the alerts API reads them). */
export const HIT_KEEP_S = HIT_KEEP_DAYS * 86_400;

/** The events of a batch as the rules see them. */
export function ruleEventsOf(events: readonly TimedEvent[], timezone: (storeId: string) => string): RuleEvent[] {
  return events.map(({ row, ms }) => ruleEventOf(row, ms, localDay(ms, timezone(row.store_id)), TOPICS.eventsValidated.name));
}

/** The state keys these events move under these rules (what the read must fetch). */
export function ruleStateKeys(rules: readonly Rule[], events: readonly RuleEvent[]): string[] {
  const keys = new Set<string>();
  for (const e of events) {
    for (const r of rules) {
      const k = stateKeyOf(r, e);
      if (k !== null) keys.add(k);
    }
  }
  return [...keys];
}

export interface RulesPlan {
  outbox: OutboxMessage[];
  alerts: LossAlert[];
}

/**
 * Plans the rules' writes into the batch's (`checks`, `ws`): `stored` is each state key's raw
 * JSON as read ('' when absent). Every key read and moved is checked unchanged at the apply.
 */
export function planRules(rules: readonly Rule[], events: readonly RuleEvent[], stored: ReadonlyMap<string, string>, checks: Check[], ws: WriteSet): RulesPlan {
  const states = new Map<string, { rule: Rule; state: KeyState | null; moved: boolean }>();
  const alerts: LossAlert[] = [];
  for (const e of events) {
    for (const rule of rules) {
      const key = stateKeyOf(rule, e);
      if (key === null) continue;
      let cur = states.get(key);
      if (!cur) {
        const raw = stored.get(key) ?? '';
        checks.push({ op: 'heq', key: redisKeys.lossRuleState(key), field: 's', value: raw });
        states.set(key, (cur = { rule, state: raw ? (JSON.parse(raw) as KeyState) : null, moved: false }));
      }
      const r = evaluate(rule, cur.state, e);
      if (r.state !== cur.state) {
        cur.state = r.state;
        cur.moved = true;
      }
      for (const hit of r.hits) alerts.push(lossAlertOf(hit));
    }
  }
  for (const [key, { rule, state, moved }] of states) {
    if (!moved) continue;
    const k = redisKeys.lossRuleState(key);
    if (state === null) {
      ws.push({ op: 'del', key: k });
      continue;
    }
    ws.push({ op: 'hset', key: k, field: 's', value: JSON.stringify(state) });
    ws.push({ op: 'expire', key: k, seconds: Math.ceil(stateTtlMs(rule) / 1000) });
  }
  const outbox: OutboxMessage[] = [];
  for (const a of alerts) {
    const k = redisKeys.lossHits(a.subject.storeId, a.day);
    const value = JSON.stringify(a);
    ws.push({ op: 'hset', key: k, field: a.id, value });
    ws.push({ op: 'expire', key: k, seconds: HIT_KEEP_S });
    outbox.push({ topic: TOPICS.alerts.name, key: lossAlertKey(a), value });
  }
  if (outbox.length > 0) ws.push({ op: 'rpush', key: redisKeys.lossOutbox(), values: outbox.map((m) => JSON.stringify(m)) });
  return { outbox, alerts };
}
