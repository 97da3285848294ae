// Circuit breaker: unit behaviour on a manual clock, and through tl-erp-post against the demo ERP with fault injection.
import { describe, expect, it } from 'vitest';
import { createNodeHarness, ManualClock, NodeError } from '../../nodes/sdk/index.js';
import { CircuitBreaker, type BreakerState } from '../../nodes/erp/circuit-breaker.js';
import { erpPostNode } from '../../nodes/erp/index.js';
import type { PurchaseOrderView } from '../../nodes/erp/demo-erp/index.js';
import { ackFor, call, useDemoErp } from './demo-erp-helpers.js';

function breakerWith(threshold: number, coolDownMs: number) {
  const clock = new ManualClock();
  const transitions: BreakerState[] = [];
  const breaker = new CircuitBreaker({ failureThreshold: threshold, coolDownMs, probeTimeoutMs: 10 * coolDownMs, clock, onStateChange: (state) => transitions.push(state) });
  return { clock, breaker, transitions };
}

function expectOpen(breaker: CircuitBreaker): void {
  let thrown: unknown;
  try {
    breaker.acquire();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(NodeError);
  expect(thrown).toMatchObject({ code: 'ERP_CIRCUIT_OPEN', retryable: true });
}

describe('CircuitBreaker', () => {
  it('opens after N consecutive failures; a success in between resets the count', () => {
    const { breaker } = breakerWith(3, 1000);
    for (const outcome of ['failure', 'failure', 'success', 'failure', 'failure'] as const) {
      breaker.record(outcome, breaker.acquire());
    }
    expect(breaker.state).toBe('closed');
    breaker.record('failure', breaker.acquire());
    expect(breaker.state).toBe('open');
    expectOpen(breaker);
  });

  it('lets exactly one probe through after the cool-down and closes when it succeeds', () => {
    const { breaker, clock, transitions } = breakerWith(1, 1000);
    breaker.record('failure', breaker.acquire());
    clock.advance(999);
    expectOpen(breaker);
    clock.advance(1);
    const probe = breaker.acquire();
    expect(probe.probe).toBe(true);
    expect(breaker.state).toBe('half-open');
    expectOpen(breaker); // a second caller while the probe is out
    breaker.record('success', probe);
    expect(breaker.state).toBe('closed');
    breaker.acquire();
    expect(transitions).toEqual(['open', 'half-open', 'closed']);
  });

  it('re-opens for another cool-down when the probe fails or is rate limited', () => {
    const { breaker, clock } = breakerWith(1, 500);
    breaker.record('failure', breaker.acquire());
    clock.advance(500);
    breaker.record('failure', breaker.acquire());
    expect(breaker.state).toBe('open');
    clock.advance(499);
    expectOpen(breaker);
    clock.advance(1);
    breaker.record('neutral', breaker.acquire());
    expect(breaker.state).toBe('open');
  });

  it('does not count rate limiting as a failure while closed', () => {
    const { breaker } = breakerWith(1, 500);
    breaker.record('neutral', breaker.acquire());
    expect(breaker.state).toBe('closed');
  });
});

describe('tl-erp-post circuit breaker against the demo ERP', () => {
  const erp = useDemoErp();

  it('opens after N failures, fails fast without calling the ERP, then closes after a successful probe', async () => {
    const clock = new ManualClock();
    const node = await createNodeHarness(erpPostNode, { baseUrl: erp.baseUrl, breakerThreshold: 2, breakerCooldownMs: 50 }, { services: { clock } });
    try {
      await call(`${erp.baseUrl}/_faults`, { method: 'PUT', control: true, json: { errorRate: 1 } });
      const message = () => ({ payload: ackFor('PO-1015', 'A-1'), partnerId: 'demo-supplier' });
      expect((await node.send(message())).error?.code).toBe('ERP_UNAVAILABLE');
      expect((await node.send(message())).error?.code).toBe('ERP_UNAVAILABLE');
      const failFast = await node.send(message());
      expect(failFast.error).toMatchObject({ code: 'ERP_CIRCUIT_OPEN', retryable: true });
      const stats = (await call(`${erp.baseUrl}/_stats`)).body as { faults: { injectedErrors: number } };
      expect(stats.faults.injectedErrors).toBe(2); // the third message never reached the ERP
      expect(node.statuses.at(-1)).toMatchObject({ fill: 'red', text: 'circuit open' });

      await call(`${erp.baseUrl}/_faults/reset`, { method: 'POST', control: true });
      clock.advance(50);
      const probe = await node.send(message());
      expect(probe.error).toBeUndefined();
      expect(node.statuses.at(-1)).toMatchObject({ fill: 'green' });
      const after = await node.send(message());
      expect(after.outputs[0]?.[0]?.erp).toMatchObject({ replayed: true });
      expect(((await call(`${erp.baseUrl}/purchase-orders/PO-1015`)).body as PurchaseOrderView).history).toHaveLength(1);
    } finally {
      await node.close();
    }
  });

  it('counts a permanent rejection as a healthy ERP', async () => {
    const node = await createNodeHarness(erpPostNode, { baseUrl: erp.baseUrl, breakerThreshold: 1 });
    try {
      for (let attempt = 0; attempt < 3; attempt += 1) {
        expect((await node.send({ payload: { poNumber: 'PO-1016', status: 'accepted', lines: [] } })).error?.code).toBe('ERP_REJECTED');
      }
    } finally {
      await node.close();
    }
  });
});
