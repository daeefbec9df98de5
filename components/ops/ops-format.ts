import { formatCount } from '@/components/format/format';

/** Events per second: one decimal under 10, whole above; "–" until two samples are known. */
export function formatRate(n: number | null): string {
  if (n === null) return '–';
  return n < 10 ? n.toFixed(1) : formatCount(Math.round(n));
}

/** A batch time in ms, as "12 ms" or "1.4 s". */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
