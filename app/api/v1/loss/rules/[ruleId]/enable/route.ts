import { getServerContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ ruleId: string }> };

/** Switches a loss rule on (admin only, Origin checked; server/loss/rules-routes.ts). */
export async function POST(request: Request, { params }: Params): Promise<Response> {
  return getServerContext().lossRules.enable(request, (await params).ruleId);
}
