import type { ThresholdSource } from '@/lib/inventory/inventory-api-types';

const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** "1 unit", "12 units", "1,250 units", "-3 units". */
export const formatUnits = (n: number): string => `${whole.format(n)} ${Math.abs(n) === 1 ? 'unit' : 'units'}`;

/** Days of cover with one decimal: "3.4 days"; null: the SKU did not sell there in the last 7 days. */
export const formatDays = (d: number | null): string => (d === null ? 'no sales' : `${oneDecimal.format(d)} ${d === 1 ? 'day' : 'days'}`);

/** "12.3 units/day". */
export const formatRate = (perDay: number): string => `${oneDecimal.format(perDay)} units/day`;

/** A wall-clock time in the browser's timezone, 24 h: "14:05:09". */
export const formatClock = (ms: number): string => new Date(ms).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

/** "21 Nov, 14:05" in the browser's timezone. */
export const formatDateTime = (iso: string): string =>
  new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hour12: false });

/** Where a reorder point comes from, in words. */
export const SOURCE_LABELS: Record<ThresholdSource, { short: string; long: string }> = {
  api: { short: 'set', long: 'set on this page or over the API' },
  masterdata: { short: 'master data', long: 'set by the master data (stock.threshold.set)' },
  velocity: { short: 'default', long: 'the default from sales velocity: 3 days of demand' },
};
