import type { InputMessage, Outcome } from '../harness/worker';
import type { RowResult } from './event-row';

/**
 * Deciding what one handled batch inserts. Pure: the worker feeds it the partition's
 * state from Redis and the seen-flags of the candidates.
 *
 * - Offsets up to `done` are already durably in ClickHouse (a replay): nothing of them
 *   is inserted again. Their outcome is `ok` if they were in the block this very call
 *   re-sent (`recovered`), else `duplicate`: stored by an earlier attempt.
 * - A message the sink cannot store is `dlq`, whether fresh or replayed: the outcome
 *   depends on the bytes only, so a replay dead-letters it again (at least once).
 * - Of the rest, an event whose (source, seq) is earlier in the block, or already seen
 *   in Redis, is a `duplicate`; the others are the block's rows.
 * - The block covers the fresh offsets (`from`..`to`), whatever their outcomes, so that
 *   `done` moves past trailing duplicates too.
 */
export interface Classified {
  outcomes: (Outcome | undefined)[];
  /** Indexes of fresh, storable messages, first of their (source, seq) in the block: to check against Redis. */
  candidates: number[];
  /** Offsets of the fresh part of the batch, null when everything was replayed. */
  from: string | null;
  to: string | null;
}

export function classify(messages: InputMessage[], parsed: RowResult[], done: bigint | null, recovered: Set<string>): Classified {
  const outcomes: (Outcome | undefined)[] = new Array<Outcome | undefined>(messages.length);
  const candidates: number[] = [];
  const inBlock = new Set<string>();
  let from: string | null = null;
  let to: string | null = null;
  messages.forEach((m, i) => {
    const r = parsed[i]!;
    const replayed = done !== null && BigInt(m.offset) <= done;
    if (!replayed) {
      from ??= m.offset;
      to = m.offset;
    }
    if (!r.ok) outcomes[i] = { kind: 'dlq', reason: r.reason };
    else if (replayed) outcomes[i] = recovered.has(m.offset) ? { kind: 'ok' } : { kind: 'duplicate' };
    else {
      const id = `${r.row.source}\u0000${r.row.seq}`;
      if (inBlock.has(id)) outcomes[i] = { kind: 'duplicate' };
      else {
        inBlock.add(id);
        candidates.push(i);
      }
    }
  });
  return { outcomes, candidates, from, to };
}

/** The outcomes once Redis said which candidates are already seen; returns the indexes to insert. */
export function settle(c: Classified, seen: boolean[]): { outcomes: Outcome[]; kept: number[] } {
  const kept: number[] = [];
  c.candidates.forEach((i, j) => {
    if (seen[j]) c.outcomes[i] = { kind: 'duplicate' };
    else {
      c.outcomes[i] = { kind: 'ok' };
      kept.push(i);
    }
  });
  return { outcomes: c.outcomes as Outcome[], kept };
}
