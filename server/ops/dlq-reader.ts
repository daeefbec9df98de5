import type { Redis } from 'ioredis';
import type { DlqReasonCount, DlqSample, OpsAnswer } from '../../lib/ops/ops-types';
import { redisKeys } from '../../lib/redis-keys';
import { reasonId } from '../../lib/ops/dlq-reason-id';

const MINUTES = 60;

/** The DLQ monitor's counts (workers/dlq): per reason in total and per minute of the last hour, with its samples, most frequent first. */
export async function readDlq(redis: Redis, now: number): Promise<OpsAnswer['dlq']> {
  const minuteNow = Math.floor(now / 60_000);
  const minutes = Array.from({ length: MINUTES }, (_, i) => minuteNow - MINUTES + 1 + i);
  const p = redis.pipeline().hgetall(redisKeys.dlqTotals()).hgetall(redisKeys.dlqLast());
  for (const m of minutes) p.hgetall(redisKeys.dlqMinute(m));
  const res = (await p.exec()) ?? [];
  for (const [err] of res) if (err) throw err;
  const totals = res[0]![1] as Record<string, string>;
  const last = res[1]![1] as Record<string, string>;
  const perMinute = minutes.map((_, i) => res[2 + i]![1] as Record<string, string>);
  const fields = Object.keys(totals);
  const sp = redis.pipeline();
  for (const f of fields) sp.lrange(redisKeys.dlqSamples(reasonId(f)), 0, -1);
  const samples = (await sp.exec()) ?? [];
  const reasons: DlqReasonCount[] = fields.map((field, i) => {
    const [err, list] = samples[i]!;
    if (err) throw err;
    const sep = field.indexOf('|');
    const series = perMinute.map((h) => Number(h[field] ?? 0));
    return {
      worker: field.slice(0, sep),
      reason: field.slice(sep + 1),
      total: Number(totals[field]),
      lastHour: series.reduce((a, b) => a + b, 0),
      perMinute: series,
      lastAt: last[field] ?? null,
      samples: (list as string[]).map((s) => JSON.parse(s) as DlqSample),
    };
  });
  reasons.sort((a, b) => b.lastHour - a.lastHour || b.total - a.total || a.reason.localeCompare(b.reason));
  return { total: reasons.reduce((a, r) => a + r.total, 0), lastHour: reasons.reduce((a, r) => a + r.lastHour, 0), reasons };
}
