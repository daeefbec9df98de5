import { getServerContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ cashierId: string }> };

/** One cashier's exception metrics per day or shift (server/loss/), described in GET /api/openapi.json. */
export async function GET(request: Request, { params }: Params): Promise<Response> {
  return getServerContext().loss.cashierExceptions(request, (await params).cashierId);
}
