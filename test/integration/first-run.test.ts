// First start and restart, as a new user sees them: printed credentials, generated secret, persistence across restarts.
import { statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startRuntime, tempDataDir, type RuntimeProcess } from '../support/runtime-process.js';

const ACK = { poNumber: 'PO-1005', ackNumber: 'A-7', status: 'rejected', lines: [{ line: 1, status: 'rejected' }] };

/** The demo flow queues durably and answers 202; the ERP applies the acknowledgement shortly after. */
async function historyOf(url: string, po: string, atLeast: number): Promise<{ ackStatus: string; history: unknown[] }> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const order = (await (await fetch(`${url}/demo-erp/purchase-orders/${po}`)).json()) as { ackStatus: string; history: unknown[] };
    if (order.history.length >= atLeast) return order;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${po} never reached ${atLeast} history entries`);
}

describe('first run and restart', () => {
  const dataDir = tempDataDir();
  let runtime: RuntimeProcess | undefined;

  afterAll(async () => {
    await runtime?.stop();
  });

  it('prints generated admin credentials and demo key once, and both work', async () => {
    runtime = await startRuntime({ dataDir, adminPassword: '', demoApiKey: '' });
    const output = runtime.output();
    const password = /user "admin" was created with password: (\S+)/.exec(output)?.[1];
    const apiKey = /API key: (\S+)/.exec(output)?.[1];
    expect(password).toBeTruthy();
    expect(apiKey).toMatch(/^tlk_/);

    const token = await runtime.login('admin', password);
    expect((await runtime.api('GET', '/api/auth/me', undefined, token)).body).toMatchObject({ username: 'admin', role: 'admin' });

    const response = await fetch(`${runtime.url}/partners/demo-supplier/po-acks`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': apiKey! }, body: JSON.stringify(ACK) });
    expect(response.status).toBe(202);
    expect((await historyOf(runtime.url, 'PO-1005', 1)).ackStatus).toBe('rejected');
    expect(statSync(path.join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);

    expect(await runtime.stop()).toBe(0);
    runtime = undefined;
    process.env.FIRST_RUN_PASSWORD = password;
    process.env.FIRST_RUN_KEY = apiKey;
  });

  it('restarts on the same data: nothing printed again, users, flows, versions and ERP history kept', async () => {
    runtime = await startRuntime({ dataDir, adminPassword: '', demoApiKey: '' });
    expect(runtime.output()).not.toContain('was created with password');
    expect(runtime.output()).not.toContain('API key:');
    const token = await runtime.login('admin', process.env.FIRST_RUN_PASSWORD);
    const flows = await runtime.api<{ flows: Array<{ id: string; version: number }> }>('GET', '/api/flows', undefined, token);
    expect(flows.body.flows).toEqual([expect.objectContaining({ id: 'demo-supplier-po-ack', version: 1 })]);
    const po = await historyOf(runtime.url, 'PO-1005', 1);
    expect(po.ackStatus).toBe('rejected');
    expect(po.history).toHaveLength(1);
    const again = await fetch(`${runtime.url}/partners/demo-supplier/po-acks`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': process.env.FIRST_RUN_KEY! }, body: JSON.stringify({ ...ACK, ackNumber: 'A-8' }) });
    expect(again.status).toBe(202);
    expect((await historyOf(runtime.url, 'PO-1005', 2)).history).toHaveLength(2);
  });
});
