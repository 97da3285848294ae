// Foundation acceptance over HTTP against the real runtime process: demo flow, deploy validation, versions, auth, traces.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';
import { waitFor } from '../support/wait-for.js';

const ACK = {
  poNumber: 'PO-1001',
  ackNumber: 'A-1',
  status: 'accepted',
  lines: [
    { line: 1, sku: 'SKU-10001', qty: 100, unitPrice: 0.18, promisedDate: '2026-12-01', status: 'accepted' },
    { line: 2, sku: 'SKU-10002', qty: 200, unitPrice: 0.05, promisedDate: '2026-12-08', status: 'accepted' },
  ],
};

interface PurchaseOrder {
  ackStatus: string;
  history: Array<{ idempotencyKey: string; correlationId?: string; ackNumber?: string }>;
}

function helloFlow(id: string, greeting: string) {
  return [
    { id, type: 'tab', label: `Hello ${id}` },
    { id: `${id}-in`, type: 'http in', z: id, x: 100, y: 100, url: `/hello/${id}`, method: 'get', wires: [[`${id}-set`]] },
    { id: `${id}-set`, type: 'change', z: id, x: 300, y: 100, rules: [{ t: 'set', p: 'payload', pt: 'msg', to: greeting, tot: 'str' }], wires: [[`${id}-out`]] },
    { id: `${id}-out`, type: 'http response', z: id, x: 500, y: 100, wires: [] },
  ];
}

