import type { Logger } from '../../lib/log';
import { adminUser, authAnswers } from './answers';
import { checkOrigin, isHttps, readJsonBody } from './http-guards';
import type { Principal } from './principal';
import { answerErrors } from './route-errors';
import { sessionSetCookie } from './session-token';
import type { Sessions } from './sessions';
import { parseInput, userPatchSchema, usernameSchema, type NewUserInput, type UserPatch } from './user-input';
import type { UserStore } from './user-store';

/** /api/v1/admin/users and /api/v1/admin/users/{username}: the admin role only. */
export interface AdminRoutes {
  listUsers: (request: Request) => Promise<Response>;
  createUser: (request: Request) => Promise<Response>;
  updateUser: (request: Request, username: string) => Promise<Response>;
  deleteUser: (request: Request, username: string) => Promise<Response>;
}

export function createAdminRoutes(deps: {
  users: UserStore;
  sessions: Pick<Sessions, 'issue' | 'forget'>;
  requirePrincipal: (request: Request) => Promise<Principal | Response>;
  log: Logger;
}): AdminRoutes {
  const { users, log } = deps;

  /** Origin first for a mutation (nothing else is looked at for a forged request), then the session, then the role. */
  async function requireAdmin(request: Request): Promise<Principal | Response> {
    const refused = checkOrigin(request);
    if (refused) return refused;
    const p = await deps.requirePrincipal(request);
    if (p instanceof Response || p.role === 'admin') return p;
    return authAnswers.forbidden(`only the admin role manages users; ${p.username} is a ${p.role}`);
  }

  /** The username of the path, or the 400 naming it. */
  const pathUsername = (raw: string) => {
    const r = usernameSchema.safeParse(raw);
    return r.success ? r.data : authAnswers.badRequest('username', `in the path: ${r.error.issues[0]?.message ?? 'invalid'}`);
  };

  return {
    listUsers: (request) =>
      answerErrors(log, 'list users', async () => {
        const admin = await requireAdmin(request);
        if (admin instanceof Response) return admin;
        return authAnswers.json(200, { users: (await users.listUsers()).map(adminUser) });
      }),

    createUser: (request) =>
      answerErrors(log, 'create user', async () => {
        const admin = await requireAdmin(request);
        if (admin instanceof Response) return admin;
        const body = await readJsonBody(request);
        if (!body.ok) return body.response;
        const user = await users.createUser(body.value as NewUserInput);
        log.info({ by: admin.username, username: user.username, role: user.role }, 'auth: user created');
        return authAnswers.json(201, { user: adminUser(user) }, { location: `/api/v1/admin/users/${user.username}` });
      }),

    /**
     * Every change bumps the user's tokenVersion: its sessions end. An admin changing its
     * own password gets a new cookie at once; it may not take the admin role from itself
     * (another admin can), so that a chain is never left without one by accident.
     */
    updateUser: (request, rawUsername) =>
      answerErrors(log, 'update user', async () => {
        const admin = await requireAdmin(request);
        if (admin instanceof Response) return admin;
        const username = pathUsername(rawUsername);
        if (username instanceof Response) return username;
        const body = await readJsonBody(request);
        if (!body.ok) return body.response;
        const patch: UserPatch = parseInput(userPatchSchema, body.value);
        const self = username === admin.username;
        if (self && patch.role !== undefined && patch.role !== 'admin') {
          return authAnswers.conflict('you cannot take the admin role from yourself; another admin can');
        }
        const user = await users.updateUser(username, patch);
        deps.sessions.forget(user.userId);
        log.info({ by: admin.username, username, role: user.role, changed: Object.keys(patch) }, 'auth: user changed');
        const headers: Record<string, string> = self ? { 'set-cookie': sessionSetCookie(await deps.sessions.issue(user), { secure: isHttps(request) }) } : {};
        return authAnswers.json(200, { user: adminUser(user) }, headers);
      }),

    deleteUser: (request, rawUsername) =>
      answerErrors(log, 'delete user', async () => {
        const admin = await requireAdmin(request);
        if (admin instanceof Response) return admin;
        const username = pathUsername(rawUsername);
        if (username instanceof Response) return username;
        if (username === admin.username) return authAnswers.conflict('you cannot delete yourself; another admin can');
        const before = await users.getUser(username);
        if (!before || !(await users.deleteUser(username))) return authAnswers.notFound(`no user named "${username}"`);
        deps.sessions.forget(before.userId);
        log.info({ by: admin.username, username }, 'auth: user deleted');
        return authAnswers.noContent();
      }),
  };
}
