import type { Write } from '../harness/checked-apply';

/** Adds `by` to one amount of a hash's or sorted set's increments. */
export function add(amounts: Map<string, number>, name: string, by: number): void {
  amounts.set(name, (amounts.get(name) ?? 0) + by);
}

/**
 * The writes of one batch, collapsed: increments of the same hash field or sorted-set
 * member are summed and sent once per key, expiries keep the latest, so a batch of
 * thousands of events becomes a few hundred keys and fields. Other writes keep their order.
 */
export class WriteSet {
  private readonly incr = new Map<string, Map<string, number>>();
  private readonly zincr = new Map<string, Map<string, number>>();
  private readonly expiry = new Map<string, number>();
  private readonly others: Write[] = [];

  /** A hash's field increments, to `add` to (a planner keeps it rather than look the key up per event). */
  hash(key: string): Map<string, number> {
    return amountsOf(this.incr, key);
  }

  /** A sorted set's member increments, likewise. */
  zset(key: string): Map<string, number> {
    return amountsOf(this.zincr, key);
  }

  hincrby(key: string, field: string, by: number): void {
    add(this.hash(key), field, by);
  }

  /** The key expires at this instant (epoch s) at the earliest. */
  expireAt(key: string, unixSeconds: number): void {
    this.expiry.set(key, Math.max(this.expiry.get(key) ?? 0, unixSeconds));
  }

  push(w: Write): void {
    this.others.push(w);
  }

  toWrites(): Write[] {
    const out = [...this.others];
    for (const [key, fields] of this.incr) out.push({ op: 'hincrby', key, fields });
    for (const [key, members] of this.zincr) out.push({ op: 'zincrby', key, members });
    for (const [key, unixSeconds] of this.expiry) out.push({ op: 'expireat', key, unixSeconds });
    return out;
  }
}

function amountsOf(byKey: Map<string, Map<string, number>>, key: string): Map<string, number> {
  let m = byKey.get(key);
  if (!m) byKey.set(key, (m = new Map()));
  return m;
}
