import { jsonSchemaOf, ref, type ApiPathGroup } from '../openapi/document';
import { adminUserAnswerSchema, adminUserSchema, adminUsersSchema, authErrorSchema, sessionUserSchema } from './answers';
import { MAX_JSON_BODY_BYTES } from './http-guards';
import { SESSION_COOKIE, SESSION_TTL_SECONDS } from './session-token';
import { SIGN_IN_MAX_ATTEMPTS, SIGN_IN_WINDOW_SECONDS } from './sign-in-limit';
import { newUserSchema, signInSchema, userPatchSchema } from './user-input';

const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });
const err = (description: string) => ({ description, ...json(ref('AuthError')) });
const retryAfter = { 'Retry-After': { description: 'seconds to wait before trying again', schema: { type: 'integer', minimum: 1 } } };
const cookie = [{ cookieAuth: [] }];

const common = {
  '400': err('A field of the request is wrong (`field` names it), or the request carries `x-middleware-subrequest`'),
  '503': { ...err('Redis (the user store) is not reachable; retry after Retry-After'), headers: retryAfter },
};
const signedIn = { '401': err('No valid session: no cookie, or a forged, expired or revoked one (`unauthenticated`)') };
const origin = { '403': err('`forbidden_origin`: the Origin header is not this site’s (see the tag’s description)') };
const jsonBody = {
  '413': err(`The body is larger than ${MAX_JSON_BODY_BYTES} bytes`),
  '415': err('The body is not `application/json`'),
};
const adminOnly = {
  '403': err('`forbidden`: the signed-in user is not an admin; or `forbidden_origin` (see the tag’s description)'),
};
const setCookie = {
  'Set-Cookie': { description: `\`${SESSION_COOKIE}=<token>; Path=/; HttpOnly; SameSite=Lax[; Secure]; Max-Age=${SESSION_TTL_SECONDS}\``, schema: { type: 'string' } },
};
const clearCookie = {
  'Set-Cookie': { description: `\`${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax[; Secure]; Max-Age=0\`: the cookie is cleared`, schema: { type: 'string' } },
};
const usernameParam = {
  name: 'username',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^[a-z0-9._-]{3,40}$' },
};

const TAG_DESCRIPTION = `Signing in and out, and managing users (admin role).

**Session.** \`POST /api/auth/sign-in\` sets the \`${SESSION_COOKIE}\` cookie: a signed token valid for ${SESSION_TTL_SECONDS / 3600} h,
httpOnly, SameSite=Lax, naming its own session. It stops working earlier when that session is signed out
(\`POST /api/auth/sign-out\`: any copy of the cookie is refused from then on, other sessions of the user stay), or when
the user is changed (role, stores, password) or deleted (every session of the user).

**Roles.** \`store_manager\` sees its stores only; \`merchandiser\`, \`fraud_analyst\` and \`admin\` see every store; only
\`admin\` manages users.

**Origin.** Every POST, PATCH and DELETE must carry \`Origin\` equal to this server's origin (scheme and Host), or no
Origin and \`Sec-Fetch-Site: same-origin\`; otherwise 403 \`forbidden_origin\`. Browsers do this by themselves; other clients
send \`Origin: <the server's URL>\`. A request carrying \`x-middleware-subrequest\` is refused with 400.`;

