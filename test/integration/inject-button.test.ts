// The designer's inject button on the real runtime: fires a deployed inject node with its configured properties; editors only, audited, located refusals.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';
import { auditEntries, createUser } from '../security/auth-support.js';
import { waitFor } from '../support/wait-for.js';

interface DebugMessage { nodeId: string; value?: unknown; msg?: unknown }

const FLOW_ID = 'inject-button';

/** inject (payload {"poNumber":"PO-77"}, no repeat, no run at start) -> debug of the whole message. */
function injectFlow() {
  return [
    { id: FLOW_ID, type: 'tab', label: 'Inject button' },
    {
      id: 'ib-inject', type: 'inject', z: FLOW_ID, name: 'sample PO', props: [{ p: 'payload' }, { p: 'topic', vt: 'str' }],
      payload: '{"poNumber":"PO-77"}', payloadType: 'json', topic: 'manual', repeat: '', crontab: '', once: false, onceDelay: 0.1,
      x: 100, y: 100, wires: [['ib-debug']],
    },
    { id: 'ib-debug', type: 'debug', z: FLOW_ID, name: 'seen', active: true, tosidebar: true, console: false, complete: 'true', targetType: 'full', x: 300, y: 100, wires: [] },
  ];
}

describe('inject button', () => {
  let runtime: RuntimeProcess;
  let admin: string;
  let analyst: string;
  let operator: string;
  const inject = (nodeId: string, token: string, flowId = FLOW_ID) => runtime.api<{ error?: string; injected?: boolean }>('POST', `/api/flows/${flowId}/nodes/${nodeId}/inject`, {}, token);
  const debugMessages = async () => (await runtime.api<{ messages: DebugMessage[] }>('GET', `/api/flows/${FLOW_ID}/debug`, undefined, admin)).body.messages;

  beforeAll(async () => {
    runtime = await startRuntime({ args: ['--no-demo'] });
    admin = await runtime.login();
    analyst = await createUser(runtime, admin, 'ana-inject', 'analyst');
    operator = await createUser(runtime, admin, 'ops-inject', 'operator');
    const deployed = await runtime.api('POST', '/api/flows', { flow: injectFlow(), message: 'inject button test' }, admin);
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
  }, 90_000);

  afterAll(async () => {
    await runtime?.stop();
  });

  test('an analyst fires the node: the message carries the configured payload and topic, and the action is audited', async () => {
    expect(await debugMessages()).toEqual([]);
    const answer = await inject('ib-inject', analyst);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toEqual({ flowId: FLOW_ID, nodeId: 'ib-inject', injected: true });
    const messages = await waitFor(debugMessages, (list) => list.length === 1, 10_000, 'one debug message');
    expect(JSON.stringify(messages[0])).toContain('PO-77');
    expect(JSON.stringify(messages[0])).toContain('manual');
    const audit = await auditEntries(runtime, admin, { action: 'flow.inject' });
    expect(audit.map((entry) => [entry.actor, entry.target, entry.outcome])).toContainEqual(['ana-inject', `flow:${FLOW_ID}/node:ib-inject`, 'ok']);
  });

  test('an operator may not fire nodes (403, audited as denied) and nothing runs', async () => {
    const before = (await debugMessages()).length;
    const answer = await inject('ib-inject', operator);
    expect(answer.status).toBe(403);
    const audit = await auditEntries(runtime, admin, { action: 'flow.inject' });
    expect(audit.map((entry) => [entry.actor, entry.outcome])).toContainEqual(['ops-inject', 'denied']);
    // Give a wrongly-run inject time to reach the debug node before concluding it did not run.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await debugMessages()).length).toBe(before);
  });

  test('refusals are located: unknown node, node of another flow, and a node that is not an inject', async () => {
    const unknown = await inject('no-such-node', admin);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toContain('"no-such-node" is not running in flow "inject-button"');
    const otherFlow = await inject('ib-inject', admin, 'some-other-flow');
    expect(otherFlow.status).toBe(404);
    const notInject = await inject('ib-debug', admin);
    expect(notInject.status).toBe(400);
    expect(notInject.body.error).toContain('"seen" is a debug node; only inject nodes can be fired by hand');
  });
});
