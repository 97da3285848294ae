// Routes for login (throttled), logout, password change, the current user, and user management (admin only); all audited.
import type { Response } from 'express';
import type { JSONSchema } from '../../nodes/sdk/index.js';
import type { ApiRouter, RouteRequest } from './api-router.js';
import { currentToken, currentUser, type AuthService, type AuthUser } from './auth.js';
import { HttpError } from './http-error.js';
import { ROLES, type Role, type User, type UserChanges, type UserStore } from '../store/user-store.js';
import { PERMISSIONS, type Permission } from '../security/permissions.js';
import type { ThrottleRefusal } from '../security/login-throttle.js';

const ADMIN = ['admin'] as const;
const passwordSchema: JSONSchema = { type: 'string', minLength: 8, maxLength: 200 };
const grantsSchema: JSONSchema = { type: 'array', items: { enum: [...PERMISSIONS] }, uniqueItems: true, description: 'Permissions beyond the role\'s (see docs/api.md).' };

const userTarget = (request: RouteRequest): string => `user:${String((request.body as { username?: unknown }).username ?? '')}`;
const pathUserTarget = (request: RouteRequest): string => `user:${request.params.username ?? ''}`;
/** The caller itself; known at record time because the guard put the user on res.locals. */
const selfTarget = (request: RouteRequest): string => `user:${(request.raw.res?.locals.user as AuthUser | undefined)?.username ?? ''}`;

function clientAddress(request: RouteRequest): string {
  return request.raw.ip ?? request.raw.socket.remoteAddress ?? 'unknown';
}

function throttled(res: Response, refusal: ThrottleRefusal, path: string): HttpError {
  res.setHeader('Retry-After', String(refusal.retryAfterSeconds));
  return new HttpError(429, 'too many failed logins', [{ path, message: `too many failed attempts for this ${refusal.scope === 'username' ? 'user' : 'client address'}; retry in ${refusal.retryAfterSeconds} s` }]);
}

/** Which fields an update changed, for the audit entry. */
function changedFields(before: User, after: User): Record<string, { before: unknown; after: unknown }> {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const field of ['role', 'disabled', 'grants'] as const) {
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) changes[field] = { before: before[field], after: after[field] };
  }
  return changes;
}

export function registerAuthRoutes(api: ApiRouter, auth: AuthService, users: UserStore): void {
  registerSessionRoutes(api, auth);
  registerUserRoutes(api, auth, users);
}

function registerSessionRoutes(api: ApiRouter, auth: AuthService): void {
  api.add<{ username: string; password: string }>({
    method: 'post', path: '/api/auth/login', tag: 'auth', summary: 'Exchange username and password for a bearer token (throttled: 429 with Retry-After after repeated failures)', access: 'public',
    body: { type: 'object', properties: { username: { type: 'string', minLength: 1, maxLength: 100 }, password: { type: 'string', minLength: 1, maxLength: 200 } }, required: ['username', 'password'], additionalProperties: false },
    response: { type: 'object', properties: { token: { type: 'string' }, user: { type: 'object' } } },
    audit: { action: 'auth.login', failedAction: 'auth.login.failed', target: userTarget },
    handler: async (request, res) => {
      const result = await auth.login(request.body.username, request.body.password, clientAddress(request));
      if (result.outcome === 'throttled') throw throttled(res, result.refusal, '$.username');
      if (result.outcome === 'refused') throw new HttpError(401, 'wrong username or password');
      res.locals.user = result.user; // the audit entry's actor
      return { token: result.token, user: result.user };
    },
  });

  api.add({
    method: 'post', path: '/api/auth/logout', tag: 'auth', summary: 'Revoke the token of this request (refused from now on, also after a restart)', access: 'authenticated',
    audit: { action: 'auth.logout', target: selfTarget },
    handler: async (_request, res) => {
      await auth.revokeToken(currentUser(res).username, currentToken(res));
      return { loggedOut: true };
    },
  });

  api.add<{ currentPassword: string; newPassword: string }>({
    method: 'post', path: '/api/auth/password', tag: 'auth', summary: 'Change your own password; your other tokens stop working, the answer carries a new token for this session', access: 'authenticated',
    body: { type: 'object', properties: { currentPassword: { type: 'string', minLength: 1, maxLength: 200 }, newPassword: passwordSchema }, required: ['currentPassword', 'newPassword'], additionalProperties: false },
    audit: { action: 'user.password.change', target: selfTarget },
    handler: async (request, res) => {
      const username = currentUser(res).username;
      const check = await auth.checkPassword(username, request.body.currentPassword, clientAddress(request));
      if (check === 'wrong') throw new HttpError(400, 'current password is wrong', [{ path: '$.currentPassword', message: 'does not match' }]);
      if (check !== 'ok') throw throttled(res, check, '$.currentPassword');
      if (request.body.newPassword === request.body.currentPassword) throw new HttpError(400, 'new password is the current one', [{ path: '$.newPassword', message: 'choose a different password' }]);
      await auth.changePassword(username, request.body.newPassword);
      return { token: await auth.reissue(username) };
    },
  });

  api.add({
    method: 'get', path: '/api/auth/me', tag: 'auth', summary: 'The user the token belongs to, with effective permissions', access: 'authenticated',
    handler: (_request, res) => currentUser(res),
  });
}

