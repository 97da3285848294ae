// Node failures inside a real runtime: thrown and rejected errors reach Catch with a code; the process keeps serving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';

const FLOW = 'errors';
const flow = [
  { id: FLOW, type: 'tab', label: 'Failing nodes' },
  { id: 'e-in', type: 'http in', z: FLOW, x: 100, y: 100, url: '/fail', method: 'get', wires: [['e-map']] },
  // $error() makes JSONata reject with a plain object: the SDK must turn it into a coded Error.
  { id: 'e-map', type: 'tl-transform', z: FLOW, x: 300, y: 100, expression: '$error("mapping exploded")', property: 'payload', wires: [['e-out']] },
  { id: 'e-out', type: 'http response', z: FLOW, x: 500, y: 100, wires: [] },
  { id: 'e-catch', type: 'catch', z: FLOW, x: 300, y: 200, scope: null, wires: [['e-report']] },
  { id: 'e-report', type: 'change', z: FLOW, x: 500, y: 200, rules: [{ t: 'set', p: 'payload', pt: 'msg', to: '{"code": failure.code, "node": failure.nodeId, "error": error.message}', tot: 'jsonata' }, { t: 'set', p: 'statusCode', pt: 'msg', to: '500', tot: 'num' }], wires: [['e-out']] },
];

describe('node errors inside the runtime', () => {
  let runtime: RuntimeProcess;
  let token: string;

  beforeAll(async () => {
    runtime = await startRuntime({ args: ['--no-demo'] });
    token = await runtime.login();
    const deployed = await runtime.api('PUT', `/api/flows/${FLOW}`, { flow }, token);
    expect(deployed.status).toBe(201);
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it('routes a rejected handler to Catch with its code and keeps the process running', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const response = await fetch(`${runtime.url}/hooks/${FLOW}/fail`, { headers: { 'x-correlation-id': `fail-${attempt}` } });
      expect(response.status).toBe(500);
      const body = (await response.json()) as { code: string; node: string; error: string };
      expect(body).toEqual({ code: 'JSONATA_ERROR', node: 'e-map', error: expect.stringContaining('mapping exploded') });
    }
    expect((await runtime.api('GET', '/api/health')).status).toBe(200);
    expect(runtime.child.exitCode).toBeNull();
    const trace = await runtime.api<{ hops: Array<{ nodeId: string; event: string; error?: string }> }>('GET', '/api/traces/fail-2', undefined, token);
    expect(trace.body.hops).toContainEqual(expect.objectContaining({ nodeId: 'e-map', event: 'error', error: expect.stringContaining('mapping exploded') }));
  });
});
