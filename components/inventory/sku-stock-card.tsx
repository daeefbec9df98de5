'use client';

import { ApiError } from './inventory-fetch';
import { QueryProblem } from './query-problem';
import { ReorderPointForm } from './reorder-point-form';
import { SkuSearchBox } from './sku-search-box';
import { SkuStockTable } from './sku-stock-table';
import { UpdatedAt } from './updated-at';
import { useSkuStock } from './use-inventory-queries';

/** "Stock by location": find a SKU, see it at every location the user may see, live; set its reorder point. */
export function SkuStockCard({
  sku,
  location,
  locationNames,
  onPickSku,
  onPickLocation,
}: {
  sku: string | null;
  location: string | null;
  locationNames: Map<string, string | null>;
  onPickSku: (sku: string) => void;
  onPickLocation: (locationId: string) => void;
}) {
  const stock = useSkuStock(sku);
  const data = stock.data && stock.data.sku === sku ? stock.data : undefined;
  const notFound = stock.error instanceof ApiError && stock.error.status === 404;
  return (
    <section className="card inv-card" aria-labelledby="inv-sku-title" data-testid="sku-stock">
      <div className="card-head">
        <h2 id="inv-sku-title">Stock by location</h2>
        {data && <UpdatedAt at={stock.dataUpdatedAt} fetching={stock.isFetching} testId="sku-updated" />}
      </div>
      <SkuSearchBox selected={sku} onPick={onPickSku} />
      {!sku && <p className="muted inv-empty">Find a SKU by the start of its id or a part of its name to see it at every location you may see.</p>}
      {sku && stock.isPending && <p className="muted inv-empty">Reading {sku}…</p>}
      {sku && stock.isError && !data && (
        <QueryProblem
          error={stock.error}
          message={notFound ? `No SKU ${sku} in the master data or at a location you may see` : undefined}
          onRetry={notFound ? undefined : () => void stock.refetch()}
          testId="sku-problem"
        />
      )}
      {data && (
        <>
          <p className="inv-sku-head" data-testid="sku-heading">
            <strong>{data.sku}</strong>
            {data.name ? <span> · {data.name}</span> : <span className="muted"> · no master data</span>}
            {data.category && <span className="muted"> · {data.category}</span>}
          </p>
          {stock.isError && <QueryProblem error={stock.error} onRetry={() => void stock.refetch()} />}
          {data.locations.length === 0 ? (
            <p className="muted inv-empty">No location you may see keeps stock yet.</p>
          ) : (
            <>
              <SkuStockTable answer={data} locationNames={locationNames} currentLocation={location} onPickLocation={onPickLocation} />
              <ReorderPointForm key={data.sku} sku={data.sku} rows={data.locations} preferredLocation={location} />
            </>
          )}
        </>
      )}
    </section>
  );
}
