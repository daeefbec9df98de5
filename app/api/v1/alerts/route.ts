import { getServerContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The alerts the caller may see (server/alerts/alert-routes.ts). */
export async function GET(request: Request): Promise<Response> {
  return getServerContext().alerts.list(request);
}
