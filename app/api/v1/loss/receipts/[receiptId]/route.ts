import { getServerContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ receiptId: string }> };

/** The full event journal of one receipt (server/loss/journal-routes.ts), described in GET /api/openapi.json. */
export async function GET(request: Request, { params }: Params): Promise<Response> {
  return getServerContext().lossJournal.receiptJournal(request, (await params).receiptId);
}
