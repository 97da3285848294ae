// Per-node message data and debug output on a real runtime: a failing node's input is kept (masked) under the default capture policy,
// read only with permission ledger.payloads; debug nodes' output reaches socket.io and the flow's debug history.
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';
import { waitFor } from '../support/wait-for.js';

const FLOW = 'capture';
const flow = [
  { id: FLOW, type: 'tab', label: 'Capture', maskFields: ['secretNote'] },
  { id: 'c-in', type: 'http in', z: FLOW, x: 100, y: 100, url: '/cap', method: 'post', wires: [['c-map']] },
  { id: 'c-map', type: 'tl-transform', z: FLOW, x: 300, y: 100, name: 'map or fail', expression: 'payload.fail ? $error("refused by the test") : payload ~> |$|{"mapped": true}|', property: 'payload', wires: [['c-debug', 'c-out']] },
  { id: 'c-debug', type: 'debug', z: FLOW, x: 500, y: 60, name: 'show mapped', complete: 'payload', wires: [] },
  { id: 'c-out', type: 'http response', z: FLOW, x: 500, y: 100, wires: [] },
  { id: 'c-catch', type: 'catch', z: FLOW, x: 300, y: 200, scope: null, wires: [['c-500']] },
  { id: 'c-500', type: 'change', z: FLOW, x: 500, y: 200, rules: [{ t: 'set', p: 'statusCode', pt: 'msg', to: '500', tot: 'num' }], wires: [['c-out']] },
];

interface CapturedValue { value?: unknown; text?: string; truncated: boolean; bytes: number }
interface DataAnswer { correlationId: string; nodes: Array<{ nodeId: string; nodeName: string; nodeType: string; flowId: string; at: number; input?: CapturedValue; outputs?: Array<CapturedValue | null>; error?: string }> }
interface DebugMessage { flowId: string; nodeId: string; nodeName: string; at: number; correlationId?: string; property: string; value: CapturedValue }

describe('message data and debug output', () => {
  let runtime: RuntimeProcess;
  let admin: string;
  let socket: Socket;
  const live: DebugMessage[] = [];
  const post = (body: unknown, correlationId: string) => fetch(`${runtime.url}/hooks/${FLOW}/cap`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-correlation-id': correlationId }, body: JSON.stringify(body) });
  const tokenOf = async (username: string, role: string) => {
    const created = await runtime.api('POST', '/api/users', { username, password: `${username}-password-1`, role }, admin);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return runtime.login(username, `${username}-password-1`);
  };

  beforeAll(async () => {
    runtime = await startRuntime({ args: ['--no-demo'] });
    admin = await runtime.login();
    expect((await runtime.api('PUT', `/api/flows/${FLOW}`, { flow }, admin)).status).toBe(201);
    socket = io(runtime.url, { auth: { token: admin }, transports: ['websocket'], reconnection: false });
    await new Promise<void>((resolve, reject) => { socket.once('connect', () => resolve()); socket.once('connect_error', reject); });
    socket.on('debug', (message: DebugMessage) => live.push(message));
  });
  afterAll(async () => {
    socket?.close();
    await runtime?.stop();
  });

  it('keeps the input of the node that failed, masked by the flow\'s maskFields, and nothing for nodes that did not', async () => {
    expect((await post({ fail: true, order: 'PO-9', secretNote: 'call 555-0199' }, 'cap-fail')).status).toBe(500);
    expect((await post({ order: 'PO-10' }, 'cap-ok')).status).toBe(200);
    const operator = await tokenOf('olga', 'operator');
    const failed = await waitFor(() => runtime.api<DataAnswer>('GET', '/api/traces/cap-fail/data', undefined, operator), (answer) => answer.body.nodes?.length > 0, 10_000, 'captured data');
    expect(failed.status).toBe(200);
    expect(failed.body.nodes).toEqual([expect.objectContaining({
      nodeId: 'c-map', nodeName: 'map or fail', nodeType: 'tl-transform', flowId: FLOW, error: expect.stringContaining('refused by the test'),
      input: { value: { fail: true, order: 'PO-9', secretNote: '***' }, truncated: false, bytes: expect.any(Number) },
    })]);
    expect(JSON.stringify(failed.body)).not.toContain('555-0199');
    expect((await runtime.api<DataAnswer>('GET', '/api/traces/cap-ok/data', undefined, operator)).body.nodes).toEqual([]);
  });

  it('refuses message data to a role without ledger.payloads', async () => {
    const analyst = await tokenOf('anna', 'analyst');
    const answer = await runtime.api<{ error: string }>('GET', '/api/traces/cap-fail/data', undefined, analyst);
    expect(answer.status).toBe(403);
    expect(answer.body.error).toContain('ledger.payloads');
  });

  it('shows what a debug node received, live and in the flow\'s debug history', async () => {
    expect((await post({ order: 'PO-11', secretNote: 'hidden' }, 'cap-debug')).status).toBe(200);
    const history = await waitFor(() => runtime.api<{ messages: DebugMessage[] }>('GET', `/api/flows/${FLOW}/debug`, undefined, admin), (answer) => answer.body.messages.some((message) => message.correlationId === 'cap-debug'), 10_000, 'the debug message');
    const shown = history.body.messages.find((message) => message.correlationId === 'cap-debug')!;
    expect(shown).toMatchObject({ flowId: FLOW, nodeId: 'c-debug', nodeName: 'show mapped', property: 'msg.payload', value: { value: { order: 'PO-11', secretNote: '***', mapped: true }, truncated: false } });
    await waitFor(async () => live.filter((message) => message.correlationId === 'cap-debug').length, (count) => count === 1, 10_000, 'the live debug event');
  });
});

describe('message data with TRADELANE_CAPTURE_DATA=all', () => {
  let runtime: RuntimeProcess;
  let admin: string;

  beforeAll(async () => {
    runtime = await startRuntime({ args: ['--no-demo'], env: { TRADELANE_CAPTURE_DATA: 'all' } });
    admin = await runtime.login();
    expect((await runtime.api('PUT', `/api/flows/${FLOW}`, { flow }, admin)).status).toBe(201);
  });
  afterAll(async () => { await runtime?.stop(); });

  it('lists each node visit once, with what it received and sent, even when its output is wired to two nodes', async () => {
    const answer = await fetch(`${runtime.url}/hooks/${FLOW}/cap`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-correlation-id': 'cap-all' }, body: JSON.stringify({ order: 'PO-12' }) });
    expect(answer.status).toBe(200);
    const data = await waitFor(() => runtime.api<DataAnswer>('GET', '/api/traces/cap-all/data', undefined, admin), (found) => found.body.nodes?.some((node) => node.nodeId === 'c-out'), 10_000, 'captured data');
    const visits = data.body.nodes.map((node) => node.nodeId);
    expect(visits.filter((id) => id === 'c-map')).toEqual(['c-map']);
    const mapped = data.body.nodes.find((node) => node.nodeId === 'c-map')!;
    expect(mapped.input?.value).toEqual({ order: 'PO-12' });
    expect(mapped.outputs).toEqual([{ value: { order: 'PO-12', mapped: true }, truncated: false, bytes: expect.any(Number) }]);
    expect(visits).toEqual(expect.arrayContaining(['c-debug', 'c-out']));
  });
});
