import { getServerContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ storeId: string }> };

/** A store's tills and cashiers on shift (server/stores/activity-routes.ts). */
export async function GET(request: Request, { params }: Params): Promise<Response> {
  return getServerContext().storeActivity.activity(request, (await params).storeId);
}