describe('foundation: runtime, demo flow, versions, auth, traces', () => {
  let runtime: RuntimeProcess;
  let token: string;

  const postAck = (body: string | object, headers: Record<string, string> = {}) =>
    fetch(`${runtime.url}/partners/demo-supplier/po-acks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': runtime.demoApiKey, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const purchaseOrder = async (po: string) => (await (await fetch(`${runtime.url}/demo-erp/purchase-orders/${po}`)).json()) as PurchaseOrder;

  beforeAll(async () => {
    runtime = await startRuntime();
    token = await runtime.login();
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it('answers health without a token', async () => {
    const health = await runtime.api<{ status: string }>('GET', '/api/health');
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('ok');
  });

  it('lists the demo flow', async () => {
    const flows = await runtime.api<{ flows: Array<{ id: string; version: number; partnerId?: string }> }>('GET', '/api/flows', undefined, token);
    expect(flows.status).toBe(200);
    expect(flows.body.flows).toContainEqual(expect.objectContaining({ id: 'demo-supplier-po-ack', version: 1, partnerId: 'demo-supplier' }));
  });

  it('queues a posted acknowledgement (202), applies it in the demo ERP once per idempotency key, and traces it', async () => {
    const first = await postAck(ACK, { 'Idempotency-Key': 'ack-PO-1001-A-1', 'X-Correlation-Id': 'corr-foundation-1' });
    const firstBody = (await first.json()) as { status: string; correlationId: string };
    expect(first.status).toBe(202);
    expect(first.headers.get('x-correlation-id')).toBe('corr-foundation-1');
    expect(firstBody).toEqual({ status: 'queued', correlationId: 'corr-foundation-1' });

    // The demo flow answers 202 and posts to the ERP asynchronously.
    const po = await waitFor(() => purchaseOrder('PO-1001'), (order) => order.history.length > 0, 15_000, 'the ack at the ERP');
    expect(po.ackStatus).toBe('accepted');
    // The ERP key comes from the document (partner + PO + ack number), never from the partner's Idempotency-Key header.
    expect(po.history[0]).toMatchObject({ idempotencyKey: 'demo-supplier:PO-1001:A-1', correlationId: 'corr-foundation-1' });

    const second = await postAck(ACK, { 'Idempotency-Key': 'ack-PO-1001-A-1' });
    expect(second.status).toBe(200);
    expect(await second.json()).toMatchObject({ status: 'duplicate', originalCorrelationId: 'corr-foundation-1' });
    expect((await purchaseOrder('PO-1001')).history).toHaveLength(1);

    type Hops = { hops: Array<{ nodeId: string; event: string; nodeType: string }> };
    const trace = await waitFor(
      () => runtime.api<Hops>('GET', '/api/traces/corr-foundation-1', undefined, token),
      (answer) => answer.status === 200 && answer.body.hops.some((hop) => hop.nodeId === 'demo-ack-erp' && hop.event === 'completed'),
      15_000,
    );
    const received = trace.body.hops.filter((hop) => hop.event === 'received').map((hop) => hop.nodeId);
    expect(received).toEqual(['demo-ack-validate', 'demo-ack-dedupe', 'demo-ack-queue', 'demo-ack-map', 'demo-ack-throttle', 'demo-ack-erp']);
    expect(trace.body.hops.some((hop) => hop.event === 'error')).toBe(false);
  });

  it('rejects a wrong partner key with 401 and applies nothing', async () => {
    const response = await postAck({ ...ACK, poNumber: 'PO-1003' }, { 'x-api-key': 'not-the-key' });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { details: Array<{ path: string }> }).details[0]!.path).toBe('header.X-Api-Key');
    expect((await purchaseOrder('PO-1003')).history).toHaveLength(0);
  });

  it('rejects malformed JSON with 400 and its line and column', async () => {
    const response = await postAck('{\n  "poNumber": "PO-1004",\n  "lines": [1, 2,]\n}');
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; details: Array<{ line: number; column: number }> };
    expect(body.error).toContain('line 3, column 18');
    expect(body.details[0]).toMatchObject({ line: 3, column: 18 });
  });

  it('rejects a schema-invalid acknowledgement with 422 listing JSON paths', async () => {
    const response = await postAck({ poNumber: 'PO-1004', status: 'maybe', lines: [{ line: 0, status: 'accepted' }] });
    expect(response.status).toBe(422);
    const paths = ((await response.json()) as { details: Array<{ path: string }> }).details.map((detail) => detail.path);
    expect(paths).toEqual(expect.arrayContaining(['$.ackNumber', '$.status', '$.lines[0].line']));
  });

  it('rejects a deploy with an unknown node type, naming it, and keeps the demo flow running', async () => {
    const flow = helloFlow('bad-flow', 'x');
    flow.push({ id: 'bad-flow-mystery', type: 'mystery-node', z: 'bad-flow', x: 1, y: 1, wires: [] } as never);
    const deploy = await runtime.api<{ error: string; details: Array<{ nodeId: string; path: string; message: string }> }>('POST', '/api/flows', { flow }, token);
    expect(deploy.status).toBe(400);
    expect(deploy.body.details).toContainEqual({ nodeId: 'bad-flow-mystery', path: '$.type', message: 'unknown node type "mystery-node"' });
    const flows = await runtime.api<{ flows: Array<{ id: string }> }>('GET', '/api/flows', undefined, token);
    expect(flows.body.flows.map((f) => f.id)).not.toContain('bad-flow');
    const stillRunning = await postAck({ ...ACK, ackNumber: 'A-after-bad-deploy' }, { 'Idempotency-Key': 'after-bad-deploy' });
    expect(stillRunning.status).toBe(202);
  });

  it('reports missing positions, dangling wires and config errors before deploying', async () => {
    const flow = helloFlow('checked', 'x') as Array<Record<string, unknown>>;
    delete flow[1]!.x;
    flow[2]!.wires = [['nowhere']];
    flow[1]!.method = 'fetch';
    const result = await runtime.api<{ ok: boolean; problems: Array<{ nodeId: string; path: string }> }>('POST', '/api/flows/validate', { flow }, token);
    expect(result.body.ok).toBe(false);
    expect(result.body.problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ nodeId: 'checked-in', path: '$.x' }),
      expect.objectContaining({ nodeId: 'checked-set', path: '$.wires[0][0]' }),
      expect.objectContaining({ nodeId: 'checked-in', path: '$.method' }),
    ]));
  });

  it('versions each deploy and rolls back by deploying the old content as a new version', async () => {
    const created = await runtime.api<{ id: string; version: number }>('POST', '/api/flows', { flow: helloFlow('greeter', 'hello v1'), message: 'first' }, token);
    expect(created.status).toBe(201);
    const second = await runtime.api<{ version: number }>('PUT', '/api/flows/greeter', { flow: helloFlow('greeter', 'hello v2'), message: 'second' }, token);
    expect(second.body.version).toBe(2);
    expect(await (await fetch(`${runtime.url}/hooks/greeter/hello/greeter`)).text()).toBe('hello v2');

    const diff = await runtime.api<{ nodes: { changed: Array<{ id: string; properties: Array<{ path: string; before: unknown; after: unknown }> }> } }>('GET', '/api/flows/greeter/diff?from=1&to=2', undefined, token);
    expect(diff.body.nodes.changed).toEqual([{ id: 'greeter-set', type: 'change', properties: [{ path: 'rules[0].to', before: 'hello v1', after: 'hello v2' }] }]);

    const rollback = await runtime.api<{ version: number }>('POST', '/api/flows/greeter/rollback', { version: 1 }, token);
    expect(rollback.status).toBe(200);
    expect(rollback.body.version).toBe(3);
    const versions = await runtime.api<{ versions: Array<{ n: number; message: string; author: string }> }>('GET', '/api/flows/greeter/versions', undefined, token);
    expect(versions.body.versions.map((v) => v.n)).toEqual([3, 2, 1]);
    expect(versions.body.versions[0]).toMatchObject({ message: 'rollback to version 1', author: 'admin' });
    expect(await (await fetch(`${runtime.url}/hooks/greeter/hello/greeter`)).text()).toBe('hello v1');
    const v3 = await runtime.api<{ hash: string }>('GET', '/api/flows/greeter/versions/3', undefined, token);
    const v1 = await runtime.api<{ hash: string }>('GET', '/api/flows/greeter/versions/1', undefined, token);
    expect(v3.body.hash).toBe(v1.body.hash);
  });

  it('answers 401 on every /api route except health, readiness and login without a token', async () => {
    const openapi = await runtime.api<{ paths: Record<string, Record<string, unknown>> }>('GET', '/api/openapi.json');
    const open = new Set(['GET /api/health', 'GET /api/ready', 'POST /api/auth/login']);
    const checked: string[] = [];
    for (const [path, operations] of Object.entries(openapi.body.paths)) {
      for (const method of Object.keys(operations)) {
        const route = `${method.toUpperCase()} ${path}`;
        if (open.has(route)) continue;
        const concrete = path.replace(/\{[^}]+\}/g, 'x');
        const response = await runtime.api(method.toUpperCase(), concrete, method === 'get' || method === 'delete' ? undefined : {});
        expect(response.status, route).toBe(401);
        checked.push(route);
      }
    }
    expect(checked.length).toBeGreaterThan(10);
  });

  it('enforces roles: an operator cannot deploy, only an admin manages users', async () => {
    const created = await runtime.api('POST', '/api/users', { username: 'olivia', password: 'operator-pass', role: 'operator' }, token);
    expect(created.status).toBe(201);
    const operator = await runtime.login('olivia', 'operator-pass');
    const deploy = await runtime.api('PUT', '/api/flows/greeter', { flow: helloFlow('greeter', 'operator was here') }, operator);
    expect(deploy.status).toBe(403);
    expect((await runtime.api('GET', '/api/users', undefined, operator)).status).toBe(403);
    expect((await runtime.api('GET', '/api/flows', undefined, operator)).status).toBe(200);
  });

  it('rejects malformed API bodies with a located 400', async () => {
    const response = await fetch(`${runtime.url}/api/flows`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '{"flow": [}' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { details: Array<{ message: string }> }).details[0]!.message).toContain('line 1, column 11');
  });

  it('evaluates a JSONata expression against several samples, locating syntax errors', async () => {
    const samples = [{ payload: { poNumber: 'PO-1' } }, { payload: { poNumber: 'PO-2' } }];
    const ok = await runtime.api<{ results: Array<{ ok: boolean; result?: unknown }> }>('POST', '/api/jsonata/evaluate', { expression: '"ack for " & payload.poNumber', samples }, token);
    expect(ok.body.results).toEqual([{ ok: true, result: 'ack for PO-1' }, { ok: true, result: 'ack for PO-2' }]);
    const broken = await runtime.api<{ results: Array<{ ok: boolean; error?: { line: number; column: number } }> }>('POST', '/api/jsonata/evaluate', { expression: 'payload.\n  (poNumber', samples }, token);
    expect(broken.body.results).toHaveLength(2);
    expect(broken.body.results[0]).toMatchObject({ ok: false, error: { line: 2 } });
  });

  it('serves metrics and the OpenAPI document', async () => {
    const metrics = await (await fetch(`${runtime.url}/metrics`)).text();
    expect(metrics).toContain('tradelane_node_events_total');
    const openapi = await runtime.api<{ openapi: string; paths: Record<string, unknown> }>('GET', '/api/openapi.json');
    expect(openapi.body.openapi).toBe('3.1.0');
    expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining(['/api/flows', '/api/flows/{id}/rollback', '/api/traces/{correlationId}']));
  });

  it('shuts down gracefully on SIGTERM', async () => {
    expect(await runtime.stop()).toBe(0);
  });
});
