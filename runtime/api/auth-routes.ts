// Routes for login, the current user, and user management (admin only).
import type { ApiRouter } from './api-router.js';
import { currentUser, type AuthService } from './auth.js';
import { HttpError } from './http-error.js';
import { ROLES, type Role, type UserStore } from '../store/user-store.js';

export function registerAuthRoutes(api: ApiRouter, auth: AuthService, users: UserStore): void {
  api.add<{ username: string; password: string }>({
    method: 'post', path: '/api/auth/login', tag: 'auth', summary: 'Exchange username and password for a bearer token', access: 'public',
    body: { type: 'object', properties: { username: { type: 'string', minLength: 1 }, password: { type: 'string', minLength: 1 } }, required: ['username', 'password'], additionalProperties: false },
    response: { type: 'object', properties: { token: { type: 'string' }, user: { type: 'object' } } },
    handler: async ({ body }) => {
      const session = await auth.login(body.username, body.password);
      if (!session) throw new HttpError(401, 'wrong username or password');
      return session;
    },
  });

  api.add({
    method: 'get', path: '/api/auth/me', tag: 'auth', summary: 'The user the token belongs to', access: 'authenticated',
    handler: (_request, res) => currentUser(res),
  });

  api.add({
    method: 'get', path: '/api/users', tag: 'users', summary: 'List users', access: ['admin'],
    handler: async () => ({ users: await users.list() }),
  });

  api.add<{ username: string; password: string; role: Role }>({
    method: 'post', path: '/api/users', tag: 'users', summary: 'Create a user', access: ['admin'], successStatus: 201,
    body: {
      type: 'object',
      properties: { username: { type: 'string', pattern: '^[a-z0-9._-]{2,40}$' }, password: { type: 'string', minLength: 8 }, role: { type: 'string', enum: [...ROLES] } },
      required: ['username', 'password', 'role'], additionalProperties: false,
    },
    handler: async ({ body }) => {
      try {
        return await users.create(body.username, body.password, body.role);
      } catch (error) {
        throw new HttpError(409, error instanceof Error ? error.message : String(error));
      }
    },
  });

  api.add({
    method: 'delete', path: '/api/users/:username', tag: 'users', summary: 'Delete a user', access: ['admin'],
    handler: async ({ params }, res) => {
      if (params.username === currentUser(res).username) throw new HttpError(400, 'you cannot delete yourself');
      if (!(await users.remove(params.username!))) throw new HttpError(404, `user "${params.username}" does not exist`);
      return { username: params.username, removed: true };
    },
  });
}
