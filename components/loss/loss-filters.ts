/**
 * The loss pages' filters as they live in the URL (`?region=&store=&from=&to=&rule=&exceptionsOnly=`),
 * so a view can be shared, bookmarked and reloaded. Periods are store-local calendar days, both
 * inclusive (the loss API's); none means today. Anything unreadable falls back to the default
 * and says so.
 */
export interface LossFilters {
  region?: string;
  storeId?: string;
  /** YYYY-MM-DD, both or neither. */
  from?: string;
  to?: string;
  /** Only the cashiers this rule hit in the period (the ranking). */
  rule?: string;
  exceptionsOnly: boolean;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A rule id (lib/loss/rules/rule-schema.ts RULE_ID, not imported: zod stays out of this module). */
const RULE = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const MAX_DAYS = 93;

const dayNumber = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;

export function readLossFilters(q: URLSearchParams): { filters: LossFilters; problems: string[] } {
  const problems: string[] = [];
  let from = q.get('from') ?? undefined;
  let to = q.get('to') ?? undefined;
  if (from !== undefined || to !== undefined) {
    if (!from || !to || !DAY.test(from) || !DAY.test(to) || Number.isNaN(dayNumber(from)) || Number.isNaN(dayNumber(to))) {
      problems.push('a period needs from and to as days (YYYY-MM-DD): showing today');
      from = to = undefined;
    } else if (to < from) {
      problems.push('the period ends before it starts: showing today');
      from = to = undefined;
    } else if (dayNumber(to) - dayNumber(from) + 1 > MAX_DAYS) {
      problems.push(`a period covers at most ${MAX_DAYS} days: showing today`);
      from = to = undefined;
    }
  }
  let rule = q.get('rule') || undefined;
  if (rule !== undefined && !RULE.test(rule)) {
    problems.push(`"${rule.slice(0, 64)}" is not a rule id: showing every cashier`);
    rule = undefined;
  }
  return {
    filters: {
      region: q.get('region') || undefined,
      storeId: q.get('store') || undefined,
      ...(from && to ? { from, to } : {}),
      ...(rule ? { rule } : {}),
      exceptionsOnly: q.get('exceptionsOnly') === 'true',
    },
    problems,
  };
}

export function writeLossFilters(f: LossFilters): string {
  const q = new URLSearchParams();
  if (f.region) q.set('region', f.region);
  if (f.storeId) q.set('store', f.storeId);
  if (f.from && f.to) {
    q.set('from', f.from);
    q.set('to', f.to);
  }
  if (f.rule) q.set('rule', f.rule);
  if (f.exceptionsOnly) q.set('exceptionsOnly', 'true');
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** "today", "2026-11-20", "2026-11-14 – 2026-11-20". */
export function periodLabel(f: Pick<LossFilters, 'from' | 'to'>): string {
  if (!f.from || !f.to) return 'today';
  return f.from === f.to ? f.from : `${f.from} – ${f.to}`;
}

/** The browser's calendar day `offset` days from `now`, YYYY-MM-DD. */
export function browserDay(now: Date, offset = 0): string {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + offset);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The quick periods of the period picker. */
export function presetOf(key: string, now: Date): Pick<LossFilters, 'from' | 'to'> {
  if (key === 'yesterday') return { from: browserDay(now, -1), to: browserDay(now, -1) };
  if (key === '7d') return { from: browserDay(now, -6), to: browserDay(now, 0) };
  if (key === '30d') return { from: browserDay(now, -29), to: browserDay(now, 0) };
  return { from: undefined, to: undefined };
}
