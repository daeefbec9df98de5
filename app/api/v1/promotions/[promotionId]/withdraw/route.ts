import { getServerContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ promotionId: string }> };

/** Withdraw a promotion (merchandisers and admins, Origin checked; server/promotions/promotion-routes.ts). */
export async function POST(request: Request, { params }: Params): Promise<Response> {
  return getServerContext().promotions.withdraw(request, (await params).promotionId);
}
