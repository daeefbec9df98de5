import { getServerContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ alertId: string }> };

/** Resolve an alert the caller may see (Origin checked; server/alerts/alert-routes.ts). */
export async function POST(request: Request, { params }: Params): Promise<Response> {
  return getServerContext().alerts.resolve(request, (await params).alertId);
}
