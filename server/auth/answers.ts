import { z } from 'zod';
import { roleSchema } from './user-input';
import type { UserRecord } from './user-store';

/**
 * Every answer of the auth routes: the zod schema of each body (the OpenAPI document,
 * openapi.ts, is generated from these) and the builders the handlers answer with. Never
 * cached: they depend on the cookie.
 */
const storesOutSchema = z.union([z.array(z.string()), z.literal('all')]).describe('store ids the user may see, or "all" (HQ roles)');

export const sessionUserSchema = z
  .object({ user: z.object({ username: z.string(), role: roleSchema, stores: storesOutSchema }) })
  .describe('The signed-in user');

export const adminUserSchema = z
  .object({
    username: z.string(),
    role: roleSchema,
    stores: storesOutSchema,
    createdAt: z.string().describe('ISO 8601 UTC'),
    updatedAt: z.string().describe('ISO 8601 UTC; every change also ends the user’s sessions'),
    passwordSetAt: z.string().describe('ISO 8601 UTC'),
  })
  .describe('A user, without its password hash');

export const adminUserAnswerSchema = z.object({ user: adminUserSchema });
export const adminUsersSchema = z.object({ users: z.array(adminUserSchema).describe('by username') }).describe('Every user');

export const authErrorSchema = z
  .object({
    error: z.string().describe('machine-readable code'),
    message: z.string().describe('what is wrong, for humans'),
    field: z.string().optional().describe('400 only: the request field that is wrong ("" for the body as a whole)'),
    retryAfterSeconds: z.int().min(1).optional().describe('429 and 503: the same as the Retry-After header'),
  })
  .describe('An error');

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  Response.json(body, { status, headers: { 'cache-control': 'no-store', ...headers } });

type ErrorBody = z.infer<typeof authErrorSchema>;
const error = (status: number, body: ErrorBody, headers?: Record<string, string>) => json(status, body, headers);

export const sessionUser = (u: Pick<UserRecord, 'username' | 'role' | 'stores'>): z.infer<typeof sessionUserSchema> => ({
  user: { username: u.username, role: u.role, stores: u.stores },
});

export const adminUser = (u: UserRecord): z.infer<typeof adminUserSchema> => ({
  username: u.username,
  role: u.role,
  stores: u.stores,
  createdAt: u.createdAt,
  updatedAt: u.updatedAt,
  passwordSetAt: u.passwordSetAt,
});

export const authAnswers = {
  json,
  noContent: (headers: Record<string, string> = {}) => new Response(null, { status: 204, headers: { 'cache-control': 'no-store', ...headers } }),
  badRequest: (field: string, message: string) => error(400, { error: 'invalid_request', field, message: `${field || 'body'}: ${message}` }),
  subrequestHeader: () =>
    error(400, { error: 'invalid_request', message: 'the x-middleware-subrequest header is internal to Next.js and not accepted from clients' }),
  unauthenticated: (message = 'sign in first: POST /api/auth/sign-in') => error(401, { error: 'unauthenticated', message }),
  badCredentials: () => error(401, { error: 'invalid_credentials', message: 'wrong username or password' }),
  forbidden: (message: string) => error(403, { error: 'forbidden', message }),
  badOrigin: (origin: string | null, own: string) =>
    error(403, {
      error: 'forbidden_origin',
      message:
        origin === null
          ? `no Origin header: a request that changes something must come from ${own} (send Origin: ${own})`
          : `Origin ${JSON.stringify(origin.slice(0, 200))} is not ${own}: requests that change something must come from this site`,
    }),
  notFound: (message: string) => error(404, { error: 'not_found', message }),
  conflict: (message: string) => error(409, { error: 'conflict', message }),
  tooLarge: (maxBytes: number) => error(413, { error: 'body_too_large', message: `the body is larger than ${maxBytes} bytes` }),
  unsupportedMediaType: () => error(415, { error: 'unsupported_media_type', message: 'send a JSON body: Content-Type: application/json' }),
  rateLimited: (retryAfterSeconds: number) =>
    error(
      429,
      { error: 'rate_limited', message: `too many sign-in attempts for this user from this address; try again in ${retryAfterSeconds} s`, retryAfterSeconds },
      { 'retry-after': String(retryAfterSeconds) },
    ),
  unavailable: () =>
    error(503, { error: 'unavailable', message: 'the user store is not reachable right now; retry later', retryAfterSeconds: 5 }, { 'retry-after': '5' }),
  internalError: () => error(500, { error: 'internal_error', message: 'unexpected server error' }),
};
