import { getServerContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ ruleId: string }> };

/** One loss rule with its versions (server/loss/rules-routes.ts). */
export async function GET(request: Request, { params }: Params): Promise<Response> {
  return getServerContext().lossRules.get(request, (await params).ruleId);
}

/** Saves a rule as its next version (admin only, Origin checked). */
export async function PUT(request: Request, { params }: Params): Promise<Response> {
  return getServerContext().lossRules.put(request, (await params).ruleId);
}