/** /api/auth/* and /api/v1/admin/users*. */
export const authApi: ApiPathGroup = {
  tag: { name: 'auth', description: TAG_DESCRIPTION },
  paths: {
    '/api/auth/sign-in': {
      post: {
        operationId: 'signIn',
        summary: 'Sign in with username and password',
        description:
          `The same 401 for an unknown user and a wrong password. At most ${SIGN_IN_MAX_ATTEMPTS} attempts per username and ` +
          `client address in ${SIGN_IN_WINDOW_SECONDS / 60} minutes (a successful sign-in clears the count); then 429.`,
        security: [],
        requestBody: { required: true, ...json(ref('SignInRequest')) },
        responses: {
          '200': { description: 'Signed in: the session cookie is set', headers: setCookie, ...json(ref('SessionUser')) },
          ...common,
          '401': err('`invalid_credentials`: wrong username or password'),
          ...origin,
          ...jsonBody,
          '429': { ...err('`rate_limited`: too many attempts for this username from this address'), headers: retryAfter },
        },
      },
    },
    '/api/auth/sign-out': {
      post: {
        operationId: 'signOut',
        summary: 'Sign out: ends the session of the cookie sent, and clears the cookie',
        description:
          'The session of the `' +
          SESSION_COOKIE +
          '` cookie sent is revoked until its token expires: the API, the pages and the live socket refuse any copy of ' +
          'that cookie from now on (an open `/live` socket of it is closed within 5 s). The user’s other sessions stay signed ' +
          'in. Without a valid cookie there is nothing to revoke: 204 all the same. Past the Origin check the cookie is cleared ' +
          'in every answer, 503 included.',
        security: [],
        responses: {
          '204': { description: 'Signed out: the session is revoked (or there was none) and the cookie is cleared', headers: clearCookie },
          '400': common['400'],
          ...origin,
          '503': {
            ...err(
              '`not_revoked`: Redis is not reachable, so the session could not be revoked. The cookie is cleared all the same, ' +
                'but a copy of it stays valid until it expires; the same request again (same Cookie) revokes it',
            ),
            headers: { ...clearCookie, ...retryAfter },
          },
        },
      },
    },
    '/api/auth/me': {
      get: {
        operationId: 'getMe',
        summary: 'The signed-in user',
        security: cookie,
        responses: { '200': { description: 'The user of the session cookie', ...json(ref('SessionUser')) }, ...common, ...signedIn },
      },
    },
    '/api/v1/admin/users': {
      get: {
        operationId: 'listUsers',
        summary: 'Every user (admin)',
        security: cookie,
        responses: { '200': { description: 'Every user, by username', ...json(ref('AdminUsers')) }, ...common, ...signedIn, ...adminOnly },
      },
      post: {
        operationId: 'createUser',
        summary: 'Create a user (admin)',
        description: 'A `store_manager` needs at least one store; the HQ roles see every store (`stores` "all" or left out).',
        security: cookie,
        requestBody: { required: true, ...json(ref('NewUser')) },
        responses: {
          '201': { description: 'Created', ...json(ref('AdminUserAnswer')) },
          ...common,
          ...signedIn,
          ...adminOnly,
          '409': err('`conflict`: the username is taken'),
          ...jsonBody,
        },
      },
    },
    '/api/v1/admin/users/{username}': {
      patch: {
        operationId: 'updateUser',
        summary: 'Change a user’s role, stores or password (admin)',
        description:
          'Ends the user’s sessions (signed-in browsers must sign in again; open live connections leave the rooms they may no ' +
          'longer join, or close after a password change). An admin changing its own password gets a new cookie.',
        security: cookie,
        parameters: [usernameParam],
        requestBody: { required: true, ...json(ref('UserPatch')) },
        responses: {
          '200': { description: 'Changed', ...json(ref('AdminUserAnswer')) },
          ...common,
          ...signedIn,
          ...adminOnly,
          '404': err('`not_found`: no such user'),
          '409': err('`conflict`: an admin may not take the admin role from itself'),
          ...jsonBody,
        },
      },
      delete: {
        operationId: 'deleteUser',
        summary: 'Delete a user (admin)',
        description: 'Ends the user’s sessions and live connections.',
        security: cookie,
        parameters: [usernameParam],
        responses: {
          '204': { description: 'Deleted' },
          ...common,
          ...signedIn,
          ...adminOnly,
          '404': err('`not_found`: no such user'),
          '409': err('`conflict`: an admin may not delete itself'),
        },
      },
    },
  },
  schemas: {
    SignInRequest: jsonSchemaOf(signInSchema, 'input'),
    SessionUser: jsonSchemaOf(sessionUserSchema),
    NewUser: jsonSchemaOf(newUserSchema, 'input'),
    UserPatch: { ...jsonSchemaOf(userPatchSchema, 'input'), minProperties: 1 },
    AdminUser: jsonSchemaOf(adminUserSchema),
    AdminUsers: jsonSchemaOf(adminUsersSchema),
    AdminUserAnswer: jsonSchemaOf(adminUserAnswerSchema),
    AuthError: jsonSchemaOf(authErrorSchema),
  },
  securitySchemes: {
    cookieAuth: {
      type: 'apiKey',
      in: 'cookie',
      name: SESSION_COOKIE,
      description: 'The session cookie set by POST /api/auth/sign-in.',
    },
  },
};
