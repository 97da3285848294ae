// Accident or attack: `while(true){}` in a function node would freeze the runtime; the sandbox stops it and fails only that message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployEndpoint, endpointFlow, getText, startAttackable, type Attackable } from './containment-support.js';

let target: Attackable;
beforeAll(async () => {
  target = await startAttackable();
});
afterAll(async () => {
  await target?.runtime.stop();
});

const looping = 'if (msg.payload.loop === "yes") { while (true) {} }\nmsg.payload = "finished";\nreturn msg;';

describe('a function that never returns', () => {
  it('is stopped and reported as a node error; the node and the runtime keep working', async () => {
    const deployed = await deployEndpoint(target.runtime, target.admin, endpointFlow('spin', '/spin', [{ id: 'spin-fn', type: 'function', func: looping, outputs: 1 }]));
    expect(deployed.status).toBe(201);
    const stopped = await getText(`${deployed.url}?loop=yes`);
    expect(stopped.status).toBe(500);
    expect(stopped.text).toContain('did not finish within 1000 ms');
    expect((await target.runtime.api('GET', '/api/health')).status).toBe(200);
    expect(await getText(`${deployed.url}?loop=no`)).toEqual({ status: 200, text: 'finished' });
  });

  it('runs out of memory without taking the runtime down, and the next message gets a fresh isolate', async () => {
    const hog = 'if (msg.payload.hog === "yes") { const keep = []; while (true) keep.push(new Array(100000).fill(1)); }\nmsg.payload = "fine";\nreturn msg;';
    const deployed = await deployEndpoint(target.runtime, target.admin, endpointFlow('hog', '/hog', [{ id: 'hog-fn', type: 'function', func: hog, outputs: 1, timeout: 30 }]));
    expect(deployed.status).toBe(201);
    const stopped = await getText(`${deployed.url}?hog=yes`);
    expect(stopped.status).toBe(500);
    expect(stopped.text).toContain('memory limit');
    expect(await getText(`${deployed.url}?hog=no`)).toEqual({ status: 200, text: 'fine' });
  });
});
