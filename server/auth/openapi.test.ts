import { describe, expect, it } from 'vitest';
import { openApiChecker } from '../../test/openapi-checker';
import { openApiDocument } from '../openapi/api';
import { adminUser, authAnswers, sessionUser } from './answers';
import type { UserRecord } from './user-store';

const doc = openApiDocument('0.0.0-test') as {
  paths: Record<string, Record<string, { security?: unknown; responses: Record<string, unknown> }>>;
  components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
};
const check = openApiChecker(doc);

const user: UserRecord = {
  userId: 'u1',
  username: 'manager',
  role: 'store_manager',
  stores: ['S001'],
  tokenVersion: 1,
  passwordSetAt: '2026-01-01T00:00:00.000Z',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

const bodyOf = async (r: Response) => ({ status: r.status, body: (await r.json()) as unknown });

describe('the auth path group of the OpenAPI document', () => {
  it('has the cookie scheme, required by /me and the admin routes, not by sign-in and sign-out', () => {
    expect(doc.components.securitySchemes.cookieAuth).toEqual(expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'ts_session' }));
    expect(doc.paths['/api/auth/me']!.get!.security).toEqual([{ cookieAuth: [] }]);
    for (const [path, method] of [
      ['/api/v1/admin/users', 'get'],
      ['/api/v1/admin/users', 'post'],
      ['/api/v1/admin/users/{username}', 'patch'],
      ['/api/v1/admin/users/{username}', 'delete'],
    ] as const) {
      expect(doc.paths[path]![method]!.security, `${method} ${path}`).toEqual([{ cookieAuth: [] }]);
    }
    expect(doc.paths['/api/auth/sign-in']!.post!.security).toEqual([]);
  });

  it('documents what the handlers answer, status by status', async () => {
    const samples: [string, string, Response][] = [
      ['/api/auth/sign-in', 'post', authAnswers.json(200, sessionUser(user))],
      ['/api/auth/sign-in', 'post', authAnswers.badRequest('username', 'too short')],
      ['/api/auth/sign-in', 'post', authAnswers.subrequestHeader()],
      ['/api/auth/sign-in', 'post', authAnswers.badCredentials()],
      ['/api/auth/sign-in', 'post', authAnswers.badOrigin('https://evil.example', 'http://127.0.0.1:3000')],
      ['/api/auth/sign-in', 'post', authAnswers.tooLarge(16384)],
      ['/api/auth/sign-in', 'post', authAnswers.unsupportedMediaType()],
      ['/api/auth/sign-in', 'post', authAnswers.rateLimited(120)],
      ['/api/auth/sign-in', 'post', authAnswers.unavailable()],
      ['/api/auth/me', 'get', authAnswers.json(200, sessionUser({ ...user, role: 'admin', stores: 'all' }))],
      ['/api/auth/me', 'get', authAnswers.unauthenticated()],
      ['/api/v1/admin/users', 'get', authAnswers.json(200, { users: [adminUser(user)] })],
      ['/api/v1/admin/users', 'get', authAnswers.forbidden('only the admin role manages users')],
      ['/api/v1/admin/users', 'post', authAnswers.json(201, { user: adminUser(user) })],
      ['/api/v1/admin/users', 'post', authAnswers.conflict('a user named "x" already exists')],
      ['/api/v1/admin/users/{username}', 'patch', authAnswers.json(200, { user: adminUser(user) })],
      ['/api/v1/admin/users/{username}', 'patch', authAnswers.notFound('no user named "x"')],
      ['/api/v1/admin/users/{username}', 'delete', authAnswers.notFound('no user named "x"')],
    ];
    for (const [path, method, response] of samples) {
      const { status, body } = await bodyOf(response);
      expect(check.checkBody(path, method, status, body), `${method} ${path} ${status}`).toBeNull();
    }
    expect(check.statuses('/api/auth/sign-out', 'post')).toContain('204');
    expect(check.statuses('/api/v1/admin/users/{username}', 'delete')).toContain('204');
  });
});
