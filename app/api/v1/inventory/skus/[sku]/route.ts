import { getServerContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ sku: string }> };

/** One SKU at every location the caller may see (server/inventory/inventory-routes.ts). */
export async function GET(request: Request, { params }: Params): Promise<Response> {
  return getServerContext().inventory.sku(request, (await params).sku);
}
