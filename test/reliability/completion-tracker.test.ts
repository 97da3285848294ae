// CompletionTracker against a scripted hook registry: hop counting, errors, Catch receipts, nesting, missing nodes, timeout.
import { describe, expect, it } from 'vitest';
import { CompletionTracker } from '../../runtime/engine/completion-tracker.js';
import type { NodeRedHooks } from '../../runtime/engine/trace-hooks.js';
import type { TradelaneMessage } from '../../nodes/sdk/index.js';

type Handler = (event: unknown) => void;

function fakeHooks() {
  const handlers = new Map<string, Handler>();
  const hooks: NodeRedHooks = { add: (id, handler) => { handlers.set(id.split('.')[0]!, handler as Handler); }, remove: () => undefined };
  const flow = { getNode: (id: string) => (id === 'missing' ? undefined : { id }) };
  return {
    hooks,
    /** A node sends msg to destination: onSend then preDeliver, as Node-RED does synchronously inside send(). */
    route(msg: object, from: string, to: string) {
      handlers.get('onSend')!([{ msg, source: { id: from, node: { type: 't', _flow: flow } }, destination: { id: to } }]);
      if (to !== 'missing') handlers.get('preDeliver')!({ msg, destination: { id: to } });
    },
    receive(msg: object, node: string) { handlers.get('onReceive')!({ msg, destination: { id: node } }); },
    complete(msg: object, node: string, error?: string) { handlers.get('onComplete')!({ msg, node: { id: node }, ...(error ? { error: { message: error } } : {}) }); },
  };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('CompletionTracker', () => {
  it('resolves ok only after every branch completed', async () => {
    const engine = fakeHooks();
    const tracker = new CompletionTracker();
    tracker.install(engine.hooks);
    let sent: object = {};
    let settled = false;
    const outcome = tracker.dispatch({ correlationId: 'c', payload: 1 }, (msg) => { sent = msg; engine.route(msg, 'queue', 'a'); });
    void outcome.then(() => { settled = true; });
    engine.receive(sent, 'a');
    const clone = { ...sent };
    engine.route(sent, 'a', 'b');
    engine.route(clone, 'a', 'c');
    engine.complete(sent, 'a');
    engine.receive(sent, 'b');
    engine.receive(clone, 'c');
    engine.complete(sent, 'b');
    await flush();
    expect(settled).toBe(false);
    engine.complete(clone, 'c');
    expect(await outcome).toEqual({ ok: true });
  });

  it('fails on an error in any branch, waiting for the Catch path it triggers', async () => {
    const engine = fakeHooks();
    const tracker = new CompletionTracker();
    tracker.install(engine.hooks);
    let sent: TradelaneMessage = { correlationId: '', payload: null };
    const outcome = tracker.dispatch({ correlationId: 'c', payload: 1 }, (msg) => { sent = msg; engine.route(msg, 'queue', 'erp'); });
    engine.receive(sent, 'erp');
    sent.failure = { code: 'ERP_UNAVAILABLE', message: 'down', retryable: true, nodeId: 'erp', nodeType: 'tl-erp-post', at: '' };
    let settled = false;
    void outcome.then(() => { settled = true; });
    engine.complete(sent, 'erp', 'down');
    const caught = { ...sent };
    engine.receive(caught, 'catch'); // Node-RED hands the error to Catch in the same tick, without routing
    await flush();
    expect(settled).toBe(false);
    engine.complete(caught, 'catch');
    expect(await outcome).toMatchObject({ ok: false, failure: { code: 'ERP_UNAVAILABLE', nodeId: 'erp' } });
  });

  it('isolates or nests an inner delivery, fails a send to a node that is not running, and times out', async () => {
    const engine = fakeHooks();
    const tracker = new CompletionTracker();
    tracker.install(engine.hooks);
    let outer: TradelaneMessage = { correlationId: '', payload: null };
    const outerOutcome = tracker.dispatch({ correlationId: 'c', payload: 1 }, (msg) => { outer = msg; engine.route(msg, 'queue', 'retry'); });
    engine.receive(outer, 'retry');
    let inner: object = {};
    const innerOutcome = tracker.dispatch(outer, (msg) => { inner = msg; engine.route(msg, 'retry', 'erp'); }, { mode: 'isolate' });
    engine.receive(inner, 'erp');
    engine.complete(inner, 'erp', 'failed once');
    expect((await innerOutcome).ok).toBe(false);
    engine.complete(outer, 'retry');
    expect(await outerOutcome).toEqual({ ok: true });

    expect(await tracker.dispatch({ correlationId: 'c', payload: 1 }, (msg) => engine.route(msg, 'queue', 'missing'))).toMatchObject({ ok: false, failure: { code: 'NOT_DELIVERED' } });
    expect(await tracker.dispatch({ correlationId: 'c', payload: 1 }, (msg) => engine.route(msg, 'queue', 'stuck'), { timeoutMs: 20 })).toMatchObject({ ok: false, failure: { code: 'ACK_TIMEOUT', retryable: true } });
    expect(tracker.outstandingDeliveries).toBe(0);
  });
});

describe('CompletionTracker with nodes that never call done()', () => {
  it('counts a hop as complete when the input handler of a done-unaware node has returned', async () => {
    const handlers = new Map<string, Handler>();
    const hooks: NodeRedHooks = { add: (id, handler) => { handlers.set(id.split('.')[0]!, handler as Handler); }, remove: () => undefined };
    const tracker = new CompletionTracker();
    tracker.install(hooks);
    const legacySwitch = { _expectedDoneCount: 0 };
    const flow = { getNode: (id: string) => ({ id }) };
    let sent: object = {};
    const outcome = tracker.dispatch({ correlationId: 'c', payload: 1 }, (msg) => {
      sent = msg;
      handlers.get('onSend')!([{ msg, source: { id: 'queue', node: { type: 'tl-queue', _flow: flow } }, destination: { id: 'switch' } }]);
      handlers.get('preDeliver')!({ msg, destination: { id: 'switch', node: legacySwitch } });
    });
    handlers.get('onReceive')!({ msg: sent, destination: { id: 'switch', node: legacySwitch } });
    // The switch routes nowhere (no rule matched) and, being done-unaware, never fires onComplete.
    handlers.get('postReceive')!({ msg: sent, destination: { id: 'switch', node: legacySwitch } });
    expect(await outcome).toEqual({ ok: true });
  });
});
