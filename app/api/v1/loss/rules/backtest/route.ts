import { getServerContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Runs a rule, stored or new, over a period of history (server/loss/rules-backtest.ts); analysts and admins, Origin checked. */
export function POST(request: Request): Promise<Response> {
  return getServerContext().lossRules.backtest(request);
}
