import type { CatchUpResult } from './catch-up';
import type { RateFigures } from './live-latency';

/** The targets of the issue (issue 5), checked against the figures of a run. */
export const TARGETS = {
  sustainedEventsPerSecond: 50_000,
  p99MsAt: { 10_000: 250, 25_000: 500 } as Record<number, number>,
  rssMbPerWorker: 512,
};

export interface TargetCheck {
  target: string;
  measured: string;
  result: 'pass' | 'fail' | 'not measured';
}

export function checkTargets(c: CatchUpResult, rates: RateFigures[], peakRss: Record<string, number>): TargetCheck[] {
  const checks: TargetCheck[] = [];
  checks.push({
    target: `≥ ${TARGETS.sustainedEventsPerSecond.toLocaleString('en')} events/s sustained through the whole pipeline`,
    measured: c.eventsPerSecond === null ? 'never reached zero lag' : `${c.eventsPerSecond.toLocaleString('en')} events/s (${c.inputEvents.toLocaleString('en')} input events to zero lag in ${c.seconds} s)`,
    result: c.eventsPerSecond === null ? 'fail' : c.eventsPerSecond >= TARGETS.sustainedEventsPerSecond ? 'pass' : 'fail',
  });
  for (const [rate, ms] of Object.entries(TARGETS.p99MsAt).map(([r, m]) => [Number(r), m] as const)) {
    const r = rates.find((x) => x.rate === rate);
    checks.push({
      target: `p99 ≤ ${ms} ms at ${rate.toLocaleString('en')} events/s (produce → live:delta on the socket)`,
      measured: !r
        ? 'rate not run'
        : `p99 ${r.p99AllSentMs === null ? '> 10 s' : `${r.p99AllSentMs.toLocaleString('en')} ms`} over ${r.sent.toLocaleString('en')} events sent (${r.neverSeen.toLocaleString('en')} never seen within 10 s)`,
      result: !r ? 'not measured' : r.p99AllSentMs !== null && r.p99AllSentMs <= ms ? 'pass' : 'fail',
    });
  }
  for (const [roles, mb] of Object.entries(peakRss)) {
    checks.push({
      target: `peak RSS ≤ ${TARGETS.rssMbPerWorker} MB, ROLES=${roles}`,
      measured: Number.isFinite(mb) ? `${mb} MB (VmHWM)` : 'not read',
      result: !Number.isFinite(mb) ? 'not measured' : mb <= TARGETS.rssMbPerWorker ? 'pass' : 'fail',
    });
  }
  return checks;
}
