import { getServerContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The risk ranking's weights in force, earlier versions and defaults (server/loss/risk-routes.ts). */
export function GET(request: Request): Promise<Response> {
  return getServerContext().lossRisk.weights(request);
}

/** Stores new weights as the next version (admin only, Origin checked). */
export function PUT(request: Request): Promise<Response> {
  return getServerContext().lossRisk.putWeights(request);
}
