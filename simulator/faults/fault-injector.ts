import type { Emitted } from '../core/sim-event';
import type { Rng } from '../random/rng';
import type { GroundTruth } from '../truth/ground-truth';
import { malform } from './malform';

export interface OfflineWindow {
  storeId: string;
  from: number;
  to: number;
}

export interface FaultOptions {
  /** Share of events sent a second time, later, with the same bytes. */
  duplicates: number;
  /** Share of events preceded by a malformed copy. */
  malformed: number;
  offline: OfflineWindow[];
}

/** What the sink sends: an event in its source's order, a resend of one, or a malformed copy. */
export interface Delivery {
  kind: 'event' | 'duplicate' | 'malformed';
  source: string;
  seq: number;
  topic: string;
  key: string;
  json: string;
}

/**
 * Turns the event stream into what the pipeline receives, with the faults a test asks
 * for: duplicate sends (same id and seq, up to a few hundred events later), malformed
 * copies, and stores whose tills lose the link for a while and flush late, in order.
 * Deterministic: the same seed and options give the same deliveries.
 */
export class FaultInjector {
  private readonly held = new Map<string, Delivery[]>();
  private readonly resends: { at: number; d: Delivery }[] = [];
  private readonly resendAfter = new Map<Delivery, number>();
  private delivered = 0;

  constructor(
    private readonly opts: FaultOptions,
    private readonly rng: Rng,
    private readonly truth: GroundTruth,
  ) {}

  /** The deliveries for one emitted event (and any due resends or late flushes), appended to `out`. */
  process(e: Emitted, out: Delivery[]): void {
    this.releaseUntil(e.t, out);
    const d: Delivery = { kind: 'event', source: e.source, seq: e.seq, topic: e.topic, key: e.key, json: e.json };
    if (this.opts.malformed > 0 && this.rng.chance(this.opts.malformed)) {
      const bad = malform(e.json, this.rng);
      this.truth.malformed.push({ afterSource: e.source, afterSeq: e.seq, reason: bad.reason, json: bad.json });
      this.push({ ...d, kind: 'malformed', json: bad.json }, out);
    }
    if (this.opts.duplicates > 0 && this.rng.chance(this.opts.duplicates)) {
      this.truth.duplicates += 1;
      // The resend goes out some deliveries after the original really went out.
      this.resendAfter.set(d, this.rng.int(1, 400));
    }
    const window = e.storeId && e.source.startsWith(`${e.storeId}-`) ? this.opts.offline.find((w) => w.storeId === e.storeId && e.t >= w.from && e.t < w.to) : undefined;
    if (window) {
      let q = this.held.get(window.storeId);
      if (!q) this.held.set(window.storeId, (q = []));
      q.push(d);
    } else {
      this.push(d, out);
    }
  }

  /** Releases the tills of stores whose offline window has ended by `now`. */
  releaseUntil(now: number, out: Delivery[]): void {
    for (const w of this.opts.offline) {
      if (now < w.to) continue;
      const q = this.held.get(w.storeId);
      if (!q || q.length === 0) continue;
      this.held.delete(w.storeId);
      for (const d of q) this.push(d, out);
    }
  }

  /** At the end of a run: everything still held or due is delivered. */
  drain(out: Delivery[]): void {
    this.releaseUntil(Number.POSITIVE_INFINITY, out);
    for (const r of this.resends.splice(0)) out.push(r.d);
  }

  private push(d: Delivery, out: Delivery[]): void {
    out.push(d);
    this.delivered += 1;
    const after = this.resendAfter.get(d);
    if (after !== undefined) {
      this.resendAfter.delete(d);
      const at = this.delivered + after;
      const i = this.resends.findIndex((r) => r.at > at);
      this.resends.splice(i < 0 ? this.resends.length : i, 0, { at, d: { ...d, kind: 'duplicate' } });
    }
    while (this.resends.length > 0 && this.resends[0]!.at <= this.delivered) {
      const r = this.resends.shift()!;
      out.push(r.d);
    }
  }
}
