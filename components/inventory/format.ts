import type { ThresholdSource } from '@/lib/inventory/inventory-api-types';

const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** "1 unit", "12 units", "1,250 units", "-3 units". */
export const formatUnits = (n: number): string => `${whole.format(n)} ${Math.abs(n) === 1 ? 'unit' : 'units'}`;

/** Days of cover with one decimal: "3.4 days"; null: the SKU did not sell there in the last 7 days. */
export const formatDays = (d: number | null): string => (d === null ? 'no sales' : `${oneDecimal.format(d)} ${d === 1 ? 'day' : 'days'}`);

/** "12.3 units/day". */
export const formatRate = (perDay: number): string => `${oneDecimal.format(perDay)} units/day`;

/** Clock times ("14:05:09") and dates ("21 Nov, 14:05") in the browser's timezone: the pages' one way (components/format/format.ts). */
export { formatClock, formatDateTime } from '@/components/format/format';

/** Where a reorder point comes from, in words. */
export const SOURCE_LABELS: Record<ThresholdSource, { short: string; long: string }> = {
  api: { short: 'set', long: 'set on this page or over the API' },
  masterdata: { short: 'master data', long: 'set by the master data (stock.threshold.set)' },
  velocity: { short: 'default', long: 'the default from sales velocity: 3 days of demand' },
};
