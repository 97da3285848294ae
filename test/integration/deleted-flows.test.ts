// Deleted flows stay in the history: GET /api/deleted-flows lists them with their last version, their versions stay
// readable, a redeploy brings one back (and off the list); operators may read, not delete; anonymous callers get 401.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';

interface DeletedFlow { id: string; label: string; lastVersion: number; lastDeployedBy: string }

const tab = (id: string, label: string) => [
  { id, type: 'tab', label },
  { id: `${id}-c`, type: 'change', z: id, x: 100, y: 100, rules: [{ t: 'set', p: 'payload.seen', pt: 'msg', to: 'true', tot: 'bool' }], wires: [] },
];

describe('deleted flows', () => {
  let runtime: RuntimeProcess;
  let admin: string;
  let operator: string;

  beforeAll(async () => {
    runtime = await startRuntime();
    admin = await runtime.login();
    await runtime.api('POST', '/api/users', { username: 'oscar.ops', password: 'oscar-password-1', role: 'operator' }, admin);
    operator = await runtime.login('oscar.ops', 'oscar-password-1');
    await runtime.api('PUT', '/api/flows/gone-flow', { flow: tab('gone-flow', 'Gone v1'), message: 'one' }, admin);
    await runtime.api('PUT', '/api/flows/gone-flow', { flow: tab('gone-flow', 'Gone v2'), message: 'two' }, admin);
  });

  afterAll(async () => {
    await runtime?.stop();
  });

  test('an operator may not delete; the admin deletes and the flow is listed with its last version', async () => {
    expect((await runtime.api('DELETE', '/api/flows/gone-flow', undefined, operator)).status).toBe(403);
    expect((await runtime.api<{ flows: DeletedFlow[] }>('GET', '/api/deleted-flows', undefined, admin)).body.flows.map((f) => f.id)).not.toContain('gone-flow');
    expect((await runtime.api('DELETE', '/api/flows/gone-flow', undefined, admin)).status).toBe(200);
    const listed = await runtime.api<{ flows: DeletedFlow[] }>('GET', '/api/deleted-flows', undefined, operator);
    expect(listed.status).toBe(200);
    expect(listed.body.flows).toContainEqual(expect.objectContaining({ id: 'gone-flow', label: 'Gone v2', lastVersion: 2, lastDeployedBy: 'admin' }));
  });

  test('the deleted flow\'s versions stay readable; an unknown id is 404; anonymous is 401', async () => {
    const versions = await runtime.api<{ versions: Array<{ n: number }> }>('GET', '/api/flows/gone-flow/versions', undefined, operator);
    expect(versions.body.versions.map((v) => v.n)).toEqual([2, 1]);
    const first = await runtime.api<{ flow: Array<{ type: string; label?: string }> }>('GET', '/api/flows/gone-flow/versions/1', undefined, operator);
    expect(first.body.flow.find((node) => node.type === 'tab')?.label).toBe('Gone v1');
    expect((await runtime.api('GET', '/api/flows/never-was/versions', undefined, admin)).status).toBe(404);
    expect((await fetch(`${runtime.url}/api/deleted-flows`)).status).toBe(401);
  });

  test('deploying the id again continues its numbering and takes it off the list', async () => {
    const again = await runtime.api<{ version: number }>('PUT', '/api/flows/gone-flow', { flow: tab('gone-flow', 'Gone back'), message: 'restored' }, admin);
    expect(again.body.version).toBe(3);
    expect((await runtime.api<{ flows: DeletedFlow[] }>('GET', '/api/deleted-flows', undefined, admin)).body.flows.map((f) => f.id)).not.toContain('gone-flow');
  });
});
