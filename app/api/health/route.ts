import { getServerContext } from '@/server/context';

export const dynamic = 'force-dynamic';

/** Each dependency's status and latency; 503 when any one is down (for load balancers and probes). */
export async function GET(): Promise<Response> {
  const report = await getServerContext().health();
  return Response.json(report, {
    status: report.status === 'ok' ? 200 : 503,
    headers: { 'cache-control': 'no-store' },
  });
}
