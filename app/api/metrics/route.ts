import { getServerContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The operations numbers in the Prometheus text format: an admin session or the METRICS_TOKEN bearer (server/ops/ops-routes.ts). */
export async function GET(request: Request): Promise<Response> {
  return getServerContext().ops.metrics(request);
}
