import { getServerContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ orderId: string }> };

/** The reservation of an order (server/inventory/reservation-routes.ts). */
export async function GET(request: Request, { params }: Params): Promise<Response> {
  return getServerContext().reservations.get(request, (await params).orderId);
}

/** Releases the reservation of an order. */
export async function DELETE(request: Request, { params }: Params): Promise<Response> {
  return getServerContext().reservations.release(request, (await params).orderId);
}
