// Onboarding through the API on a real runtime: two partners from one template, located 422s that create nothing, preview and dry run.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, startRuntime, tempDataDir, type RuntimeProcess } from '../support/runtime-process.js';

const TEMPLATE = 'supplier-po-ack-rest';

let runtime: RuntimeProcess;
let token: string;

interface Credentials { apiKey?: string; hmacSecret?: string; webhookSecret?: string }
interface InstantiateAnswer { partner: { id: string; name: string }; credentials: Credentials; flow: { id: string; version: number; template: string }; xrefTables: Array<{ name: string; rowCount: number }> }
interface ErrorAnswer { error: string; details: Array<{ path: string; message: string }> }

const api = <T>(method: string, route: string, body?: unknown) => runtime.api<T>(method, route, body, token);

async function postAck(partnerId: string, apiKey: string, body: unknown) {
  const response = await fetch(`${runtime.url}/partners/${partnerId}/po-acks`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': apiKey }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Everything onboarding could create, to prove a refused request left no trace. */
async function inventory() {
  const [partners, flows, xref] = await Promise.all([
    api<{ partners: Array<{ id: string }> }>('GET', '/api/partners'),
    api<{ flows: Array<{ id: string; version: number }> }>('GET', '/api/flows'),
    api<{ tables: Array<{ name: string; version: number }> }>('GET', '/api/xref'),
  ]);
  return { partners: partners.body.partners.map((p) => p.id), flows: flows.body.flows.map((f) => `${f.id}@${f.version}`), xref: xref.body.tables.map((t) => `${t.name}@${t.version}`) };
}

beforeAll(async () => {
  runtime = await startRuntime();
  token = await runtime.login();
});

afterAll(async () => {
  await runtime?.stop();
});

describe('two partners from one template', () => {
  const answers: Record<string, InstantiateAnswer> = {};

  it('lists the template with its parameter schema and UI hints', async () => {
    const list = await api<{ templates: Array<{ id: string; label: string }>; broken: unknown[] }>('GET', '/api/templates');
    expect(list.status).toBe(200);
    expect(list.body.templates.map((t) => t.label)).toContain(`${TEMPLATE}@1`);
    expect(list.body.broken).toEqual([]);
    const one = await api<{ parameters: { properties: Record<string, Record<string, unknown>> }; form: { order: string[]; csv: Array<{ param: string }> } }>('GET', `/api/templates/${TEMPLATE}`);
    expect(one.body.parameters.properties.itemMapCsv?.['x-widget']).toBe('csv');
    expect(one.body.form.order[0]).toBe('authMethod');
    expect(one.body.form.csv).toEqual([{ param: 'itemMapCsv', keyColumn: 'supplierItem', requiredColumns: ['sku'] }]);
  });

  it('creates an independent partner, xref table and flow (version 1, labelled template@version) for each', async () => {
    for (const [partnerId, csv] of [['alpha-supply', 'supplierItem,sku\nALPHA-1,SKU-10001\n'], ['beta-parts', 'supplierItem,sku\nB-777,SKU-20001\n']] as const) {
      const created = await api<InstantiateAnswer>('POST', `/api/templates/${TEMPLATE}/instantiate`, { partnerId, name: `${partnerId} Inc.`, params: { authMethod: 'api-key', itemMapCsv: csv } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body.flow).toEqual({ id: `${partnerId}-po-ack`, label: `${partnerId} Inc.: Supplier PO acknowledgement (REST portal, JSON)`, version: 1, template: `${TEMPLATE}@1` });
      expect(created.body.credentials.apiKey).toMatch(/^tlk_/);
      expect(created.body.xrefTables).toEqual([{ name: `${partnerId}-items`, version: 1, rowCount: 1 }]);
      answers[partnerId] = created.body;
    }
    const flows = await api<{ flows: Array<{ id: string; template?: string; partnerId?: string }> }>('GET', '/api/flows');
    expect(flows.body.flows.filter((flow) => flow.template === `${TEMPLATE}@1`).map((flow) => [flow.id, flow.partnerId])).toEqual([['alpha-supply-po-ack', 'alpha-supply'], ['beta-parts-po-ack', 'beta-parts']]);
    const partner = await api<{ tolerance: unknown; sla: unknown; authMethod: string; hasApiKey: boolean }>('GET', '/api/partners/alpha-supply');
    expect(partner.body).toMatchObject({ tolerance: { quantityPct: 0, pricePct: 2, dateDays: 3 }, sla: { ackWithinHours: 24 }, authMethod: 'api-key', hasApiKey: true });
    const stored = await api<{ templateVersion: number; params: Record<string, unknown> }>('GET', '/api/flows/alpha-supply-po-ack/template');
    expect(stored.body).toMatchObject({ templateVersion: 1, params: { authMethod: 'api-key', ackPath: 'po-acks' } });
  });

  it('each flow accepts only its own partner\'s key and delivers to the demo ERP with its own item mapping', async () => {
    const alphaKey = answers['alpha-supply']!.credentials.apiKey!;
    const betaKey = answers['beta-parts']!.credentials.apiKey!;
    expect((await postAck('alpha-supply', betaKey, { poNumber: 'PO-1001' })).status).toBe(401);
    expect((await postAck('beta-parts', alphaKey, { poNumber: 'PO-1002' })).status).toBe(401);

    // The demo ERP lets a partner act only on its own POs: issue one to each new partner, as the ERP side of onboarding.
    for (const [po, partnerId] of [['PO-1001', 'alpha-supply'], ['PO-1002', 'beta-parts']]) {
      expect((await api('PUT', `/demo-erp/purchase-orders/${po}/supplier`, { partnerId })).status).toBe(200);
    }
    const alpha = await postAck('alpha-supply', alphaKey, { poNumber: 'PO-1001', ackNumber: 'AL-1', status: 'accepted', lines: [{ line: 1, supplierItem: 'ALPHA-1', qty: 100, unitPrice: 0.18, promisedDate: '2026-12-01', status: 'accepted' }] });
    expect(alpha.status, JSON.stringify(alpha.body)).toBe(200);
    expect(alpha.body.erpReference).toEqual(expect.any(String));
    const beta = await postAck('beta-parts', betaKey, { poNumber: 'PO-1002', ackNumber: 'BE-1', status: 'accepted', lines: [{ line: 1, supplierItem: 'B-777', status: 'accepted' }] });
    expect(beta.status, JSON.stringify(beta.body)).toBe(200);

    const po1001 = await runtime.api<{ lines: Array<{ line: number; ackStatus: string }>; history: unknown[] }>('GET', '/demo-erp/purchase-orders/PO-1001');
    const po1002 = await runtime.api<{ lines: Array<{ line: number; ackStatus: string }>; history: unknown[] }>('GET', '/demo-erp/purchase-orders/PO-1002');
    expect(po1001.body.lines[0]!.ackStatus).toBe('accepted');
    expect(po1002.body.lines[0]!.ackStatus).toBe('accepted');

    const invalid = await postAck('alpha-supply', alphaKey, { poNumber: 'PO-1001', ackNumber: 'AL-2', status: 'accepted', lines: [] });
    expect(invalid.status).toBe(422);
  });
});

describe('bad parameters', () => {
  it('an invalid CSV gets 422 located at the parameter and line, and nothing is created', async () => {
    const before = await inventory();
    const answer = await api<ErrorAnswer>('POST', `/api/templates/${TEMPLATE}/instantiate`, {
      partnerId: 'gamma-goods', params: { authMethod: 'api-key', itemMapCsv: 'supplierItem,sku\nG-1,SKU-10001\nG-1,SKU-10002\n' },
    });
    expect(answer.status).toBe(422);
    expect(answer.body.details).toEqual([{ path: '$.params.itemMapCsv', message: 'line 3, column 1 ("supplierItem"): duplicate key "G-1" (first on line 2)' }]);
    const missingColumn = await api<ErrorAnswer>('POST', `/api/templates/${TEMPLATE}/instantiate`, { partnerId: 'gamma-goods', params: { itemMapCsv: 'supplierItem,item\nG-1,x\n' } });
    expect(missingColumn.status).toBe(422);
    expect(missingColumn.body.details[0]).toEqual({ path: '$.params.itemMapCsv', message: 'line 1: the header lacks column(s) sku (has supplierItem, item)' });
    expect(await inventory()).toEqual(before);
  });

  it('missing and mistyped parameters are all reported with their locations, and nothing is created', async () => {
    const before = await inventory();
    const answer = await api<ErrorAnswer>('POST', `/api/templates/${TEMPLATE}/instantiate`, { partnerId: 'Bad Id', params: { authMethod: 'password', tolerance: { quantityPct: '5' } } });
    expect(answer.status).toBe(422);
    expect(answer.body.details).toEqual(expect.arrayContaining([
      expect.objectContaining({ path: '$.partnerId' }),
      { path: '$.params.authMethod', message: 'must be one of "api-key", "hmac"' },
      { path: '$.params.itemMapCsv', message: 'is required' },
      { path: '$.params.tolerance.quantityPct', message: 'must be number' },
    ]));
    expect(await inventory()).toEqual(before);
  });

  it('an X12 partner without an ISA id gets 422 at $.params.isaId, and nothing is created', async () => {
    const before = await inventory();
    const answer = await api<ErrorAnswer>('POST', '/api/templates/supplier-x12/instantiate', { partnerId: 'no-isa', params: { ourIsaId: 'NORTHWIND', ediDirectory: 'edi/no-isa', isaQualifier: 'Z' } });
    expect(answer.status).toBe(422);
    expect(answer.body.details).toEqual([
      { path: '$.params.isaId', message: 'is required' },
      { path: '$.params.isaQualifier', message: 'must match pattern "^[A-Z0-9]{2}$"' },
    ]);
    expect(await inventory()).toEqual(before);
  });

  it('an EDI directory outside the files root gets 422 at $.params.ediDirectory (file nodes could never use it), and nothing is created', async () => {
    const before = await inventory();
    const answer = await api<ErrorAnswer>('POST', '/api/templates/supplier-x12/instantiate', { partnerId: 'outside-root', params: { isaId: 'OUTSIDE', ourIsaId: 'NORTHWIND', ediDirectory: '/etc/tradelane-edi' } });
    expect(answer.status).toBe(422);
    expect(answer.body.details).toEqual([{ path: '$.params.ediDirectory', message: expect.stringMatching(/^file name "\/etc\/tradelane-edi" resolves to .*outside the files root .*; use a path relative to the files root, or one inside it$/) }]);
    expect(await inventory()).toEqual(before);
  });

  it('an existing partner id is a 409 and changes nothing', async () => {
    const before = await inventory();
    const answer = await api<ErrorAnswer>('POST', `/api/templates/${TEMPLATE}/instantiate`, { partnerId: 'alpha-supply', params: { itemMapCsv: 'supplierItem,sku\nX,SKU-1\n' } });
    expect(answer.status).toBe(409);
    expect(answer.body.details.map((detail) => detail.path)).toEqual(['$.partnerId', '$.partnerId', '$.params.itemMapCsv']);
    expect(await inventory()).toEqual(before);
  });
});

describe('preview and dry run', () => {
  // PO-1003 line 1 is 300 EA of SKU-30002 at 3.25, requested 2026-12-03; the template's default tolerance is 0% quantity, 2% price, 3 days.
  const params = { authMethod: 'api-key', itemMapCsv: 'supplierItem,sku\nD-1,SKU-30002\n' };

  it('preview returns the flow it would deploy and stores nothing', async () => {
    const before = await inventory();
    const preview = await api<{ flowId: string; flow: Array<{ id: string; type: string; partnerId?: string; path?: string }>; partner: { id: string }; xrefTables: unknown[] }>('POST', `/api/templates/${TEMPLATE}/preview`, { partnerId: 'delta-co', params });
    expect(preview.status).toBe(200);
    expect(preview.body.flowId).toBe('delta-co-po-ack');
    expect(preview.body.flow.find((node) => node.type === 'tl-intake')).toMatchObject({ id: 'delta-co-po-ack.intake', partnerId: 'delta-co', path: 'po-acks' });
    expect(preview.body.xrefTables).toEqual([{ name: 'delta-co-items', keyColumn: 'supplierItem', columns: ['supplierItem', 'sku'], rowCount: 1 }]);
    expect(await inventory()).toEqual(before);
  });

  it('a dry run reaches no ERP, returns each hop\'s output, applies the collected tolerance and leaves nothing behind', async () => {
    const before = await inventory();
    const erpBefore = await runtime.api<{ appliedUpdates: number }>('GET', '/demo-erp/_stats');
    const historyBefore = await runtime.api<{ history: unknown[] }>('GET', '/demo-erp/purchase-orders/PO-1003');
    const document = { poNumber: 'PO-1003', ackNumber: 'D-1', status: 'accepted', lines: [{ line: 1, supplierItem: 'D-1', qty: 300, unitPrice: 3.25, status: 'accepted' }] };
    const run = await api<{ ok: boolean; response: { status: number }; hops: Array<{ nodeId: string; treatment: string; outputs: Array<{ port: number; message: { payload: Record<string, unknown> } }> }>; notReached: string[] }>(
      'POST', `/api/templates/${TEMPLATE}/dry-run`, { partnerId: 'delta-co', params, document });
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    expect(run.body.ok, JSON.stringify(run.body)).toBe(true);
    const hops = Object.fromEntries(run.body.hops.map((hop) => [hop.nodeId, hop]));
    expect(run.body.hops.map((hop) => hop.nodeId)).toEqual(['intake', 'validate', 'po', 'canonical', 'tolerance', 'map', 'erp', 'ok']);
    expect(hops.validate!.outputs).toEqual([{ port: 0, message: expect.objectContaining({ payload: document }) }]);
    // The partner's CSV from the parameters mapped the item, though no table was stored.
    // The PO came from the ERP (a read), the acknowledgement was compared in canonical form, within the template's tolerance.
    expect(hops.po!.outputs[0]!.message).toMatchObject({ purchaseOrder: { poNumber: 'PO-1003', lines: expect.arrayContaining([expect.objectContaining({ line: 1, sku: 'SKU-30002', qty: 300 })]) } });
    expect(hops.tolerance).toMatchObject({ treatment: 'ran', note: expect.stringContaining('no exception opened'), outputs: [{ port: 0, message: { toleranceExceptions: [], tolerancePolicy: { quantityPct: 0, pricePct: 2, dateDays: 3, source: 'node' } } }] });
    expect(hops.map!.outputs[0]!.message.payload).toEqual({ poNumber: 'PO-1003', ackNumber: 'D-1', status: 'accepted', lines: [{ line: 1, sku: 'SKU-30002', status: 'accepted', qty: 300, unitPrice: 3.25 }] });
    expect(hops.erp).toMatchObject({ treatment: 'stubbed', outputs: [{ port: 0, message: { payload: { poNumber: 'PO-1003' } } }] });
    expect(run.body.response.status).toBe(200);
    expect(run.body.notReached).toEqual(['invalid', 'unknown-po', 'held', 'failed', 'failed-answer']);

    // Beyond the collected tolerance (5 of 300 ordered, 4% over the price): held for review, answered 202, not posted, and no exception left behind.
    const short = { ...document, lines: [{ ...document.lines[0]!, qty: 5, unitPrice: 3.38 }] };
    const held = await api<{ ok: boolean; response: { status: number; body: { status: string; deviations: Array<{ field: string; reason: string }> } }; hops: Array<{ nodeId: string }> }>('POST', `/api/templates/${TEMPLATE}/dry-run`, { partnerId: 'delta-co', params, document: short });
    expect(held.body.ok, JSON.stringify(held.body)).toBe(true);
    expect(held.body.hops.map((hop) => hop.nodeId)).toEqual(['intake', 'validate', 'po', 'canonical', 'tolerance', 'held']);
    expect(held.body.response).toMatchObject({ status: 202, body: { status: 'held for review' } });
    expect(held.body.response.body.deviations.map((deviation) => deviation.field)).toEqual(['qty', 'unitPrice']);
    expect((await api<{ exceptions: unknown[] }>('GET', '/api/exceptions?partner=delta-co')).body.exceptions).toEqual([]);

    const invalid = await api<{ response: { status: number; body: { details: unknown[] } }; hops: Array<{ nodeId: string }> }>('POST', `/api/templates/${TEMPLATE}/dry-run`, { partnerId: 'delta-co', params, document: { poNumber: 'PO-1003' } });
    expect(invalid.body.response.status).toBe(422);
    expect(invalid.body.hops.map((hop) => hop.nodeId)).toEqual(['intake', 'validate', 'invalid']);

    expect((await runtime.api<{ appliedUpdates: number }>('GET', '/demo-erp/_stats')).body.appliedUpdates).toBe(erpBefore.body.appliedUpdates);
    expect((await runtime.api<{ history: unknown[] }>('GET', '/demo-erp/purchase-orders/PO-1003')).body.history).toEqual(historyBefore.body.history);
    expect(await inventory()).toEqual(before);
  });
});

describe('tradelane onboard (CLI)', () => {
  const run = promisify(execFile);
  const dir = tempDataDir('tradelane-cli-');

  it('onboards from a params file and a CSV file over HTTP, printing the credentials once', async () => {
    writeFileSync(path.join(dir, 'params.json'), JSON.stringify({ partnerId: 'cli-co', name: 'CLI Co', params: { authMethod: 'hmac' } }));
    writeFileSync(path.join(dir, 'items.csv'), 'supplierItem,sku\nC-1,SKU-10001\n');
    const { stdout } = await run(process.execPath, [CLI, 'onboard', '--template', TEMPLATE, '--params', path.join(dir, 'params.json'), '--csv', `itemMapCsv=${path.join(dir, 'items.csv')}`, '--url', runtime.url], { env: { ...process.env, TRADELANE_TOKEN: token } });
    const result = JSON.parse(stdout) as InstantiateAnswer;
    expect(result.flow).toMatchObject({ id: 'cli-co-po-ack', version: 1, template: `${TEMPLATE}@1` });
    expect(result.credentials.hmacSecret).toMatch(/^tlh_/);
    expect((await api<{ authMethod: string }>('GET', '/api/partners/cli-co')).body.authMethod).toBe('hmac');
  });

  it('exits non-zero with the located problems on stderr', async () => {
    writeFileSync(path.join(dir, 'bare.json'), JSON.stringify({ authMethod: 'api-key' }));
    const failure = await run(process.execPath, [CLI, 'onboard', '--template', TEMPLATE, '--params', path.join(dir, 'bare.json'), '--partner', 'cli-two', '--url', runtime.url], { env: { ...process.env, TRADELANE_TOKEN: token } })
      .then(() => undefined, (error: { code: number; stderr: string }) => error);
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('instantiate failed (422)');
    expect(failure?.stderr).toContain('$.params.itemMapCsv: is required');
  });
});
