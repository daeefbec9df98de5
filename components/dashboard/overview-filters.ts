import type { Channel } from '@/lib/kpis/compute-kpis';

/**
 * The overview's filters as they live in the URL (`?region=&store=&channel=&period=&from=&to=`),
 * so a view can be shared, bookmarked and reloaded. Anything unreadable falls back to the
 * default (chain, both channels, today), and says so.
 */
export interface OverviewFilters {
  region?: string;
  storeId?: string;
  channel: Channel;
  period: 'today' | 'hour' | 'custom';
  /** Custom range, `YYYY-MM-DDTHH:mm` in the browser's local time (datetime-local inputs). */
  from?: string;
  to?: string;
}

const CHANNELS: Channel[] = ['all', 'stores', 'web'];
const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

export function readFilters(q: URLSearchParams): { filters: OverviewFilters; problems: string[] } {
  const problems: string[] = [];
  const channelRaw = q.get('channel') ?? 'all';
  const channel = (CHANNELS as string[]).includes(channelRaw) ? (channelRaw as Channel) : (problems.push(`channel "${channelRaw}" is not all, stores or web`), 'all');
  const periodRaw = q.get('period') ?? 'today';
  let period: OverviewFilters['period'] = periodRaw === 'hour' || periodRaw === 'custom' || periodRaw === 'today' ? periodRaw : (problems.push(`period "${periodRaw}" is not today, hour or custom`), 'today');
  const from = q.get('from') ?? undefined;
  const to = q.get('to') ?? undefined;
  if (period === 'custom') {
    if (!from || !to || !LOCAL.test(from) || !LOCAL.test(to)) {
      problems.push('a custom period needs from and to (date and time)');
      period = 'today';
    } else if (new Date(to).getTime() <= new Date(from).getTime()) {
      problems.push('the custom period ends before it starts');
      period = 'today';
    }
  }
  return {
    filters: { region: q.get('region') || undefined, storeId: q.get('store') || undefined, channel, period, ...(period === 'custom' ? { from, to } : {}) },
    problems,
  };
}

export function writeFilters(f: OverviewFilters): string {
  const q = new URLSearchParams();
  if (f.region) q.set('region', f.region);
  if (f.storeId) q.set('store', f.storeId);
  if (f.channel !== 'all') q.set('channel', f.channel);
  if (f.period !== 'today') q.set('period', f.period);
  if (f.period === 'custom' && f.from && f.to) {
    q.set('from', f.from);
    q.set('to', f.to);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

const MINUTE_MS = 60_000;

/** The KPI API's range for a period: null for today; the last 60 whole minutes up to the current one; a custom local range as UTC instants. */
export function rangeOf(f: OverviewFilters, now: number): { from: string; to: string; live: boolean } | null {
  if (f.period === 'today') return null;
  if (f.period === 'hour') {
    const end = Math.floor(now / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
    return { from: new Date(end - 60 * MINUTE_MS).toISOString(), to: new Date(end).toISOString(), live: true };
  }
  const from = new Date(f.from!).getTime();
  const to = new Date(f.to!).getTime();
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), live: to > now };
}

/**
 * The custom range a "Custom range…" choice starts with: yesterday's whole local day, as
 * datetime-local values (browser time). By the calendar, not by subtracting 24 hours: the
 * day after a DST change is 23 or 25 hours from the midnight before.
 */
export function yesterdayRange(now: Date): { from: string; to: string } {
  const day = (offset: number) => new Date(now.getFullYear(), now.getMonth(), now.getDate() + offset);
  const local = (x: Date) => `${x.getFullYear()}-${String(x.getMonth() + 1).padStart(2, '0')}-${String(x.getDate()).padStart(2, '0')}T00:00`;
  return { from: local(day(-1)), to: local(day(0)) };
}
