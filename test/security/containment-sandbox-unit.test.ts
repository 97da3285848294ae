// The function sandbox on its own: Node-RED's function API works on copies, and nothing of the host is reachable from inside.
import { describe, expect, it } from 'vitest';
import { FunctionSandbox, SandboxError, type ContextScope, type SandboxHost } from '../../runtime/security/sandbox/function-sandbox.js';
import { functionTimeoutMs } from '../../runtime/security/sandbox/sandboxed-function-node.js';

function recordingHost(env: Record<string, string> = {}) {
  const sent: unknown[] = [];
  const logs: Array<[string, string]> = [];
  const failures: string[] = [];
  const stores: Record<ContextScope, Map<string, unknown>> = { node: new Map(), flow: new Map(), global: new Map() };
  const host: SandboxHost = {
    send: (output) => sent.push(output),
    log: (level, text) => logs.push([level, text]),
    fail: (text) => failures.push(text),
    status: () => undefined,
    env: (name) => env[name],
    contextGet: (scope, key) => stores[scope].get(key),
    contextSet: (scope, key, value) => { stores[scope].set(key, value); },
    contextKeys: (scope) => [...stores[scope].keys()],
  };
  return { host, sent, logs, failures, stores };
}

const sandbox = (source: string, host: SandboxHost, timeoutMs = 500) => new FunctionSandbox({ source, nodeId: 'fn-1', nodeName: 'test', memoryLimitMb: 16, timeoutMs, host });

describe('FunctionSandbox', () => {
  it('returns multiple outputs, sends early, logs, and keeps context as plain data', () => {
    const recorder = recordingHost({ REGION: 'emea' });
    const fn = sandbox('node.send({ payload: "early" }); node.warn("careful"); flow.set("seen", (flow.get("seen") || 0) + 1); return [msg, [{ payload: env.get("REGION") }, null]];', recorder.host);
    expect(fn.run({ payload: 1 })).toEqual([{ payload: 1 }, [{ payload: 'emea' }, null]]);
    fn.run({ payload: 2 });
    expect(recorder.sent).toEqual([{ payload: 'early' }, { payload: 'early' }]);
    expect(recorder.logs).toContainEqual(['warn', 'careful']);
    expect(recorder.stores.flow.get('seen')).toBe(2);
    fn.dispose();
  });

  it('works on a copy: changing msg inside does not change the host object', () => {
    const original = { payload: { count: 1 } };
    const fn = sandbox('msg.payload.count = 99; return msg;', recordingHost().host);
    expect(fn.run(original)).toEqual({ payload: { count: 99 } });
    expect(original.payload.count).toBe(1);
    fn.dispose();
  });

  it('node.error with a message fails the call; a throw is a SandboxError', () => {
    const recorder = recordingHost();
    const failing = sandbox('node.error("bad order", msg); return null;', recorder.host);
    expect(failing.run({})).toBeNull();
    expect(recorder.failures).toEqual(['bad order']);
    const throwing = sandbox('throw new Error("boom")', recorder.host);
    expect(() => throwing.run({})).toThrow(SandboxError);
    expect(() => throwing.run({})).toThrow('boom');
    failing.dispose();
    throwing.dispose();
  });

  it('cannot reach process through constructors, Function or the callbacks it was given', () => {
    const probes = [
      "return msg.constructor.constructor('return process')()",
      "return Function('return process')()",
      "return node.send.constructor('return process')()",
      "return (function* () {}).constructor('return process')().next().value",
      "return require('child_process')",
    ];
    for (const probe of probes) {
      const fn = sandbox(probe, recordingHost().host);
      expect(() => fn.run({}), probe).toThrow(/is not defined/);
      fn.dispose();
    }
  });

  it('refuses values that are not plain data instead of leaking host references', () => {
    const fn = sandbox('return { payload: function () {} };', recordingHost().host);
    expect(() => fn.run({})).toThrow(/not plain data|could not be cloned/);
    fn.dispose();
  });

  it('reports a syntax error when it is built', () => {
    expect(() => sandbox('return msg +;', recordingHost().host)).toThrow(SandboxError);
  });

  it('reads Node-RED timeouts in seconds, 0 meaning the 1 s default, and caps them', () => {
    expect(functionTimeoutMs(0)).toBe(1000);
    expect(functionTimeoutMs(undefined)).toBe(1000);
    expect(functionTimeoutMs(2.5)).toBe(2500);
    expect(functionTimeoutMs(3600)).toBe(60_000);
  });
});

describe('FunctionSandbox with async code', () => {
  it('refuses a returned promise with a message that says why', () => {
    const fn = sandbox('return (async () => msg)();', recordingHost().host);
    expect(() => fn.run({})).toThrow('function code runs synchronously here');
    fn.dispose();
  });

  it('reports errors at the line of the body', () => {
    const fn = sandbox('const a = 1;\nnull.boom;\nreturn msg;', recordingHost().host);
    let stack = '';
    try { fn.run({}); } catch (error) { stack = String((error as Error).message); }
    expect(stack).toContain('Cannot read properties of null');
    expect(stack).toContain('(line 2, column 6)');
    fn.dispose();
  });
});
