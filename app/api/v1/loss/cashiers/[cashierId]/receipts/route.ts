import { getServerContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ cashierId: string }> };

/** One cashier's receipts with their exceptions, JSON or CSV (server/loss/journal-routes.ts), described in GET /api/openapi.json. */
export async function GET(request: Request, { params }: Params): Promise<Response> {
  return getServerContext().lossJournal.cashierReceipts(request, (await params).cashierId);
}
