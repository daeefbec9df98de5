import { getServerContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ locationId: string; sku: string }> };

/** Sets the reorder point of a SKU at a location (server/inventory/inventory-routes.ts). */
export async function PUT(request: Request, { params }: Params): Promise<Response> {
  const { locationId, sku } = await params;
  return getServerContext().inventory.putThreshold(request, locationId, sku);
}

/** Removes it: the default from sales velocity applies again. */
export async function DELETE(request: Request, { params }: Params): Promise<Response> {
  const { locationId, sku } = await params;
  return getServerContext().inventory.deleteThreshold(request, locationId, sku);
}
