import type { Alert } from '@/lib/alerts/alert-model';
import { formatCount, formatDuration } from '@/components/format/format';

/**
 * One line of an alert's key facts, per kind, from its evidence (lib/alerts/topic-alerts.ts,
 * workers/alerts/condition-rules.ts). Money in the evidence is in euros (a number with cents),
 * durations in ms. A field that is missing is left out, never shown as "undefined"; an unknown
 * kind or shape falls back to its plain values.
 */
type Evidence = Record<string, unknown>;

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const euroFormat = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' });
/** 12.5 → "€12.50". */
export const euros = (v: number): string => euroFormat.format(v);
const decimal = (v: number): string => v.toLocaleString('en-GB', { maximumFractionDigits: 1 });
const minutes = (v: number): string => `${decimal(v)} min`;
const join = (parts: (string | undefined | false)[]) => parts.filter(Boolean).join(' · ');

function lowStock(e: Evidence): string {
  const available = num(e.available);
  const rp = num(e.reorderPoint);
  return join([
    available !== undefined && `${formatCount(available)} available${rp !== undefined ? ` (reorder point ${formatCount(rp)})` : ''}`,
    num(e.onHand) !== undefined && `on hand ${formatCount(num(e.onHand))}`,
    num(e.incoming) ? `${formatCount(num(e.incoming))} incoming` : undefined,
  ]);
}

function lossRule(e: Evidence): string {
  const events = Array.isArray(e.events) ? e.events.length : undefined;
  return join([str(e.ruleName) ?? str(e.ruleId), str(e.receiptId) && `receipt ${str(e.receiptId)}`, events !== undefined && `${events} event${events === 1 ? '' : 's'}`]);
}

function storeOffline(e: Evidence): string {
  const limit = num(e.thresholdMinutes);
  const over = limit !== undefined ? ` (limit ${minutes(limit)})` : '';
  if (e.reason === 'lagging') return `Events arrive ${formatDuration(num(e.lagMs))} late${over}`;
  const usual = num(e.usualSilenceMinutes);
  if (usual !== undefined) return `Silent for ${formatDuration(num(e.silentForMs))} (usually quiet up to ${minutes(usual)} at this hour${limit !== undefined ? `, limit ${minutes(limit)}` : ''})`;
  return `Silent for ${formatDuration(num(e.silentForMs))}${over}`;
}

function revenueBelow(e: Evidence): string {
  const so = num(e.revenueSoFar);
  const expected = num(e.expectedSoFar);
  const lastWeek = num(e.lastWeekSoFar);
  const pct = num(e.pctOfLastWeek);
  const bar = num(e.lastWeekBar);
  return join([
    so !== undefined && `${euros(so)} so far`,
    expected !== undefined && `expected ${euros(expected)}${num(e.thresholdPerHour) !== undefined ? ` (${euros(num(e.thresholdPerHour)!)}/h)` : ''}`,
    lastWeek !== undefined && `${bar !== undefined ? `under ${euros(bar)}: ` : ''}${pct !== undefined ? `${decimal(pct)} % of ` : ''}last week’s ${euros(lastWeek)}`,
  ]);
}

/** A gap as the rule may spell it: `{from, to}`, `[from, to]` or a number. */
function gapLabel(g: unknown): string | undefined {
  if (typeof g === 'number') return String(g);
  if (Array.isArray(g) && g.length === 2) return g[0] === g[1] ? String(g[0]) : `${g[0]}–${g[1]}`;
  if (g && typeof g === 'object') {
    const o = g as Evidence;
    const from = num(o.first) ?? num(o.from) ?? num(o.start);
    const to = num(o.last) ?? num(o.to) ?? num(o.end) ?? from;
    if (from !== undefined) return from === to ? String(from) : `${from}–${to}`;
  }
  return undefined;
}

function tillGap(e: Evidence): string {
  const gaps = (Array.isArray(e.gaps) ? e.gaps : []).map(gapLabel).filter((g): g is string => !!g);
  const missing = num(e.missing) ?? (Array.isArray(e.missing) ? e.missing.length : undefined);
  const limit = num(e.thresholdMinutes);
  return join([
    gaps.length > 0 && `seq ${gaps.slice(0, 3).join(', ')}${gaps.length > 3 ? ` +${gaps.length - 3} more` : ''} missing`,
    missing !== undefined && `${formatCount(missing)} event${missing === 1 ? '' : 's'} missing`,
    num(e.maxSeq) !== undefined && `last seq ${num(e.maxSeq)}`,
    limit !== undefined && `open over ${minutes(limit)}`,
  ]);
}

/** The most frequent reason of a dead-letter alert: "validator: schema (42)". */
function topReason(e: Evidence): string | undefined {
  const r = Array.isArray(e.reasons) ? (e.reasons[0] as Evidence | undefined) : undefined;
  if (!r || typeof r !== 'object') return undefined;
  return `most: ${[str(r.worker), str(r.reason)].filter(Boolean).join(': ')}${num(r.count) !== undefined ? ` (${formatCount(num(r.count))})` : ''}`;
}

function dlqRate(e: Evidence): string {
  const per = num(e.perMinute);
  const limit = num(e.thresholdPerMinute) ?? num(e.threshold);
  const window = num(e.windowMinutes);
  return join([per !== undefined && `${decimal(per)} dead letters/min${window !== undefined ? ` (last ${window} min)` : ''}`, limit !== undefined && `limit ${decimal(limit)}/min`, topReason(e)]);
}

function consumerLag(e: Evidence): string {
  const lag = num(e.lag);
  const limit = num(e.thresholdMessages) ?? num(e.threshold);
  const worst = Array.isArray(e.partitions) ? (e.partitions[0] as Evidence | undefined) : undefined;
  const where = worst && typeof worst === 'object' && str(worst.topic) ? `worst ${str(worst.topic)}/${num(worst.partition) ?? '?'} (${formatCount(num(worst.lag))})` : undefined;
  return join([lag !== undefined && `lag ${formatCount(lag)} messages`, limit !== undefined && `limit ${formatCount(limit)}`, where]);
}

/** The plain values (numbers, strings, booleans) of an evidence, first few. */
function plain(e: Evidence): string {
  return Object.entries(e)
    .filter(([, v]) => ['number', 'string', 'boolean'].includes(typeof v))
    .slice(0, 4)
    .map(([k, v]) => `${k} ${String(v)}`)
    .join(' · ');
}

const BY_KIND: Record<string, (e: Evidence) => string> = {
  low_stock: lowStock,
  loss_rule: lossRule,
  store_offline: storeOffline,
  revenue_below: revenueBelow,
  till_gap: tillGap,
  dlq_rate: dlqRate,
  consumer_lag: consumerLag,
};

/** The alert's key facts in one line; "–" when its evidence says nothing readable. */
export function evidenceSummary(a: Pick<Alert, 'kind' | 'evidence'>): string {
  const e = a.evidence && typeof a.evidence === 'object' ? a.evidence : {};
  return BY_KIND[a.kind]?.(e) || plain(e) || '–';
}
