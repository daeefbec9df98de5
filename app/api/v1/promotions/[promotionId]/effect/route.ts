import { getServerContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ promotionId: string }> };

/** A promotion's effect (HQ roles; server/promotions/effect-service.ts). */
export async function GET(request: Request, { params }: Params): Promise<Response> {
  return getServerContext().promotions.effect(request, (await params).promotionId);
}
