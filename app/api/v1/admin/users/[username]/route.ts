import { getServerContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ username: string }> };

/** Changes a user's role, stores or password (admin role only; server/auth/admin-routes.ts). */
export async function PATCH(request: Request, { params }: Params): Promise<Response> {
  return getServerContext().auth.routes.updateUser(request, (await params).username);
}

/** Deletes a user (admin role only). */
export async function DELETE(request: Request, { params }: Params): Promise<Response> {
  return getServerContext().auth.routes.deleteUser(request, (await params).username);
}
