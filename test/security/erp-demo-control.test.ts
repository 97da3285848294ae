// Attack: anyone on the network calls the demo ERP's fault injection (or reassigns its POs) to stop ERP delivery.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';
import { freshDataDir, removeDataDir } from '../erp/demo-erp-helpers.js';
import { startDemoErpServer, type DemoErpServer } from '../../nodes/erp/demo-erp/index.js';

const downFor60 = { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ downForSeconds: 60 }) };

describe('the runtime\'s demo ERP', () => {
  let runtime: RuntimeProcess;
  beforeAll(async () => { runtime = await startRuntime(); });
  afterAll(async () => { await runtime?.stop(); });

  it('refuses fault injection and PO reassignment without an admin token, and takes nothing down', async () => {
    const anonymous = await fetch(`${runtime.url}/demo-erp/_faults`, downFor60);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: expect.any(String), details: [{ path: 'header.Authorization' }] });
    expect((await fetch(`${runtime.url}/demo-erp/_faults`, { ...downFor60, headers: { ...downFor60.headers, authorization: 'Bearer forged' } })).status).toBe(401);
    expect((await fetch(`${runtime.url}/demo-erp/_faults/reset`, { method: 'POST' })).status).toBe(401);
    expect((await fetch(`${runtime.url}/demo-erp/_faults`)).status).toBe(401);
    const reassign = await fetch(`${runtime.url}/demo-erp/purchase-orders/PO-1001/supplier`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ partnerId: 'attacker' }) });
    expect(reassign.status).toBe(401);
    const order = (await (await fetch(`${runtime.url}/demo-erp/purchase-orders/PO-1001`)).json()) as { partnerId: string };
    expect(order.partnerId).toBe('demo-supplier');
    const token = await runtime.login();
    const faults = await runtime.api<{ downUntil: string | null }>('GET', '/demo-erp/_faults', undefined, token);
    expect(faults).toMatchObject({ status: 200, body: { downUntil: null } });
  });

  it('lets an admin inject faults', async () => {
    const token = await runtime.login();
    expect((await runtime.api('PUT', '/demo-erp/_faults', { latencyMs: 1 }, token)).status).toBe(200);
    expect((await runtime.api('POST', '/demo-erp/_faults/reset', undefined, token)).status).toBe(200);
  });
});

describe('a standalone demo ERP', () => {
  let dataDir = '';
  const servers: DemoErpServer[] = [];
  beforeAll(async () => { dataDir = await freshDataDir(); });
  afterAll(async () => {
    for (const server of servers) await server.close();
    await removeDataDir(dataDir);
  });

  it('keeps its control routes off unless it was given a token, and then wants exactly that token', async () => {
    const closed = await startDemoErpServer({ port: 0, dataDir: `${dataDir}/a` });
    servers.push(closed);
    expect((await fetch(`${closed.baseUrl}/_faults`, downFor60)).status).toBe(403);
    expect((await fetch(`${closed.baseUrl}/_health`)).status).toBe(200);

    const guarded = await startDemoErpServer({ port: 0, dataDir: `${dataDir}/b`, controlAccess: { token: 'right-token' } });
    servers.push(guarded);
    expect((await fetch(`${guarded.baseUrl}/_faults`, { ...downFor60, headers: { ...downFor60.headers, authorization: 'Bearer wrong-token' } })).status).toBe(401);
    expect((await fetch(`${guarded.baseUrl}/_faults`, { ...downFor60, headers: { ...downFor60.headers, authorization: 'Bearer right-token' } })).status).toBe(200);
  });
});