function registerUserRoutes(api: ApiRouter, auth: AuthService, users: UserStore): void {
  api.add({
    method: 'get', path: '/api/users', tag: 'users', summary: 'List users with role, disabled flag and grants', access: ADMIN,
    handler: async () => ({ users: await users.list() }),
  });

  api.add<{ username: string; password: string; role: Role; grants?: Permission[] }>({
    method: 'post', path: '/api/users', tag: 'users', summary: 'Create a user', access: ADMIN, successStatus: 201,
    body: {
      type: 'object',
      properties: { username: { type: 'string', pattern: '^[a-z0-9._-]{2,40}$' }, password: passwordSchema, role: { type: 'string', enum: [...ROLES] }, grants: grantsSchema },
      required: ['username', 'password', 'role'], additionalProperties: false,
    },
    audit: { action: 'user.create', target: userTarget, details: (request) => ({ role: (request.body as { role?: unknown }).role, grants: (request.body as { grants?: unknown }).grants ?? [] }) },
    handler: async ({ body }) => {
      if (await users.get(body.username)) throw new HttpError(409, `user "${body.username}" already exists`, [{ path: '$.username', message: 'is taken' }]);
      return users.create(body.username, body.password, body.role, body.grants);
    },
  });

  api.add<UserChanges>({
    method: 'put', path: '/api/users/:username', tag: 'users', summary: 'Change a user\'s role, disabled flag or permission grants; a new role or disabling revokes the user\'s tokens', access: ADMIN,
    body: {
      type: 'object', minProperties: 1, additionalProperties: false,
      properties: { role: { type: 'string', enum: [...ROLES] }, disabled: { type: 'boolean' }, grants: grantsSchema },
    },
    audit: {
      action: 'user.update', target: pathUserTarget,
      refineAction: (_request, result) => ('grants' in ((result as { changes?: object }).changes ?? {}) ? 'user.permissions.change' : 'user.update'),
      details: (_request, result) => ({ changes: (result as { changes?: unknown }).changes }),
    },
    handler: async ({ params, body }, res) => {
      const username = params.username!;
      if (username === currentUser(res).username && (body.role !== undefined || body.disabled === true)) {
        throw new HttpError(400, 'you cannot change your own role or disable yourself', [{ path: body.role !== undefined ? '$.role' : '$.disabled', message: 'ask another admin' }]);
      }
      const updated = await users.update(username, body);
      if (!updated) throw new HttpError(404, `user "${username}" does not exist`);
      auth.userChanged(username);
      return { user: updated.after, changes: changedFields(updated.before, updated.after) };
    },
  });

  api.add<{ password: string }>({
    method: 'post', path: '/api/users/:username/password', tag: 'users', summary: 'Reset a user\'s password; all of the user\'s tokens stop working', access: ADMIN,
    body: { type: 'object', properties: { password: passwordSchema }, required: ['password'], additionalProperties: false },
    audit: { action: 'user.password.reset', target: pathUserTarget },
    handler: async ({ params, body }) => {
      if (!(await auth.changePassword(params.username!, body.password))) throw new HttpError(404, `user "${params.username}" does not exist`);
      return { username: params.username, reset: true };
    },
  });

  api.add({
    method: 'delete', path: '/api/users/:username', tag: 'users', summary: 'Delete a user; the user\'s tokens stop working at once', access: ADMIN,
    audit: { action: 'user.delete', target: pathUserTarget },
    handler: async ({ params }, res) => {
      if (params.username === currentUser(res).username) throw new HttpError(400, 'you cannot delete yourself');
      if (!(await users.remove(params.username!))) throw new HttpError(404, `user "${params.username}" does not exist`);
      auth.userChanged(params.username!);
      return { username: params.username, removed: true };
    },
  });
}
