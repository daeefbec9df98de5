import { getServerContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The loss rules' hits of a store or every store over store-local days (server/loss/rules-routes.ts). */
export function GET(request: Request): Promise<Response> {
  return getServerContext().lossRules.alerts(request);
}
