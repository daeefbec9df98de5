'use client';

import { formatDateTime, formatUnits } from './format';
import { QueryProblem } from './query-problem';
import { UpdatedAt } from './updated-at';
import { useOpenReplenishments } from './use-inventory-queries';

/** Open replenishment orders of the location chosen, or of every location the user may see; live. */
export function ReplenishmentOrders({ location, onPickSku }: { location: string | null; onPickSku: (sku: string) => void }) {
  const orders = useOpenReplenishments(location);
  const data = orders.data;
  const where = location ? `at ${location}` : 'at the locations you may see';
  return (
    <section className="card inv-card" aria-labelledby="inv-orders-title" data-testid="replenishments">
      <div className="card-head">
        <h2 id="inv-orders-title">Open replenishment orders {location ? `at ${location}` : <span className="inv-sub muted">all locations</span>}</h2>
        {data && <UpdatedAt at={orders.dataUpdatedAt} fetching={orders.isFetching} testId="orders-updated" />}
      </div>
      {orders.isPending && <p className="muted inv-empty">Reading the orders…</p>}
      {orders.isError && <QueryProblem error={orders.error} onRetry={() => void orders.refetch()} testId="orders-problem" />}
      {data && data.replenishments.length === 0 && (
        <p className="muted inv-empty" data-testid="orders-empty">
          No open replenishment orders {where}: nothing has been ordered that has not arrived.
        </p>
      )}
      {data && data.replenishments.length > 0 && (
        <>
          <p className="muted small inv-count" data-testid="orders-count">
            <strong className="inv-ink">
              {data.nextCursor ? `The newest ${data.replenishments.length} open orders` : data.replenishments.length === 1 ? '1 open order' : `${data.replenishments.length} open orders`}
            </strong>
            , newest first. Ordered when available fell below the reorder point, up to the target level; open until every unit has arrived (or a day has passed).
          </p>
          <div className="inv-scroll inv-scroll-tall">
            <table className="inv-table" data-testid="orders-table">
              <thead>
                <tr>
                  <th scope="col">Ordered</th>
                  {!location && <th scope="col">Location</th>}
                  <th scope="col">SKU</th>
                  <th scope="col" className="num">Quantity</th>
                  <th scope="col" className="num">Target level</th>
                  <th scope="col" className="num">Available then</th>
                  <th scope="col" className="num">Reorder point then</th>
                </tr>
              </thead>
              <tbody>
                {data.replenishments.map((o) => (
                  <tr key={o.id} data-testid={`order-row-${o.id}`}>
                    <td className="inv-nowrap">{formatDateTime(o.createdAt)}</td>
                    {!location && <td>{o.locationId}</td>}
                    <td>
                      <button type="button" className="inv-link" onClick={() => onPickSku(o.sku)} title={`Show ${o.sku} at every location`}>
                        {o.sku}
                      </button>
                    </td>
                    <td className="num inv-strong">{formatUnits(o.qty)}</td>
                    <td className="num">{formatUnits(o.targetLevel)}</td>
                    <td className={`num${o.evidence.available < 0 ? ' inv-negative' : ''}`}>{formatUnits(o.evidence.available)}</td>
                    <td className="num">{formatUnits(o.evidence.reorderPoint)}</td>
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
