// Lost updates: two analysts edit the same flow; the one who deploys from a stale version gets 409 with the current version instead of overwriting the other's work.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';

function flow(id: string, greeting: string) {
  return [
    { id, type: 'tab', label: `Hello ${id}` },
    { id: `${id}-in`, type: 'http in', z: id, x: 100, y: 100, url: `/hello/${id}`, method: 'get', wires: [[`${id}-set`]] },
    { id: `${id}-set`, type: 'change', z: id, x: 300, y: 100, rules: [{ t: 'set', p: 'payload', pt: 'msg', to: greeting, tot: 'str' }], wires: [[`${id}-out`]] },
    { id: `${id}-out`, type: 'http response', z: id, x: 500, y: 100, wires: [] },
  ];
}

interface Conflict {
  error: string;
  details: Array<{ path: string; message: string }>;
  currentVersion: number;
}

describe('optimistic concurrency on deploy', () => {
  let runtime: RuntimeProcess;
  let token: string;

  beforeAll(async () => {
    runtime = await startRuntime({ args: ['--no-demo'] });
    token = await runtime.login();
    await runtime.api('POST', '/api/flows', { flow: flow('shared', 'v1') }, token);
  }, 60_000);

  afterAll(async () => {
    await runtime?.stop();
  });

  it('refuses a deploy based on a stale version and keeps the newer one running', async () => {
    const loaded = await runtime.api<{ version: number }>('GET', '/api/flows/shared', undefined, token);
    expect(loaded.headers.get('etag')).toBe('"1"');
    expect((await runtime.api('PUT', '/api/flows/shared', { flow: flow('shared', 'alice'), baseVersion: 1 }, token)).status).toBe(200);

    const stale = await runtime.api<Conflict>('PUT', '/api/flows/shared', { flow: flow('shared', 'bob'), baseVersion: 1 }, token);
    expect(stale.status).toBe(409);
    expect(stale.body.details).toEqual([{ path: '$.baseVersion', message: 'flow is at version 2; reload' }]);
    expect(stale.body.currentVersion).toBe(2);
    expect(await (await fetch(`${runtime.url}/hooks/shared/hello/shared`)).text()).toBe('alice');
    expect((await runtime.api<{ version: number }>('GET', '/api/flows/shared', undefined, token)).body.version).toBe(2);
  });

  it('accepts If-Match with the ETag of the version edited, and refuses a stale one', async () => {
    const send = (ifMatch: string) => fetch(`${runtime.url}/api/flows/shared`, {
      method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'if-match': ifMatch }, body: JSON.stringify({ flow: flow('shared', `if-match ${ifMatch}`) }),
    });
    const stale = await send('"1"');
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as Conflict).details[0]!.path).toBe('header.If-Match');
    expect((await send('"2"')).status).toBe(200);
    expect((await send('not-a-version')).status).toBe(400);
  });

  it('still deploys without a base version (CLI, old clients), and refuses a stale rollback', async () => {
    const current = (await runtime.api<{ version: number }>('GET', '/api/flows/shared', undefined, token)).body.version;
    expect((await runtime.api('PUT', '/api/flows/shared', { flow: flow('shared', 'cli') }, token)).status).toBe(200);
    const rollback = await runtime.api<Conflict>('POST', '/api/flows/shared/rollback', { version: 1, baseVersion: current }, token);
    expect(rollback.status).toBe(409);
    expect(rollback.body.details[0]!.message).toBe(`flow is at version ${current + 1}; reload`);
    expect((await runtime.api('POST', '/api/flows/shared/rollback', { version: 1, baseVersion: current + 1 }, token)).status).toBe(200);
  });

  it('lets only one of two concurrent deploys from the same base version through', async () => {
    const base = (await runtime.api<{ version: number }>('GET', '/api/flows/shared', undefined, token)).body.version;
    const [first, second] = await Promise.all([
      runtime.api('PUT', '/api/flows/shared', { flow: flow('shared', 'first'), baseVersion: base }, token),
      runtime.api('PUT', '/api/flows/shared', { flow: flow('shared', 'second'), baseVersion: base }, token),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
  });
});
