// Attack: a function node climbs msg.constructor.constructor('return process')() to child_process and runs commands as the server.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployEndpoint, endpointFlow, getText, startAttackable, type Attackable } from './containment-support.js';

let target: Attackable;
beforeAll(async () => {
  target = await startAttackable();
});
afterAll(async () => {
  await target?.runtime.stop();
});

const escape = (marker: string) => [
  "const proc = msg.constructor.constructor('return process')();",
  `proc.mainModule.require('child_process').execSync('id > ${marker}');`,
  "msg.payload = proc.mainModule.require('child_process').execSync('id').toString();",
  'return msg;',
].join('\n');

describe('function code cannot reach the host', () => {
  it('the constructor escape finds no process: the message fails, no command runs, the runtime keeps serving', async () => {
    const marker = path.join(target.runtime.dataDir, 'pwned');
    const deployed = await deployEndpoint(target.runtime, target.admin, endpointFlow('escape', '/run-escape', [{ id: 'escape-fn', type: 'function', func: escape(marker), outputs: 1 }]));
    expect(deployed.status).toBe(201);
    const answer = await getText(deployed.url);
    expect(answer.status).toBe(500);
    expect(answer.text).toContain('process is not defined');
    expect(answer.text).not.toContain('uid=');
    expect(existsSync(marker)).toBe(false);
    expect((await target.runtime.api('GET', '/api/health')).status).toBe(200);
  });

  it('has no require, no global process and no host globals either', async () => {
    const probe = "msg.payload = [typeof require, typeof process, typeof Buffer, typeof setTimeout, typeof globalThis.process, typeof module].join(','); return msg;";
    const deployed = await deployEndpoint(target.runtime, target.admin, endpointFlow('probe', '/run-probe', [{ id: 'probe-fn', type: 'function', func: probe, outputs: 1 }]));
    expect(deployed.status).toBe(201);
    expect(await getText(deployed.url)).toEqual({ status: 200, text: 'undefined,undefined,undefined,undefined,undefined,undefined' });
  });

  it('still runs ordinary function code: outputs, node.send, context', async () => {
    const func = [
      'const count = (context.get("count") || 0) + 1;',
      'context.set("count", count);',
      'msg.payload = { count, upper: String(msg.payload.name).toUpperCase() };',
      'return [msg, null];',
    ].join('\n');
    const nodes = endpointFlow('plain', '/run-plain', [{ id: 'plain-fn', type: 'function', func, outputs: 2 }]);
    const deployed = await deployEndpoint(target.runtime, target.admin, nodes);
    expect(deployed.status).toBe(201);
    expect(await getText(`${deployed.url}?name=ada`)).toEqual({ status: 200, text: '{"count":1,"upper":"ADA"}' });
    expect(await getText(`${deployed.url}?name=bob`)).toEqual({ status: 200, text: '{"count":2,"upper":"BOB"}' });
  });
});
