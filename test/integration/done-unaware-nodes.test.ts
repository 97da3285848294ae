// Core nodes whose input handler takes no done callback (switch) still complete in traces and tracked deliveries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';

const FLOW = 'legacy';
const flow = [
  { id: FLOW, type: 'tab', label: 'Switch in the path' },
  { id: 'l-in', type: 'http in', z: FLOW, x: 100, y: 100, url: '/route', method: 'get', wires: [['l-switch']] },
  { id: 'l-switch', type: 'switch', z: FLOW, x: 300, y: 100, property: 'req.query.kind', propertyType: 'msg', rules: [{ t: 'eq', v: 'a', vt: 'str' }, { t: 'else' }], checkall: 'false', outputs: 2, wires: [['l-a'], ['l-b']] },
  { id: 'l-a', type: 'change', z: FLOW, x: 500, y: 80, rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'went a', tot: 'str' }], wires: [['l-out']] },
  { id: 'l-b', type: 'change', z: FLOW, x: 500, y: 120, rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'went b', tot: 'str' }], wires: [['l-out']] },
  { id: 'l-out', type: 'http response', z: FLOW, x: 700, y: 100, wires: [] },
];

describe('done-unaware core nodes', () => {
  let runtime: RuntimeProcess;
  let token: string;
  beforeAll(async () => {
    runtime = await startRuntime({ args: ['--no-demo'] });
    token = await runtime.login();
    expect((await runtime.api('PUT', `/api/flows/${FLOW}`, { flow }, token)).status).toBe(201);
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it('records the switch as completed and the entry node as the first hop', async () => {
    const response = await fetch(`${runtime.url}/hooks/${FLOW}/route?kind=b`, { headers: { 'x-correlation-id': 'legacy-1' } });
    expect(await response.text()).toBe('went b');
    const trace = await runtime.api<{ hops: Array<{ nodeId: string; event: string }> }>('GET', '/api/traces/legacy-1', undefined, token);
    expect(trace.body.hops[0]).toMatchObject({ nodeId: 'l-in', event: 'sent' });
    expect(trace.body.hops).toContainEqual(expect.objectContaining({ nodeId: 'l-switch', event: 'completed' }));
    expect(trace.body.hops.filter((hop) => hop.event === 'received').map((hop) => hop.nodeId)).toEqual(['l-switch', 'l-b', 'l-out']);
  });
});
