import { getServerContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The alert rules' thresholds the caller sees, and what it may change (server/alerts/threshold-routes.ts). */
export async function GET(request: Request): Promise<Response> {
  return getServerContext().alertThresholds.get(request);
}

/** Sets or removes fields of one scope's thresholds (`{ scope, set }`), for the roles allowed to. */
export async function PATCH(request: Request): Promise<Response> {
  return getServerContext().alertThresholds.patch(request);
}
