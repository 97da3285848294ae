// The operations overview and flow health on a real runtime: ledger throughput per partner, refusals, live `operations` events,
// and an ERP outage that opens the circuit and makes the demo flow failing.
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';
import { ackBody, postAck, setFaults } from '../reliability/support.js';
import { waitFor } from '../support/wait-for.js';

interface FlowHealth { state: string; errorsLastHour: number; backlog: number; openDeadLetters: number; openCircuits: number; reasons: string[] }
interface Counts { received: number; refused: number; failed: number; posted: number; deadLettered: number }
interface Overview {
  asOf: string; from: string; to: string; bucketMs: number;
  throughput: Array<Counts & { at: string; partnerId: string }>;
  totals: Counts;
  partners: Array<{ id: string; name: string }>;
  backlog: { queued: number; inFlight: number; retrying: number; byQueue: Array<{ flowId: string; nodeId: string; name: string; queued: number; inFlight: number }> };
  deadLetters: { open: number; byFlow: Array<{ flowId: string; name: string; open: number }> };
  circuits: Array<{ flowId: string; nodeId: string; name: string; state: string }>;
  sla: { overdue: number; openAlerts: number };
  exceptions: { open: number };
  flows: Array<{ id: string; name: string; health: FlowHealth }>;
}

const FLOW = 'demo-supplier-po-ack';

describe('operations overview and flow health', () => {
  let runtime: RuntimeProcess;
  let token: string;
  let socket: Socket;
  const operationsEvents: Array<{ at: number }> = [];
  const overview = async (query = '') => {
    const answer = await runtime.api<Overview>('GET', `/api/operations/overview${query}`, undefined, token);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body;
  };
  const demoFlow = (body: Overview) => body.flows.find((flow) => flow.id === FLOW)!;

  beforeAll(async () => {
    runtime = await startRuntime();
    token = await runtime.login();
    socket = io(runtime.url, { auth: { token }, transports: ['websocket'], reconnection: false });
    await new Promise<void>((resolve, reject) => { socket.once('connect', () => resolve()); socket.once('connect_error', reject); });
    socket.on('operations', (payload: { at: number }) => operationsEvents.push(payload));
  });
  afterAll(async () => {
    socket?.close();
    await runtime?.stop();
  });

  it('starts healthy: the demo flow ok, its ERP circuit closed, nothing open', async () => {
    const body = await overview();
    expect(Date.parse(body.to) - Date.parse(body.from)).toBe(86_400_000);
    expect(Math.ceil(86_400_000 / body.bucketMs)).toBeLessThanOrEqual(48);
    expect(demoFlow(body)).toMatchObject({ name: expect.any(String), health: { state: 'ok', errorsLastHour: 0, openDeadLetters: 0, openCircuits: 0, reasons: [] } });
    expect(body.circuits).toContainEqual({ flowId: FLOW, nodeId: 'demo-ack-erp', name: 'post ack to demo ERP', state: 'closed' });
    expect(body.backlog.byQueue).toContainEqual(expect.objectContaining({ flowId: FLOW, nodeId: 'demo-ack-queue' }));
    expect(body.partners).toContainEqual(expect.objectContaining({ id: 'demo-supplier' }));
    const flows = await runtime.api<{ flows: Array<{ id: string; status: string; health: FlowHealth }> }>('GET', '/api/flows', undefined, token);
    expect(flows.body.flows.find((flow) => flow.id === FLOW)).toMatchObject({ status: 'running', health: { state: 'ok' } });
  });

  it('counts received, posted and refused documents per partner, and tells dashboards over socket.io', async () => {
    for (let index = 0; index < 3; index++) expect(await postAck(runtime.url, runtime.demoApiKey, ackBody({ poNumber: 'PO-1001', ackNumber: `OPS-${index}` }))).toBe(202);
    expect(await postAck(runtime.url, 'tlk_wrong-key', ackBody({ poNumber: 'PO-1002', ackNumber: 'OPS-401' }))).toBe(401);
    const body = await waitFor(() => overview(), (answer) => answer.totals.posted >= 3, 30_000, 'three posted acknowledgements');
    expect(body.totals).toMatchObject({ received: 4, refused: 1, posted: 3, failed: 0, deadLettered: 0 });
    const supplier = body.throughput.filter((bucket) => bucket.partnerId === 'demo-supplier');
    expect(supplier.reduce((sum, bucket) => sum + bucket.received, 0)).toBe(4);
    for (const bucket of body.throughput) expect((Date.parse(bucket.at) - Date.parse(body.from)) % body.bucketMs).toBe(0);
    await waitFor(async () => operationsEvents.length, (count) => count > 0, 10_000, 'an operations event');
    expect(operationsEvents[0]).toEqual({ at: expect.any(Number) });
  });

  it('shows an ERP outage: the circuit opens and the demo flow is failing, in the overview and the flow list', async () => {
    expect((await setFaults(runtime, { downForSeconds: 600 })).status).toBe(200);
    for (let index = 0; index < 8; index++) expect(await postAck(runtime.url, runtime.demoApiKey, ackBody({ poNumber: 'PO-1003', ackNumber: `OUT-${index}` }))).toBe(202);
    const body = await waitFor(() => overview(), (answer) => answer.circuits.some((circuit) => circuit.nodeId === 'demo-ack-erp' && circuit.state === 'open'), 60_000, 'the ERP circuit open');
    const health = demoFlow(body).health;
    expect(health.state).toBe('failing');
    expect(health.openCircuits).toBe(1);
    expect(health.errorsLastHour).toBeGreaterThan(0);
    expect(health.reasons).toContainEqual(expect.stringMatching(/^ERP circuit open on 'post ack to demo ERP' since \d\d:\d\d UTC$/));
    expect(body.backlog.queued + body.backlog.inFlight).toBeGreaterThan(0);
    const flows = await runtime.api<{ flows: Array<{ id: string; health: FlowHealth }> }>('GET', '/api/flows', undefined, token);
    expect(flows.body.flows.find((flow) => flow.id === FLOW)!.health).toMatchObject({ state: 'failing', openCircuits: 1 });
  }, 90_000);

  it('refuses a range that ends before it starts, located', async () => {
    const answer = await runtime.api<{ details: Array<{ path: string }> }>('GET', '/api/operations/overview?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z', undefined, token);
    expect(answer.status).toBe(400);
    expect(answer.body.details[0]!.path).toBe('query.from');
  });
});
