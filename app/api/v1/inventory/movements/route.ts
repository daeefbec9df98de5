import { getServerContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Movements of one SKU at one location over a period, from ClickHouse (server/inventory/inventory-routes.ts). */
export function GET(request: Request): Promise<Response> {
  return getServerContext().inventory.movements(request);
}
