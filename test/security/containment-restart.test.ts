// Accident: after a restart Node-RED loads the stored flows itself; their http in routes must come back under /hooks/<flow>/ and their function nodes in the sandbox.
import { afterAll, describe, expect, it } from 'vitest';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';
import { deployEndpoint, endpointFlow, getText, startAttackable } from './containment-support.js';

let runtime: RuntimeProcess | undefined;
afterAll(async () => {
  await runtime?.stop();
});

describe('stored flows at start', () => {
  it('keep running after a restart: routes under the flow prefix, function code still contained', async () => {
    const first = await startAttackable();
    runtime = first.runtime;
    const func = "msg.payload = typeof process + ':' + msg.payload.name; return msg;";
    const deployed = await deployEndpoint(first.runtime, first.admin, endpointFlow('kept', '/kept', [{ id: 'kept-fn', type: 'function', func, outputs: 1 }]));
    expect(deployed.status).toBe(201);
    expect(await first.runtime.stop()).toBe(0);

    runtime = await startRuntime({ dataDir: first.runtime.dataDir, args: ['--no-demo'] });
    expect(await getText(`${runtime.url}/hooks/kept/kept?name=ada`)).toEqual({ status: 200, text: 'undefined:ada' });
    expect((await getText(`${runtime.url}/kept?name=ada`)).text).not.toContain('ada');
  });
});
