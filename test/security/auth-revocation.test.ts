// Attacks on tokens: a deleted, re-created, demoted, disabled or logged-out user's token must stop working at once, on HTTP and socket.io, and after a restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';
import { auditEntries, connectLive, createUser, disconnection, statusWith } from './auth-support.js';

describe('token revocation', () => {
  let runtime: RuntimeProcess;
  let admin: string;

  beforeAll(async () => {
    runtime = await startRuntime();
    admin = await runtime.login();
  }, 60_000);

  afterAll(async () => {
    await runtime?.stop();
  });

  it('refuses a deleted user\'s token, and a re-created user of the same name does not inherit it or its role', async () => {
    const stolen = await createUser(runtime, admin, 'bob', 'admin');
    expect(await statusWith(runtime, stolen, '/api/users')).toBe(200);
    expect((await runtime.api('DELETE', '/api/users/bob', undefined, admin)).status).toBe(200);
    expect(await statusWith(runtime, stolen)).toBe(401);
    await expect(connectLive(runtime, stolen)).rejects.toThrow(/authentication required/);

    await createUser(runtime, admin, 'bob', 'operator');
    expect(await statusWith(runtime, stolen, '/api/users')).toBe(401);
    const fresh = await runtime.login('bob', 'bob-password');
    expect((await runtime.api<{ role: string }>('GET', '/api/auth/me', undefined, fresh)).body.role).toBe('operator');
  });

  it('logout revokes only that token', async () => {
    const first = await createUser(runtime, admin, 'lena', 'analyst');
    const second = await runtime.login('lena', 'lena-password');
    expect((await runtime.api('POST', '/api/auth/logout', undefined, first)).status).toBe(200);
    expect(await statusWith(runtime, first)).toBe(401);
    expect(await statusWith(runtime, second)).toBe(200);
  });

  it('a role change revokes the user\'s tokens; the next login carries the new role', async () => {
    const token = await createUser(runtime, admin, 'rita', 'admin');
    const changed = await runtime.api('PUT', '/api/users/rita', { role: 'operator' }, admin);
    expect(changed.status).toBe(200);
    expect(await statusWith(runtime, token, '/api/users')).toBe(401);
    const again = await runtime.login('rita', 'rita-password');
    expect((await runtime.api<{ role: string }>('GET', '/api/auth/me', undefined, again)).body.role).toBe('operator');
    expect(await statusWith(runtime, again, '/api/users')).toBe(403);
  });

  it('disabling a user revokes the tokens and refuses logins until re-enabled', async () => {
    const token = await createUser(runtime, admin, 'dora', 'analyst');
    expect((await runtime.api('PUT', '/api/users/dora', { disabled: true }, admin)).status).toBe(200);
    expect(await statusWith(runtime, token)).toBe(401);
    expect((await runtime.api('POST', '/api/auth/login', { username: 'dora', password: 'dora-password' })).status).toBe(401);
    expect((await runtime.api('PUT', '/api/users/dora', { disabled: false }, admin)).status).toBe(200);
    expect(await statusWith(runtime, await runtime.login('dora', 'dora-password'))).toBe(200);
  });

  it('a password change needs the current password, revokes the other tokens and hands back a new one', async () => {
    const mine = await createUser(runtime, admin, 'pete', 'analyst');
    const elsewhere = await runtime.login('pete', 'pete-password');
    const wrong = await runtime.api<{ details: Array<{ path: string }> }>('POST', '/api/auth/password', { currentPassword: 'guess-guess', newPassword: 'new-pete-password' }, mine);
    expect(wrong.status).toBe(400);
    expect(wrong.body.details[0]!.path).toBe('$.currentPassword');

    const changed = await runtime.api<{ token: string }>('POST', '/api/auth/password', { currentPassword: 'pete-password', newPassword: 'new-pete-password' }, mine);
    expect(changed.status).toBe(200);
    expect(await statusWith(runtime, elsewhere)).toBe(401);
    expect(await statusWith(runtime, changed.body.token)).toBe(200);
    expect((await runtime.api('POST', '/api/auth/login', { username: 'pete', password: 'pete-password' })).status).toBe(401);
    await runtime.login('pete', 'new-pete-password');
  });

  it('an admin password reset revokes every token of the user', async () => {
    const token = await createUser(runtime, admin, 'rosa', 'operator');
    expect((await runtime.api('POST', '/api/users/rosa/password', { password: 'reset-by-admin' }, admin)).status).toBe(200);
    expect(await statusWith(runtime, token)).toBe(401);
    await runtime.login('rosa', 'reset-by-admin');
    expect((await runtime.api('POST', '/api/users/rosa/password', { password: 'reset-by-rosa' }, await runtime.login('rosa', 'reset-by-admin'))).status).toBe(403);
  });

  it('grants add permissions to the user\'s effective permissions, audited as a permission change', async () => {
    const token = await createUser(runtime, admin, 'gina', 'analyst');
    expect((await runtime.api<{ permissions: string[] }>('GET', '/api/auth/me', undefined, token)).body.permissions).toEqual([]);
    expect((await runtime.api('PUT', '/api/users/gina', { grants: ['deploy.code'] }, admin)).status).toBe(200);
    expect((await runtime.api<{ permissions: string[] }>('GET', '/api/auth/me', undefined, token)).body.permissions).toEqual(['deploy.code']);
    const unknown = await runtime.api<{ details: Array<{ path: string }> }>('PUT', '/api/users/gina', { grants: ['root'] }, admin);
    expect(unknown.status).toBe(400);
    const [entry] = await auditEntries(runtime, admin, { action: 'user.permissions.change', target: 'user:gina' });
    expect(entry).toMatchObject({ actor: 'admin', outcome: 'ok', details: { changes: { grants: { before: [], after: ['deploy.code'] } } } });
  });

  it('disconnects the live events of a user whose token is revoked', async () => {
    const token = await createUser(runtime, admin, 'sam', 'operator');
    const byLogout = await connectLive(runtime, token);
    const loggedOut = disconnection(byLogout);
    await runtime.api('POST', '/api/auth/logout', undefined, token);
    expect(await loggedOut).toBe('io server disconnect');

    const other = await connectLive(runtime, await runtime.login('sam', 'sam-password'));
    const deleted = disconnection(other);
    await runtime.api('DELETE', '/api/users/sam', undefined, admin);
    expect(await deleted).toBe('io server disconnect');
  });

  it('keeps refusing logged-out and deleted users\' tokens after a restart', async () => {
    const loggedOut = await createUser(runtime, admin, 'max', 'analyst');
    await runtime.api('POST', '/api/auth/logout', undefined, loggedOut);
    const deleted = await createUser(runtime, admin, 'zoe', 'analyst');
    await runtime.api('DELETE', '/api/users/zoe', undefined, admin);
    const kept = await runtime.login('max', 'max-password');

    await runtime.stop();
    runtime = await startRuntime({ dataDir: runtime.dataDir });
    expect(await statusWith(runtime, loggedOut)).toBe(401);
    expect(await statusWith(runtime, deleted)).toBe(401);
    expect(await statusWith(runtime, kept)).toBe(200);
    admin = await runtime.login();
  }, 60_000);
});
