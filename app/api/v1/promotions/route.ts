import { getServerContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** The promotions authored here (HQ roles; server/promotions/promotion-routes.ts). */
export async function GET(request: Request): Promise<Response> {
  return getServerContext().promotions.list(request);
}

/** A new draft (merchandisers and admins, Origin checked). */
export async function POST(request: Request): Promise<Response> {
  return getServerContext().promotions.create(request);
}
