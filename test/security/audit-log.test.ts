// Accountability: every governed action is in the audit log with who, what, from where and outcome, including refused and failed ones; the log is read-only and paged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';
import { auditEntries, createUser, type AuditEntry } from './auth-support.js';

function helloFlow(id: string, greeting: string) {
  return [
    { id, type: 'tab', label: `Hello ${id}` },
    { id: `${id}-in`, type: 'inject', z: id, x: 100, y: 100, props: [{ p: 'payload' }], repeat: '', once: false, wires: [[`${id}-set`]] },
    { id: `${id}-set`, type: 'change', z: id, x: 300, y: 100, rules: [{ t: 'set', p: 'payload', pt: 'msg', to: greeting, tot: 'str' }], wires: [[`${id}-out`]] },
    { id: `${id}-out`, type: 'debug', z: id, x: 500, y: 100, wires: [] },
  ];
}

describe('audit log', () => {
  let runtime: RuntimeProcess;
  let admin: string;
  let analyst: string;
  let operator: string;

  beforeAll(async () => {
    runtime = await startRuntime({ args: ['--no-demo'] });
    admin = await runtime.login();
    analyst = await createUser(runtime, admin, 'ann', 'analyst');
    operator = await createUser(runtime, admin, 'otto', 'operator');
  }, 60_000);

  afterAll(async () => {
    await runtime?.stop();
  });

  it('records deploys with the new version, refused deploys and failed deploys, with actor, address and status', async () => {
    expect((await runtime.api('POST', '/api/flows', { flow: helloFlow('audited', 'v1') }, analyst)).status).toBe(201);
    expect((await runtime.api('PUT', '/api/flows/audited', { flow: helloFlow('audited', 'v2'), message: 'second' }, analyst)).status).toBe(200);
    expect((await runtime.api('PUT', '/api/flows/audited', { flow: helloFlow('audited', 'operator was here') }, operator)).status).toBe(403);
    const broken = helloFlow('audited', 'v3').map((node) => (node.type === 'change' ? { ...node, wires: [['nowhere']] } : node));
    expect((await runtime.api('PUT', '/api/flows/audited', { flow: broken }, analyst)).status).toBe(400);

    const entries = await auditEntries(runtime, admin, { action: 'flow.*', target: 'flow:audited' });
    const summary = entries.map((entry: AuditEntry) => [entry.action, entry.actor, entry.outcome, entry.status]);
    expect(summary).toEqual([
      ['flow.deploy', 'ann', 'failed', 400],
      ['flow.deploy', 'otto', 'denied', 403],
      ['flow.deploy', 'ann', 'ok', 200],
      ['flow.create', 'ann', 'ok', 201],
    ]);
    expect(entries[2]!.details).toMatchObject({ version: 2 });
    expect(entries[0]!.details).toMatchObject({ error: 'invalid flow' });
    expect(entries.every((entry) => typeof entry.ip === 'string' && entry.ip.length > 0)).toBe(true);
  });

  it('records user, partner, xref and logout actions without copying secrets', async () => {
    await runtime.api('DELETE', '/api/users/otto', undefined, admin);
    const partner = await runtime.api<{ apiKey?: string }>('POST', '/api/partners', { id: 'acme', name: 'Acme', authMethod: 'api-key' }, analyst);
    expect(partner.status, JSON.stringify(partner.body)).toBe(201);
    await runtime.api('POST', '/api/partners/acme/rotate-key', {}, analyst);
    await runtime.api('PUT', '/api/xref/sku-map', { keyColumn: 'sku', rows: [{ sku: 'A', erp: '1' }] }, analyst);
    const session = await runtime.login('ann', 'ann-password');
    await runtime.api('POST', '/api/auth/logout', undefined, session);

    const all = await auditEntries(runtime, admin, { limit: '1000' });
    const actions = all.map((entry) => `${entry.action} ${entry.target} ${entry.outcome}`);
    expect(actions).toEqual(expect.arrayContaining([
      'user.create user:ann ok', 'user.delete user:otto ok', 'partner.create partner:acme ok', 'partner.rotate-key partner:acme ok',
      'xref.put xref:sku-map ok', 'auth.logout user:ann ok', 'auth.login user:ann ok',
    ]));
    const text = JSON.stringify(all);
    expect(text).not.toContain('ann-password');
    expect(text).not.toContain('test-admin-password');
    if (partner.body.apiKey) expect(text).not.toContain(partner.body.apiKey);
  });

  it('pages through the log with limit and cursor, newest first, without gaps or repeats', async () => {
    const everything = await auditEntries(runtime, admin, { limit: '1000' });
    expect(everything.length).toBeGreaterThan(6);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await runtime.api<{ entries: Array<{ id: string }>; nextCursor?: string }>('GET', `/api/audit?limit=3${cursor ? `&cursor=${cursor}` : ''}`, undefined, admin);
      expect(page.body.entries.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.entries.map((entry) => entry.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    // Reading the log is not audited, so both walks see the same entries (plus none added meanwhile).
    expect(seen).toEqual((everything as Array<AuditEntry & { id: string }>).map((entry) => entry.id));
    const bad = await runtime.api<{ details: Array<{ path: string }> }>('GET', '/api/audit?cursor=nonsense', undefined, admin);
    expect(bad.status).toBe(400);
    expect(bad.body.details[0]!.path).toBe('query.cursor');
  });

  it('is read-only: no route changes or deletes entries, and analysts may not read it', async () => {
    for (const method of ['POST', 'PUT', 'DELETE']) expect((await runtime.api(method, '/api/audit', {}, admin)).status, method).toBe(404);
    const [entry] = await auditEntries(runtime, admin, { limit: '1' });
    expect((await runtime.api('DELETE', `/api/audit/${(entry as AuditEntry & { id: string }).id}`, undefined, admin)).status).toBe(404);
    expect((await runtime.api('GET', '/api/audit', undefined, await runtime.login('ann', 'ann-password'))).status).toBe(403);
  });
});
