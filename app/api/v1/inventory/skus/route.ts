import { getServerContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** SKUs of the master data by the start of their id or a part of their name (server/inventory/inventory-routes.ts). */
export function GET(request: Request): Promise<Response> {
  return getServerContext().inventory.skuSearch(request);
}
