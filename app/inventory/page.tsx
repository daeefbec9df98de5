import type { Metadata } from 'next';
import { Suspense } from 'react';
import { InventoryView } from '@/components/inventory/inventory-view';
import { AppShell } from '@/components/shell/app-shell';
import { navLinksOf, requirePageAccess } from '../_auth/page-session';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Inventory · Tillstream' };

/**
 * Stock per SKU × location, live (admin, merchandiser; a store manager at its stores; a
 * fraud analyst gets "not allowed"): a SKU at every location, a location's low stock, open
 * replenishment orders, reorder points. The view is in the query string (`?sku=&location=`).
 */
export default async function InventoryPage() {
  const principal = await requirePageAccess('/inventory', (a, p) => a.inventory(p));
  const scope = Array.isArray(principal.stores) ? `your stores (${principal.stores.join(', ')})` : 'every store and warehouse';
  return (
    <AppShell principal={principal} links={navLinksOf(principal)}>
      <header className="masthead">
        <h1>Inventory</h1>
        <p className="lede">
          Stock per SKU and location at {scope}, read again every 10 seconds: on hand, reserved for web orders, available to promise, incoming from
          replenishment, and how many days it lasts at the last 7 days’ rate of sale.
        </p>
      </header>
      <Suspense fallback={<p className="muted">Loading the inventory…</p>}>
        <InventoryView />
      </Suspense>
    </AppShell>
  );
}
