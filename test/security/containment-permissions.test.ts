// Attack: an analyst deploys code (function), files, open endpoints or exec, directly, through a rollback or through a template.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploy, flow, startAttackable, type Attackable } from './containment-support.js';

let target: Attackable;
beforeAll(async () => {
  target = await startAttackable();
});
afterAll(async () => {
  await target?.runtime.stop();
});

const FUNCTION_REFUSED = 'node type "function" runs code on the server and needs the permission deploy.code, which role "analyst" does not have';
const withFunction = (id: string) => flow(id, [
  { id: `${id}-inject`, type: 'inject', wires: [[`${id}-fn`]] },
  { id: `${id}-fn`, type: 'function', func: 'return msg;', outputs: 1 },
]);
const harmless = (id: string) => flow(id, [{ id: `${id}-note`, type: 'comment', info: 'nothing runs here' }]);

describe('node types that need a permission', () => {
  it('an analyst cannot deploy a function node; the answer locates it', async () => {
    const answer = await deploy(target.runtime, target.analyst, withFunction('analyst-code'));
    expect(answer.status).toBe(400);
    expect(answer.body.details).toContainEqual({ nodeId: 'analyst-code-fn', path: '$.type', message: FUNCTION_REFUSED });
    expect((await target.runtime.api('GET', '/api/flows/analyst-code', undefined, target.admin)).status).toBe(404);
  });

  it('validate reports the missing permission to the analyst and none to the admin', async () => {
    const asAnalyst = await target.runtime.api<{ ok: boolean; problems: unknown[] }>('POST', '/api/flows/validate', { flow: withFunction('check') }, target.analyst);
    expect(asAnalyst.body).toMatchObject({ ok: false, problems: [{ nodeId: 'check-fn', path: '$.type', message: FUNCTION_REFUSED }] });
    const asAdmin = await target.runtime.api<{ ok: boolean }>('POST', '/api/flows/validate', { flow: withFunction('check') }, target.admin);
    expect(asAdmin.body.ok).toBe(true);
  });

  it('an analyst cannot bring an admin\'s function node back through a rollback', async () => {
    expect((await deploy(target.runtime, target.admin, withFunction('shared'))).status).toBe(201);
    expect((await deploy(target.runtime, target.admin, harmless('shared'))).status).toBe(200);
    const rollback = await target.runtime.api<{ details: unknown[] }>('POST', '/api/flows/shared/rollback', { version: 1 }, target.analyst);
    expect(rollback.status).toBe(400);
    expect(rollback.body.details).toContainEqual({ nodeId: 'shared-fn', path: '$.type', message: FUNCTION_REFUSED });
    expect((await target.runtime.api('POST', '/api/flows/shared/rollback', { version: 1 }, target.admin)).status).toBe(200);
  });

  it('an open intake needs deploy.open-endpoint and warns even an admin', async () => {
    const open = flow('open-intake', [{ id: 'open-intake-in', type: 'tl-intake', partnerId: 'nobody', path: 'orders', auth: 'none' }]);
    const refused = await deploy(target.runtime, target.analyst, open);
    expect(refused.body.details).toContainEqual(expect.objectContaining({ nodeId: 'open-intake-in', path: '$.type', message: expect.stringContaining('deploy.open-endpoint') }));
    const allowed = await deploy(target.runtime, target.admin, open);
    expect(allowed.status).toBe(201);
    expect(allowed.body.warnings).toContainEqual(expect.objectContaining({ nodeId: 'open-intake-in', path: '$.auth' }));
  });

  it('function code that cannot run is refused at deploy with its location: syntax errors and modules', async () => {
    const nodes = flow('broken-code', [
      { id: 'broken-syntax', type: 'function', func: 'return msg +;', outputs: 1 },
      { id: 'broken-libs', type: 'function', func: 'return msg;', outputs: 1, libs: [{ var: 'cp', module: 'child_process' }] },
    ]);
    const answer = await deploy(target.runtime, target.admin, nodes);
    expect(answer.status).toBe(400);
    expect(answer.body.details).toContainEqual(expect.objectContaining({ nodeId: 'broken-syntax', path: '$.func', message: expect.stringContaining('does not compile') }));
    expect(answer.body.details).toContainEqual(expect.objectContaining({ nodeId: 'broken-libs', path: '$.libs' }));
  });

  it('exec is not a node type at all, not even for an admin', async () => {
    const answer = await deploy(target.runtime, target.admin, flow('shell', [{ id: 'shell-exec', type: 'exec', command: 'id', addpay: false, append: '' }]));
    expect(answer.status).toBe(400);
    expect(answer.body.details).toContainEqual({ nodeId: 'shell-exec', path: '$.type', message: 'unknown node type "exec"' });
  });

  it('a template with file nodes is instantiated with the caller\'s permissions', async () => {
    const body = { partnerId: 'fasteners', params: { isaId: 'FASTENERS', ourIsaId: 'NORTHWIND', ediDirectory: 'edi/fasteners' } };
    const refused = await target.runtime.api<{ details: Array<{ path: string; message: string }> }>('POST', '/api/templates/supplier-x12/instantiate', body, target.analyst);
    expect(refused.status).toBe(422);
    expect(refused.body.details).toContainEqual(expect.objectContaining({ path: '$.flow.type', message: expect.stringContaining('deploy.filesystem, which role "analyst" does not have') }));
    expect((await target.runtime.api('GET', '/api/partners/fasteners', undefined, target.admin)).status).toBe(404);
  });
});
