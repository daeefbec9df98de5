import { formatMoney } from '@/components/format/format';
import type { Estimate } from '@/lib/promotions/effect-answers';

/** How an estimate reads: "+31.2 % (15.9 % to 56.1 %)", or the reason it is not there yet. */
export function estimateText(e: Estimate, format: (x: number) => string): { value: string; range: string | null; reason: string | null } {
  if (e.status !== 'measured') return { value: '–', range: null, reason: e.reason };
  return { value: format(e.value), range: `${format(e.low)} to ${format(e.high)}`, reason: null };
}

export const pct = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)} %`;
export const units = (x: number) => `${x >= 0 ? '+' : '−'}${Math.round(Math.abs(x)).toLocaleString('en-GB')}`;
export const plain = (digits: number) => (x: number) => x.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
export const money = (currency: string | null) => (cents: number) => formatMoney(Math.round(cents), currency);
export const signedMoney = (currency: string | null) => (cents: number) => `${cents >= 0 ? '+' : '−'}${formatMoney(Math.round(Math.abs(cents)), currency)}`;

/** Whether an interval says the effect is there (all above 0), against it (all below), or cannot tell. */
export function verdict(e: Estimate): 'up' | 'down' | 'unclear' | null {
  if (e.status !== 'measured') return null;
  return e.low > 0 ? 'up' : e.high < 0 ? 'down' : 'unclear';
}
