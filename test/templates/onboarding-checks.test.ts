// Onboarding checks that keep a new supplier from passing on the example partner's data: a taken partner id on validate,
// an empty SKU cell located in the CSV, and a dry run whose items are not in the entered cross-reference fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';

const TEMPLATE = 'supplier-po-ack-rest';

let runtime: RuntimeProcess;
let token: string;

interface Validation { ok: boolean; problems: Array<{ path: string; message: string }> }
interface Report { ok: boolean; failure?: { code: string; message: string; nodeId: string } }

const api = <T>(method: string, route: string, body?: unknown) => runtime.api<T>(method, route, body, token);

beforeAll(async () => {
  runtime = await startRuntime();
  token = await runtime.login();
});

afterAll(async () => {
  await runtime?.stop();
});

describe('onboarding checks', () => {
  it('validate reports a taken partner id at $.partnerId in the officer\'s words, and a free one not at all', async () => {
    const created = await api('POST', '/api/partners', { id: 'taken-co', name: 'Taken Co' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const params = { authMethod: 'api-key', itemMapCsv: 'supplierItem,sku\nT-1,SKU-10001\n' };
    const taken = await api<Validation>('POST', `/api/templates/${TEMPLATE}/validate`, { partnerId: 'taken-co', params });
    expect(taken.body).toEqual({ ok: false, problems: [{ path: '$.partnerId', message: 'A partner with id taken-co already exists — choose another id, or upgrade that partner\'s flow instead' }] });
    const free = await api<Validation>('POST', `/api/templates/${TEMPLATE}/validate`, { partnerId: 'free-co', params });
    expect(free.body).toEqual({ ok: true, problems: [] });
  });

  it('an empty SKU cell is located at its line and column', async () => {
    const params = { authMethod: 'api-key', itemMapCsv: 'supplierItem,sku\nE-1,SKU-10001\nE-2,\n' };
    const answer = await api<Validation>('POST', `/api/templates/${TEMPLATE}/validate`, { partnerId: 'empty-sku-co', params });
    expect(answer.body.problems).toEqual([{ path: '$.params.itemMapCsv', message: 'line 3, column 2 ("sku"): sku is empty' }]);
  });

  it('a dry run with an item the entered cross-reference lacks fails with XREF_MISS; with the item entered it passes', async () => {
    const document = { poNumber: 'PO-1001', ackNumber: 'M-1', status: 'accepted', lines: [{ line: 1, supplierItem: 'AC-8812', qty: 100, unitPrice: 0.18, promisedDate: '2026-12-01', status: 'accepted' }] };
    const missing = await api<Report>('POST', `/api/templates/${TEMPLATE}/dry-run`, { partnerId: 'miss-co', params: { authMethod: 'api-key', itemMapCsv: 'supplierItem,sku\nM-9,SKU-10001\n' }, document });
    expect(missing.status, JSON.stringify(missing.body)).toBe(200);
    expect(missing.body.ok).toBe(false);
    expect(missing.body.failure).toMatchObject({ code: 'XREF_MISS', nodeId: 'canonical', message: expect.stringContaining('"AC-8812" is not in the Item cross-reference') });
    const mapped = await api<Report>('POST', `/api/templates/${TEMPLATE}/dry-run`, { partnerId: 'miss-co', params: { authMethod: 'api-key', itemMapCsv: 'supplierItem,sku\nAC-8812,SKU-10001\n' }, document });
    expect(mapped.body.ok, JSON.stringify(mapped.body)).toBe(true);
  });
});
