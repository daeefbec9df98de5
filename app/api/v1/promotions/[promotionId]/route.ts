import { getServerContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ promotionId: string }> };

/** One promotion with its overlaps (server/promotions/promotion-routes.ts). */
export async function GET(request: Request, { params }: Params): Promise<Response> {
  return getServerContext().promotions.get(request, (await params).promotionId);
}

/** Edit a draft based on the version shown. */
export async function PUT(request: Request, { params }: Params): Promise<Response> {
  return getServerContext().promotions.edit(request, (await params).promotionId);
}

/** Delete a draft (`?basedOn=`). */
export async function DELETE(request: Request, { params }: Params): Promise<Response> {
  return getServerContext().promotions.remove(request, (await params).promotionId);
}
