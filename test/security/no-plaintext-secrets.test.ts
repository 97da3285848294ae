// Attack: someone with a copy of the data directory (a backup, a support bundle) greps it for tokens, keys and passwords.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, tempDataDir, type RuntimeProcess } from '../support/runtime-process.js';
import { demoKey, erpApplications, postAck } from '../reliability/support.js';
import { waitFor } from '../support/wait-for.js';

const ADMIN_PASSWORD = 'admin-pass-from-env-5c1d7e';
const ERP_TOKEN = 'erp-bearer-grep-me-3e8b1f0a6c';
const ERP_EVENT_TOKEN = 'tls_erp-event-token-grep-me-9d2a';
const MASTER_SECRET = 'tradelane-secret-from-env-0b6e4d2f8a1c';

function filesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const entry = path.join(directory, name);
    return statSync(entry).isDirectory() ? filesUnder(entry) : [entry];
  });
}

function filesContaining(directory: string, secret: string): string[] {
  return filesUnder(directory).filter((file) => readFileSync(file).includes(secret));
}

let runtime: RuntimeProcess;
const dataDir = tempDataDir('no-plaintext-');
const secrets: Record<string, string> = { ADMIN_PASSWORD, ERP_TOKEN, ERP_EVENT_TOKEN, MASTER_SECRET };

beforeAll(async () => {
  runtime = await startRuntime({ dataDir, adminPassword: ADMIN_PASSWORD, env: { TRADELANE_SECRET: MASTER_SECRET } });
  const token = await runtime.login();
  const flow = [
    { id: 'grep-erp', type: 'tab', label: 'grep' },
    { id: 'grep-in', type: 'http in', z: 'grep-erp', x: 100, y: 100, url: '/grep-probe', method: 'post', wires: [['grep-post']] },
    { id: 'grep-post', type: 'tl-erp-post', z: 'grep-erp', x: 300, y: 100, baseUrl: 'http://127.0.0.1:9/erp', auth: 'bearer', credentials: { token: ERP_TOKEN }, wires: [[]] },
  ];
  expect((await runtime.api('PUT', '/api/flows/grep-erp', { flow }, token)).status).toBe(201);
  const onboarded = await runtime.api<{ credentials: Record<string, string> }>('POST', '/api/templates/customer-order-status-webhook/instantiate',
    { partnerId: 'grep-customer', params: { webhookUrl: 'http://127.0.0.1:9/hooks', erpEventToken: ERP_EVENT_TOKEN } }, token);
  expect(onboarded.status, JSON.stringify(onboarded.body)).toBe(201);
  for (const [name, value] of Object.entries(onboarded.body.credentials)) secrets[`template partner ${name}`] = value;
  for (const [id, authMethod] of [['grep-key', 'api-key'], ['grep-hmac', 'hmac']] as const) {
    const partner = await runtime.api<{ credentials: Record<string, string> }>('POST', '/api/partners', { id, name: id, authMethod, webhookUrl: 'http://127.0.0.1:9/hooks' }, token);
    expect(partner.status, JSON.stringify(partner.body)).toBe(201);
    for (const [name, value] of Object.entries(partner.body.credentials)) secrets[`${id} ${name}`] = value;
  }
  secrets['demo partner API key'] = runtime.demoApiKey;
  // Partner traffic through the queue log and the demo ERP's ledger, authenticated with the demo key.
  expect(await postAck(runtime.url, runtime.demoApiKey, { poNumber: 'PO-1005', ackNumber: 'GREP-1', status: 'accepted', lines: [{ line: 1, status: 'accepted' }] })).toBe(202);
  await waitFor(() => erpApplications(runtime), (counts) => counts.get(demoKey({ poNumber: 'PO-1005', ackNumber: 'GREP-1' })) === 1, 30_000, 'the ack applied');
}, 60_000);

afterAll(async () => {
  await runtime?.stop();
});

describe('the data directory after deploys, onboarding and partners', () => {
  it('holds no known secret in clear, in any file', async () => {
    expect(Object.keys(secrets).length).toBeGreaterThanOrEqual(8);
    const whileRunning = Object.fromEntries(Object.entries(secrets).map(([name, value]) => [name, filesContaining(dataDir, value)]));
    await runtime.stop();
    const afterStop = Object.fromEntries(Object.entries(secrets).map(([name, value]) => [name, filesContaining(dataDir, value)]));
    const none = Object.fromEntries(Object.keys(secrets).map((name) => [name, []]));
    expect(whileRunning).toEqual(none);
    expect(afterStop).toEqual(none);
  });
});
