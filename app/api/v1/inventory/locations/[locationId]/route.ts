import { getServerContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ locationId: string }> };

/** The SKUs of one location, filtered, sorted and paged (server/inventory/inventory-routes.ts). */
export async function GET(request: Request, { params }: Params): Promise<Response> {
  return getServerContext().inventory.location(request, (await params).locationId);
}
