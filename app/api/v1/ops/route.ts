import { getServerContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The operations view's numbers, admin only (server/ops/ops-routes.ts). */
export async function GET(request: Request): Promise<Response> {
  return getServerContext().ops.ops(request);
}
