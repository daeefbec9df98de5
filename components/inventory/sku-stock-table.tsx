'use client';

import type { SkuStockAnswer } from '@/lib/inventory/inventory-api-types';
import { DaysOfCover, LowFlag, ReorderPoint, Units } from './stock-cells';

/**
 * One SKU at every location the user may see: on hand, reserved, safety stock, available
 * (to promise), incoming, the reorder point and where it comes from, days of cover and the
 * low flag; totals over the locations listed. A location opens its low-stock list below.
 */
export function SkuStockTable({
  answer,
  locationNames,
  currentLocation,
  onPickLocation,
}: {
  answer: SkuStockAnswer;
  locationNames: Map<string, string | null>;
  currentLocation: string | null;
  onPickLocation: (locationId: string) => void;
}) {
  const rows = answer.locations;
  const lowCount = rows.filter((r) => r.low).length;
  const safety = rows.reduce((a, r) => a + r.safetyStock, 0);
  return (
    <div className="inv-scroll">
      <table className="inv-table" data-testid="sku-stock-table">
        <caption className="inv-sr-only">
          {answer.sku} at every location you may see, in units
        </caption>
        <thead>
          <tr>
            <th scope="col">Location</th>
            <th scope="col" className="num">On hand</th>
            <th scope="col" className="num">Reserved</th>
            <th scope="col" className="num">Safety</th>
            <th scope="col" className="num">Available</th>
            <th scope="col" className="num">Incoming</th>
            <th scope="col" className="num">Reorder point</th>
            <th scope="col" className="num">Days of cover</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.locationId} data-testid={`stock-row-${r.locationId}`} className={`${r.low ? 'inv-row-low' : ''}${r.locationId === currentLocation ? ' inv-row-current' : ''}`}>
              <th scope="row" data-col="location">
                <button type="button" className="inv-link" onClick={() => onPickLocation(r.locationId)} title={`Show the low-stock list and orders of ${r.locationId}`}>
                  {r.locationId}
                </button>
                {locationNames.get(r.locationId) && <span className="inv-sub muted">{locationNames.get(r.locationId)}</span>}
              </th>
              <Units n={r.onHand} col="onHand" />
              <Units n={r.reserved} col="reserved" />
              <Units n={r.safetyStock} col="safetyStock" />
              <Units n={r.available} col="available" strong />
              <Units n={r.incoming} col="incoming" />
              <ReorderPoint level={r} />
              <DaysOfCover level={r} />
              <LowFlag level={r} />
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-testid="stock-totals">
            <th scope="row">
              Total <span className="inv-sub muted">{rows.length === 1 ? '1 location' : `${rows.length} locations`}</span>
            </th>
            <Units n={answer.totals.onHand} col="onHand" />
            <Units n={answer.totals.reserved} col="reserved" />
            <Units n={safety} col="safetyStock" />
            <Units n={answer.totals.available} col="available" strong />
            <Units n={answer.totals.incoming} col="incoming" />
            <td className="num muted">—</td>
            <td className="num muted">—</td>
            <td data-col="status" className="muted">
              {lowCount === 0 ? 'none low' : `${lowCount} low`}
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
