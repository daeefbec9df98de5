import type { Redis } from 'ioredis';
import type { Logger } from '../../lib/log';
import { toEventRow, type EventRow } from '../sink/event-row';
import { checkedApply, type Check } from './checked-apply';
import { firstUnseen } from './seen-bitmaps';
import { DependencyUnavailable, type InputBatch, type Outcome } from './worker';
import type { WriteSet } from './write-set';

/** A readable event of the batch, with its instant. */
export interface TimedEvent {
  row: EventRow;
  ms: number;
}

export interface CheckedBatchSteps<S, P extends { checks: Check[]; writes: WriteSet }> {
  /** The types whose whole payload `plan` reads (toEventRow's payloadTypes). */
  payloadTypes: ReadonlySet<string>;
  /** Events this worker acts on (default: all); the others are `ok` with nothing to do. */
  keep?: (row: EventRow) => boolean;
  /** Reads what the plan depends on, with whether each event was applied before (its seen bit). */
  read: (events: TimedEvent[]) => Promise<{ seen: boolean[]; state: S }>;
  /** Plans the writes of the events not applied before, with the checks that keep the plan valid. */
  plan: (fresh: TimedEvent[], state: S) => P | Promise<P>;
}

const MAX_CONFLICT_RETRIES = 5;
const OK: Outcome = { kind: 'ok' };
const DUPLICATE: Outcome = { kind: 'duplicate' };

/**
 * The batch loop of a worker that keeps its state in Redis through `checkedApply`
 * (the live aggregator, the inventory): parse each message (an unreadable one is
 * dead-lettered), read, keep the events not applied before (firstUnseen), plan, and apply
 * the plan atomically if what was read is unchanged; when another consumer changed it in
 * between (two partitions moving the same state, a rebalance), read and plan again. Returns
 * the outcomes (a re-applied event is a `duplicate`) and the plan that was applied (null:
 * nothing to apply), for what the worker does after.
 */
export async function applyCheckedBatch<S, P extends { checks: Check[]; writes: WriteSet }>(
  redis: Redis,
  log: Logger,
  batch: InputBatch,
  steps: CheckedBatchSteps<S, P>,
): Promise<{ outcomes: Outcome[]; plan: P | null }> {
  const outcomes: Outcome[] = [];
  // The events to apply, and the index of each one's message.
  const candidates: TimedEvent[] = [];
  const messageOf: number[] = [];
  batch.messages.forEach((m, j) => {
    const r = toEventRow(m.value, batch.partition, m.offset, { payloadTypes: steps.payloadTypes });
    if (!r.ok) {
      outcomes.push({ kind: 'dlq', reason: r.reason });
      return;
    }
    outcomes.push(OK);
    if (steps.keep && !steps.keep(r.row)) return;
    candidates.push({ row: r.row, ms: r.ms });
    messageOf.push(j);
  });
  if (candidates.length === 0) return { outcomes, plan: null };
  const rows = candidates.map((e) => e.row);

  for (let attempt = 1; ; attempt++) {
    let applied: Awaited<ReturnType<typeof checkedApply>>;
    let fresh: boolean[];
    let plan: P;
    try {
      const { seen, state } = await steps.read(candidates);
      fresh = firstUnseen(rows, seen);
      const events = candidates.filter((_, i) => fresh[i]);
      plan = await steps.plan(events, state);
      applied = events.length === 0 ? { ok: true } : await checkedApply(redis, plan.checks, plan.writes.toWrites());
    } catch (err) {
      throw new DependencyUnavailable('redis', err);
    }
    if (applied.ok) {
      fresh.forEach((f, i) => {
        if (!f) outcomes[messageOf[i]!] = DUPLICATE;
      });
      return { outcomes, plan };
    }
    // Expected now and then; a plan that keeps failing its checks is worth a warning.
    (attempt >= 3 ? log.warn : log.debug).call(log, { partition: batch.partition, attempt, failedCheck: applied.failedCheck }, 'state changed under a batch; replanning');
    if (attempt >= MAX_CONFLICT_RETRIES) throw new DependencyUnavailable('redis (state kept changing under the batch)');
  }
}
