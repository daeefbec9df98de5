'use client';

import { formatUnits } from './format';
import { QueryProblem } from './query-problem';
import { DaysOfCover, LowFlag, ReorderPoint, Units } from './stock-cells';
import { UpdatedAt } from './updated-at';
import { LOW_STOCK_ROWS, useLowStock } from './use-inventory-queries';

/** A location's SKUs below their reorder point, the shortest cover first, live; a SKU opens in the stock table. */
export function LowStockList({ location, locationName, onPickSku }: { location: string | null; locationName: string | null; onPickSku: (sku: string) => void }) {
  const low = useLowStock(location);
  const data = low.data && low.data.locationId === location ? low.data : undefined;
  return (
    <section className="card inv-card" aria-labelledby="inv-low-title" data-testid="low-stock">
      <div className="card-head">
        <h2 id="inv-low-title">
          Low stock{location && ` at ${location}`}
          {locationName && <span className="inv-sub muted"> {locationName}</span>}
        </h2>
        {data && <UpdatedAt at={low.dataUpdatedAt} fetching={low.isFetching} testId="low-updated" />}
      </div>
      {!location && <p className="muted inv-empty">Choose a location to see what is below its reorder point.</p>}
      {location && low.isPending && <p className="muted inv-empty">Reading {location}…</p>}
      {location && low.isError && <QueryProblem error={low.error} onRetry={() => void low.refetch()} testId="low-problem" />}
      {data && data.total === 0 && (
        <p className="inv-empty inv-ok-text" data-testid="low-empty">
          {location} has nothing below its reorder point.
        </p>
      )}
      {data && data.total > 0 && (
        <>
          <p className="muted small inv-count" data-testid="low-count">
            {data.total === 1 ? '1 SKU' : `${data.total} SKUs`} below the reorder point, the shortest cover first
            {data.total > data.items.length && ` (the first ${LOW_STOCK_ROWS} shown)`}.
          </p>
          <div className="inv-scroll inv-scroll-tall">
            <table className="inv-table" data-testid="low-stock-table">
              <thead>
                <tr>
                  <th scope="col">SKU</th>
                  <th scope="col">Name</th>
                  <th scope="col" className="num">Available</th>
                  <th scope="col" className="num">Reorder point</th>
                  <th scope="col" className="num">On hand</th>
                  <th scope="col" className="num">Incoming</th>
                  <th scope="col" className="num">Days of cover</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((r) => (
                  <tr key={r.sku} data-testid={`low-row-${r.sku}`}>
                    <th scope="row">
                      <button type="button" className="inv-link" onClick={() => onPickSku(r.sku)} title={`Show ${r.sku} at every location`}>
                        {r.sku}
                      </button>
                    </th>
                    <td className="inv-name" title={r.category ?? undefined}>
                      {r.name ?? <span className="muted">no master data</span>}
                    </td>
                    <Units n={r.available} col="available" strong />
                    <ReorderPoint level={r} />
                    <Units n={r.onHand} col="onHand" />
                    <td className="num" data-col="incoming">
                      {r.incoming > 0 ? formatUnits(r.incoming) : <span className="muted">none</span>}
                    </td>
                    <DaysOfCover level={r} />
                    <LowFlag level={r} />
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
