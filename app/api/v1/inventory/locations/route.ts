import { getServerContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The stores and warehouses the caller may see (server/inventory/inventory-routes.ts). */
export function GET(request: Request): Promise<Response> {
  return getServerContext().inventory.locations(request);
}
