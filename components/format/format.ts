/**
 * How numbers read on every page: money with its currency (from integer cents), counts with
 * thousands separators, ratios with two decimals, clock times and durations. One locale
 * (en-GB: 24-hour clock, day before month) so that server and browser render alike.
 */
const LOCALE = 'en-GB';

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** 1234567 minor units, 'EUR' → "€12,345.67" ('JPY' → "¥1,234,567"); an unknown currency (mixed scope) → "12,345.67". */
export function formatMoney(cents: number | null | undefined, currency: string | null, o: { compact?: boolean } = {}): string {
  if (cents === null || cents === undefined) return '–';
  const key = `${currency ?? ''}:${o.compact ? 1 : 0}`;
  let f = moneyFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(LOCALE, {
      ...(currency ? { style: 'currency', currency } : { minimumFractionDigits: 2 }),
      ...(o.compact ? { notation: 'compact', maximumFractionDigits: 1, minimumFractionDigits: 0 } : { maximumFractionDigits: minorDigits(currency) }),
    });
    moneyFormats.set(key, f);
  }
  return f.format(cents / 10 ** minorDigits(currency));
}

const minorDigitsCache = new Map<string, number>();

/**
 * Money travels in integer minor units of its currency (the contract): cents for EUR, none for
 * JPY, thousandths for KWD, as ISO 4217 (which Intl knows) says; 2 without a currency.
 */
export function minorDigits(currency: string | null): number {
  if (!currency) return 2;
  let d = minorDigitsCache.get(currency);
  if (d === undefined) {
    d = new Intl.NumberFormat(LOCALE, { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    minorDigitsCache.set(currency, d);
  }
  return d;
}

/** A signed money difference: "+€120.00", "−€3.50". */
export function formatMoneyChange(cents: number, currency: string | null): string {
  const abs = formatMoney(Math.abs(cents), currency);
  return cents > 0 ? `+${abs}` : cents < 0 ? `−${abs}` : abs;
}

const countFormat = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const ratioFormat = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export const formatCount = (n: number | null | undefined): string => (n === null || n === undefined ? '–' : countFormat.format(n));
export const formatRatio = (n: number | null | undefined): string => (n === null || n === undefined ? '–' : ratioFormat.format(n));

/** 12.5 → "+12.5 %"; null (nothing to compare with) → "–". */
export function formatPctChange(pct: number | null | undefined): string {
  if (pct === null || pct === undefined) return '–';
  const s = Math.abs(pct).toLocaleString(LOCALE, { maximumFractionDigits: 1 });
  return `${pct > 0 ? '+' : pct < 0 ? '−' : ''}${s} %`;
}

/** Epoch ms or ISO → "14:03:07" in the browser's timezone (or `timeZone`). */
export function formatClock(t: number | string, timeZone?: string): string {
  return new Date(t).toLocaleTimeString(LOCALE, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false, ...(timeZone ? { timeZone } : {}) });
}

/** "14:03" in a timezone. */
export function formatHourMinute(t: number | string, timeZone?: string): string {
  return new Date(t).toLocaleTimeString(LOCALE, { hour: '2-digit', minute: '2-digit', hour12: false, ...(timeZone ? { timeZone } : {}) });
}

/** "21 Nov, 14:03" in the browser's timezone (or `timeZone`). */
export function formatDateTime(t: number | string, timeZone?: string): string {
  return new Date(t).toLocaleString(LOCALE, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hour12: false, ...(timeZone ? { timeZone } : {}) });
}

/** 4_000 → "4 s", 185_000 → "3 min", 7_500_000 → "2 h 5 min". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '–';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}
