import type { Write } from '../harness/checked-apply';

/**
 * The writes of one batch, collapsed: increments of the same hash field or sorted-set
 * member are summed, expiries keep the latest, so a batch of thousands of events becomes
 * a few hundred commands. Other writes keep their order.
 */
export class WriteSet {
  private readonly incr = new Map<string, Map<string, number>>();
  private readonly zincr = new Map<string, Map<string, number>>();
  private readonly expiry = new Map<string, number>();
  private readonly others: Write[] = [];

  hincrby(key: string, field: string, by: number): void {
    let h = this.incr.get(key);
    if (!h) this.incr.set(key, (h = new Map()));
    h.set(field, (h.get(field) ?? 0) + by);
  }

  zincrby(key: string, member: string, by: number): void {
    let z = this.zincr.get(key);
    if (!z) this.zincr.set(key, (z = new Map()));
    z.set(member, (z.get(member) ?? 0) + by);
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
    for (const [key, h] of this.incr) for (const [field, by] of h) if (by !== 0) out.push({ op: 'hincrby', key, field, by });
    for (const [key, z] of this.zincr) for (const [member, by] of z) if (by !== 0) out.push({ op: 'zincrby', key, by, member });
    for (const [key, unixSeconds] of this.expiry) out.push({ op: 'expireat', key, unixSeconds });
    return out;
  }
}
