// Password guessing: repeated wrong passwords are throttled per user and per client address (429 + Retry-After), every failure is audited, and legacy bcrypt hashes keep working and are upgraded.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, tempDataDir, type RuntimeProcess } from '../support/runtime-process.js';
import { auditEntries, createUser } from './auth-support.js';

const ADMIN_PASSWORD = 'legacy-admin-password';

function storedHash(dataDir: string, username: string): string {
  const lines = readFileSync(path.join(dataDir, 'users.db'), 'utf8').split('\n').filter(Boolean);
  const records = lines.map((line) => JSON.parse(line) as { _id?: string; passwordHash?: string; $$deleted?: boolean });
  return records.filter((record) => record._id === username).at(-1)?.passwordHash ?? '';
}

async function wrongLogin(runtime: RuntimeProcess, username: string) {
  return runtime.api<{ error: string; details: Array<{ path: string; message: string }> }>('POST', '/api/auth/login', { username, password: 'not-the-password' });
}

describe('login throttling and password hashes', () => {
  let runtime: RuntimeProcess;
  let dataDir: string;

  beforeAll(async () => {
    // A data directory from before scrypt: the admin's hash is bcrypt.
    dataDir = tempDataDir();
    const legacy = { _id: 'admin', role: 'admin', passwordHash: bcrypt.hashSync(ADMIN_PASSWORD, 10), createdAt: new Date().toISOString() };
    writeFileSync(path.join(dataDir, 'users.db'), `${JSON.stringify(legacy)}\n`);
    runtime = await startRuntime({ dataDir, adminPassword: ADMIN_PASSWORD });
  }, 60_000);

  afterAll(async () => {
    await runtime?.stop();
  });

  it('accepts a legacy bcrypt password and stores an scrypt hash instead', async () => {
    expect(storedHash(dataDir, 'admin')).toMatch(/^\$2[aby]\$/);
    await runtime.login('admin', ADMIN_PASSWORD);
    expect(storedHash(dataDir, 'admin')).toMatch(/^scrypt\$/);
    await runtime.login('admin', ADMIN_PASSWORD);
    expect((await wrongLogin(runtime, 'admin')).status).toBe(401);
  });

  it('locks a user out after 5 wrong passwords with 429, Retry-After and a located body, even for the right password', async () => {
    const admin = await runtime.login('admin', ADMIN_PASSWORD);
    await createUser(runtime, admin, 'victim', 'analyst');
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 8; attempt++) statuses.push((await wrongLogin(runtime, 'victim')).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);

    const locked = await runtime.api<{ details: Array<{ path: string; message: string }> }>('POST', '/api/auth/login', { username: 'victim', password: 'victim-password' });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(locked.body.details[0]).toMatchObject({ path: '$.username', message: expect.stringContaining('retry in') });

    const failed = await auditEntries(runtime, admin, { action: 'auth.login.failed', target: 'user:victim' });
    expect(failed).toHaveLength(9);
    expect(failed.filter((entry) => entry.status === 401 && entry.outcome === 'denied')).toHaveLength(5);
    expect(failed.filter((entry) => entry.status === 429 && entry.outcome === 'denied')).toHaveLength(4);
    expect(failed.every((entry) => entry.actor === 'anonymous' && typeof entry.ip === 'string' && entry.ip.length > 0)).toBe(true);
    const ok = await auditEntries(runtime, admin, { action: 'auth.login', actor: 'admin' });
    expect(ok.length).toBeGreaterThan(0);
  });

  it('throttles one client address spraying many usernames', async () => {
    let status = 0;
    // After 20 failures from one address (the earlier tests' count too), the next name is refused before its password is checked.
    for (let attempt = 0; attempt < 21 && status !== 429; attempt++) status = (await wrongLogin(runtime, `spray-${attempt}`)).status;
    expect(status).toBe(429);
    const fresh = await wrongLogin(runtime, 'never-tried-before');
    expect(fresh.status).toBe(429);
    expect(fresh.body.details[0]!.message).toContain('client address');
  });
});

describe('login throttling behind a reverse proxy (TRADELANE_TRUST_PROXY)', () => {
  let runtime: RuntimeProcess;

  beforeAll(async () => {
    runtime = await startRuntime({ env: { TRADELANE_TRUST_PROXY: 'loopback' } });
  }, 60_000);

  afterAll(async () => {
    await runtime?.stop();
  });

  const loginFrom = (address: string, username: string) => fetch(`${runtime.url}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': address }, body: JSON.stringify({ username, password: 'not-the-password' }),
  });

  it('throttles the client behind the proxy, not every user of the proxy, and audits the client address', async () => {
    let status = 0;
    for (let attempt = 0; attempt < 21 && status !== 429; attempt++) status = (await loginFrom('203.0.113.7', `spray-${attempt}`)).status;
    expect(status).toBe(429);
    expect((await loginFrom('198.51.100.20', 'someone-else')).status).toBe(401);
    const admin = await runtime.login();
    const [latest] = await auditEntries(runtime, admin, { action: 'auth.login.failed', target: 'user:someone-else' });
    expect(latest!.ip).toBe('198.51.100.20');
  });
});
