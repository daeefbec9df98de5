import type { StockLevelView } from '@/lib/inventory/inventory-api-types';
import { formatDays, formatRate, formatUnits, SOURCE_LABELS } from './format';

/** Small cells shared by the inventory tables: a count with its unit, days of cover, the reorder point, the low flag. */

export function Units({ n, col, strong = false }: { n: number; col: string; strong?: boolean }) {
  return (
    <td className={`num${n < 0 ? ' inv-negative' : ''}${strong ? ' inv-strong' : ''}`} data-col={col}>
      {formatUnits(n)}
    </td>
  );
}

export function DaysOfCover({ level }: { level: Pick<StockLevelView, 'daysOfCover' | 'unitsPerDay'> }) {
  const title = level.daysOfCover === null ? 'Did not sell here in the last 7 days' : `Selling ${formatRate(level.unitsPerDay)} (7-day average)`;
  return (
    <td className={`num${level.daysOfCover === null ? ' muted' : ''}`} data-col="daysOfCover" title={title}>
      {formatDays(level.daysOfCover)}
    </td>
  );
}

export function ReorderPoint({ level }: { level: Pick<StockLevelView, 'reorderPoint' | 'targetLevel' | 'thresholdSource'> }) {
  const source = SOURCE_LABELS[level.thresholdSource];
  return (
    <td className="num" data-col="reorderPoint" title={`Reorder point ${source.long}; orders fill up to ${formatUnits(level.targetLevel)}`}>
      {formatUnits(level.reorderPoint)} <span className={`inv-source inv-source-${level.thresholdSource}`}>{source.short}</span>
    </td>
  );
}

export function LowFlag({ level }: { level: Pick<StockLevelView, 'low' | 'available'> }) {
  if (!level.low) return <td data-col="status"><span className="inv-flag inv-flag-ok">ok</span></td>;
  const out = level.available <= 0;
  return (
    <td data-col="status">
      <span className={`inv-flag ${out ? 'inv-flag-out' : 'inv-flag-low'}`} title={out ? 'Nothing left to promise' : 'Available is below the reorder point'}>
        {out ? 'out' : 'low'}
      </span>
    </td>
  );
}
