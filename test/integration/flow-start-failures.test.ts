// Deploys whose nodes cannot start: a located route clash, a 422 that keeps the previous version serving, and a flow that failed at a restart stays failed.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startRuntime, tempDataDir, type RuntimeProcess } from '../support/runtime-process.js';

interface Located { nodeId: string; path: string; message: string }
interface ErrorAnswer { error: string; details: Located[]; failedNodes?: Array<{ nodeId: string; type: string; message: string }>; previousVersionRunning?: boolean }
interface FlowRow { id: string; version: number; status: string; failedNodes: Array<{ nodeId: string; type: string; message: string }> }

/** A flow of one tab; nodes get positions and the tab as z. */
function flow(id: string, nodes: Array<Record<string, unknown>>): Array<Record<string, unknown>> {
  return [{ id, type: 'tab', label: `Flow ${id}` }, ...nodes.map((node, index) => ({ x: 100 + index * 150, y: 100, wires: [], ...node, z: id }))];
}

const intake = (id: string, path: string) => ({ id, type: 'tl-intake', partnerId: 'demo-supplier', path, auth: 'api-key' });
/**
 * A lookup whose target comes from the environment: valid as written, but when XREF_TARGET is empty Node-RED hands
 * the node an empty target and its start fails (its config is invalid then: $.target is empty).
 */
const envLookup = (id: string) => ({ id, type: 'tl-xref', table: 'supplier-items', key: 'supplierItem', mode: 'lookup', target: '${XREF_TARGET}' });
const FLOW_ENV = { TRADELANE_FLOW_ENV: 'XREF_TARGET' };

