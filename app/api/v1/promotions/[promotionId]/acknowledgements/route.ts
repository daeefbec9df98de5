import { getServerContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ promotionId: string }> };

/** The stores' acknowledgement of a promotion (HQ roles; server/promotions/acknowledgement-service.ts). */
export async function GET(request: Request, { params }: Params): Promise<Response> {
  return getServerContext().promotions.acknowledgements(request, (await params).promotionId);
}
