// Accidents the wiring check and the run-time fan-out guard must catch: hidden cycles, self-loops, loops that bypass the retry node, runaway sends.
import { describe, expect, test } from 'vitest';
import { checkFlowGraph } from '../../runtime/engine/flow-graph-checks.js';
import { FanOutGuard } from '../../runtime/engine/fan-out-guard.js';
import type { FlowDocument, FlowNode } from '../../runtime/engine/flow-types.js';
import type { NodeRedHooks } from '../../runtime/engine/trace-hooks.js';
import { createLogger } from '../../runtime/logger.js';

function flow(id: string, nodes: Array<Partial<FlowNode> & { id: string; type: string }>): FlowDocument {
  return { id, label: id, nodes: [{ id, type: 'tab' }, ...nodes.map((node) => ({ z: id, x: 1, y: 1, wires: [], ...node }))] };
}

describe('cycles in the wiring', () => {
  test('a node wired to itself is a cycle', () => {
    const { problems } = checkFlowGraph(flow('self', [{ id: 'spin', type: 'change', wires: [['spin']] }]));
    expect(problems).toEqual([{ nodeId: 'spin', path: '$.wires', message: expect.stringContaining('cycle through "spin"') }]);
  });

  test('a loop through a delay node is a deliberate loop', () => {
    const { problems } = checkFlowGraph(flow('poll', [
      { id: 'poll-wait', type: 'delay', wires: [['poll-check']] },
      { id: 'poll-check', type: 'switch', wires: [['poll-wait'], []] },
    ]));
    expect(problems).toEqual([]);
  });

  test('a second loop that bypasses the retry node is still found', () => {
    const { problems } = checkFlowGraph(flow('bypass', [
      { id: 'bypass-retry', type: 'tl-retry', wires: [['bypass-a'], []] },
      { id: 'bypass-a', type: 'change', wires: [['bypass-b']] },
      { id: 'bypass-b', type: 'function', wires: [['bypass-retry', 'bypass-a']] },
    ]));
    expect(problems).toEqual([{ nodeId: 'bypass-a', path: '$.wires', message: expect.stringContaining('"bypass-a", "bypass-b"') }]);
  });

  test('a long chain is checked without recursion', () => {
    const nodes = Array.from({ length: 50_000 }, (_, i) => ({ id: `n${i}`, type: 'change', wires: [[i < 49_999 ? `n${i + 1}` : 'n0']] }));
    const { problems } = checkFlowGraph(flow('chain', nodes));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.nodeId).toBe('n0');
  });
});

describe('endpoints of core http in nodes', () => {
  test('the same method and URL in two flows do not collide: each flow serves its own under /hooks/<flow>/', () => {
    const deployed = flow('hooks', [{ id: 'hooks-in', type: 'http in', method: 'post', url: '/status' }]);
    const same = checkFlowGraph(flow('copy', [{ id: 'copy-in', type: 'http in', method: 'post', url: '/status' }]), { deployedFlows: [deployed] });
    expect(same.problems).toEqual([]);
  });
});

describe('dead-letter replay targets', () => {
  test('a dead-letter node whose replay node is in another flow is refused at deploy', () => {
    const { problems } = checkFlowGraph(flow('dl', [{ id: 'dl-store', type: 'tl-dead-letter', replayNodeId: 'demo-ack-erp' }]));
    expect(problems).toEqual([{ nodeId: 'dl-store', path: '$.replayNodeId', message: expect.stringContaining('is not a node of this flow') }]);
    expect(checkFlowGraph(flow('dl', [{ id: 'dl-q', type: 'tl-queue' }, { id: 'dl-store', type: 'tl-dead-letter', replayNodeId: 'dl-q' }])).problems).toEqual([]);
  });
});

/** Node-RED's hook registry, reduced to what the guard uses. */
function fakeHooks(): NodeRedHooks & { send(events: unknown[]): unknown[] } {
  const handlers = new Map<string, (event: never) => void>();
  return {
    add: (id, handler) => { handlers.set(id, handler); },
    remove: () => handlers.clear(),
    send(events) {
      for (const handler of handlers.values()) handler(events as never);
      return events;
    },
  };
}

describe('fan-out guard', () => {
  test('the send past the limit is dropped and reported to Catch once, with a fresh _msgid for the error path', () => {
    const reported: Array<{ error: Error & { code?: string }; msg: Record<string, unknown> }> = [];
    const source = { id: 'spinner', node: { error: (error: Error, msg: unknown) => { reported.push({ error, msg: msg as Record<string, unknown> }); } } };
    const hooks = fakeHooks();
    new FanOutGuard({ logger: createLogger('silent'), maxSendsPerMessage: 3 }).install(hooks);
    const message = { _msgid: 'm1', correlationId: 'c1', payload: 1 };
    const delivered = [1, 2, 3, 4, 5].map(() => hooks.send([{ msg: message, source }]).length);
    expect(delivered).toEqual([1, 1, 1, 0, 0]);
    expect(reported).toHaveLength(1);
    expect(reported[0]!.error.code).toBe('FANOUT_LIMIT');
    expect(reported[0]!.msg).toMatchObject({ correlationId: 'c1', payload: 1, fanOutStopped: { msgid: 'm1', limit: 3 } });
    expect(reported[0]!.msg._msgid).not.toBe('m1');
    // The error copy has its own budget: a dead-letter path after Catch is not stopped by the exhausted correlation id.
    expect(hooks.send([{ msg: reported[0]!.msg, source }])).toHaveLength(1);
  });

  test('messages of one correlation id share one budget, so a loop that makes new messages is stopped too', () => {
    const hooks = fakeHooks();
    new FanOutGuard({ logger: createLogger('silent'), maxSendsPerMessage: 100, maxSendsPerCorrelation: 2 }).install(hooks);
    const source = { id: 'fn' };
    const sent = ['a', 'b', 'c'].map((id) => hooks.send([{ msg: { _msgid: id, correlationId: 'shared' }, source }]).length);
    expect(sent).toEqual([1, 1, 0]);
  });

  test('counts fade after the window, so a long-lived correlation is not stopped by old traffic', () => {
    let now = 0;
    const hooks = fakeHooks();
    new FanOutGuard({ logger: createLogger('silent'), maxSendsPerMessage: 2 }, () => now).install(hooks);
    const send = () => hooks.send([{ msg: { _msgid: 'slow', correlationId: 'slow' }, source: { id: 'n' } }]).length;
    expect([send(), send()]).toEqual([1, 1]);
    now += 25_000;
    expect(send()).toBe(1);
  });
});