describe('deploys whose nodes cannot start', () => {
  let runtime: RuntimeProcess;
  let token: string;

  beforeAll(async () => {
    runtime = await startRuntime({ env: { ...FLOW_ENV, XREF_TARGET: '' } });
    token = await runtime.login();
  });

  afterAll(async () => {
    await runtime?.stop();
  });

  test('an intake on the demo flow\'s endpoint is refused, naming both flows and the node', async () => {
    const response = await runtime.api<ErrorAnswer>('POST', '/api/flows', { flow: flow('clash-flow', [intake('clash-intake', 'po-acks')]) }, token);
    expect(response.status).toBe(400);
    expect(response.body.details).toContainEqual({
      nodeId: 'clash-intake', path: '$.path',
      message: expect.stringMatching(/POST \/partners\/demo-supplier\/po-acks is already served by node demo-ack-intake in flow "demo-supplier-po-ack".*flow "clash-flow"/),
    });
    expect((await runtime.api('GET', '/api/flows/clash-flow', undefined, token)).status).toBe(404);
  });

  test('a version whose node fails to start answers 422 with the node and reason, and the previous version keeps serving', async () => {
    const first = await runtime.api<{ version: number }>('POST', '/api/flows', { flow: flow('start-check', [intake('start-check-in', 'start-checks')]) }, token);
    expect(first.status).toBe(201);
    const broken = flow('start-check', [{ ...intake('start-check-in', 'start-checks'), wires: [['start-check-xref']] }, envLookup('start-check-xref')]);
    const response = await runtime.api<ErrorAnswer>('PUT', '/api/flows/start-check', { flow: broken, message: 'adds a lookup' }, token);
    expect(response.status).toBe(422);
    expect(response.body.details).toEqual([{ nodeId: 'start-check-xref', path: '$', message: expect.stringContaining('$.target') }]);
    expect(response.body.failedNodes).toEqual([expect.objectContaining({ nodeId: 'start-check-xref', type: 'tl-xref' })]);
    expect(response.body.previousVersionRunning).toBe(true);

    // Version 1 is still the deployed one, and its endpoint answers (a missing API key is refused by the intake, not a 404).
    const versions = await runtime.api<{ versions: Array<{ n: number }> }>('GET', '/api/flows/start-check/versions', undefined, token);
    expect(versions.body.versions.map((version) => version.n)).toEqual([1]);
    const served = await fetch(`${runtime.url}/partners/demo-supplier/start-checks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(served.status).toBe(401);
    const listed = await runtime.api<{ flows: FlowRow[] }>('GET', '/api/flows', undefined, token);
    expect(listed.body.flows.find((row) => row.id === 'start-check')).toMatchObject({ version: 1, status: 'running', failedNodes: [] });
  });

  test('a new flow whose node fails to start is not created', async () => {
    const response = await runtime.api<ErrorAnswer>('POST', '/api/flows', { flow: flow('start-new', [envLookup('start-new-xref')]) }, token);
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ previousVersionRunning: false, details: [{ nodeId: 'start-new-xref', message: expect.stringContaining('$.target') }] });
    expect((await runtime.api('GET', '/api/flows/start-new', undefined, token)).status).toBe(404);
  });

  test('a node whose own start throws is reported with the reason it gave', async () => {
    // The schema allows any default, but a unit conversion's start refuses a factor that is not a positive number.
    const convert = { id: 'start-uom-xref', type: 'tl-xref', table: 'uoms', key: 'uom', mode: 'uom-convert', onMiss: 'default', defaultValue: 'abc' };
    const response = await runtime.api<ErrorAnswer>('POST', '/api/flows', { flow: flow('start-uom', [convert]) }, token);
    expect(response.status).toBe(422);
    expect(response.body.details).toEqual([{ nodeId: 'start-uom-xref', path: '$', message: 'node failed to start: default factor "abc" must be a positive number' }]);
    expect((await runtime.api('GET', '/api/flows/start-uom', undefined, token)).status).toBe(404);
  });

  test('the OpenAPI document describes the 422 of a deploy', async () => {
    const openapi = await runtime.api<{ paths: Record<string, Record<string, { responses: Record<string, { content: { 'application/json': { schema: { required: string[] } } } }> }>> }>('GET', '/api/openapi.json', undefined, token);
    expect(openapi.body.paths['/api/flows/{id}']!.put!.responses['422']!.content['application/json'].schema.required).toEqual(expect.arrayContaining(['failedNodes', 'details']));
  });
});

describe('a flow whose node fails to start at a restart', () => {
  const dataDir = tempDataDir();
  let runtime: RuntimeProcess | undefined;

  afterAll(async () => {
    await runtime?.stop();
  });

  test('is listed as failed, with the node and its reason, from the server\'s state', async () => {
    runtime = await startRuntime({ dataDir, env: { ...FLOW_ENV, XREF_TARGET: 'sku' } });
    let token = await runtime.login();
    const deployed = await runtime.api('POST', '/api/flows', { flow: flow('env-lookup', [envLookup('env-lookup-xref')]) }, token);
    expect(deployed.status).toBe(201);
    await runtime.stop();

    // The variable is empty after the restart: the lookup has no target, so its start fails.
    runtime = await startRuntime({ dataDir, env: { ...FLOW_ENV, XREF_TARGET: '' } });
    token = await runtime.login();
    const listed = await runtime.api<{ flows: FlowRow[] }>('GET', '/api/flows', undefined, token);
    expect(listed.body.flows.find((row) => row.id === 'env-lookup')).toMatchObject({
      status: 'failed', failedNodes: [{ nodeId: 'env-lookup-xref', type: 'tl-xref', message: expect.stringContaining('$.target') }],
    });
    expect(listed.body.flows.find((row) => row.id === 'demo-supplier-po-ack')).toMatchObject({ status: 'running', failedNodes: [] });
    const one = await runtime.api<FlowRow>('GET', '/api/flows/env-lookup', undefined, token);
    expect(one.body).toMatchObject({ status: 'failed', failedNodes: [expect.objectContaining({ nodeId: 'env-lookup-xref' })] });
  });
});
