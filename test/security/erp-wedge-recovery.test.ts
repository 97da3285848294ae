// Accident: a pool whose requests never settle (undici ignoring its abort signal) or a probe that never reports must not stop ERP delivery for good.
import { describe, expect, it } from 'vitest';
import type { Pool } from 'undici';
import { ManualClock, NodeError } from '../../nodes/sdk/index.js';
import { CircuitBreaker } from '../../nodes/erp/circuit-breaker.js';
import { ErpHttpClient, type ErpPool } from '../../nodes/erp/erp-http.js';
import { headerSafe } from '../../nodes/erp/header-values.js';

/** A pool that takes requests and never answers, whatever the signal says: the wedge seen with undici 7.30. */
function wedgedPool(log: string[]): ErpPool {
  return {
    request: (() => new Promise(() => undefined)) as unknown as Pool['request'],
    close: (async () => { log.push('close'); await new Promise(() => undefined); }) as unknown as Pool['close'],
    destroy: (async () => { log.push('destroy'); }) as unknown as Pool['destroy'],
  };
}

/** A pool whose every request is refused by undici as an invalid argument. */
function refusingPool(log: string[]): ErpPool {
  return {
    request: (async () => { throw Object.assign(new Error('invalid content-length header'), { code: 'UND_ERR_INVALID_ARG' }); }) as unknown as Pool['request'],
    close: (async () => { log.push('close'); }) as unknown as Pool['close'],
    destroy: (async () => { log.push('destroy'); }) as unknown as Pool['destroy'],
  };
}

async function failureOf(promise: Promise<unknown>): Promise<NodeError> {
  try {
    await promise;
  } catch (error) {
    return error as NodeError;
  }
  throw new Error('expected the call to fail');
}

describe('ERP calls against a wedged connection pool', () => {
  it('ends a call that undici never settles with ERP_TIMEOUT and replaces the pool, closing the old one in the background', async () => {
    const log: string[] = [];
    let created = 0;
    const client = new ErpHttpClient('http://127.0.0.1:9/erp', 150, 4, {}, () => { created += 1; return wedgedPool(log); });
    const error = await failureOf(client.send({ method: 'POST', path: '/x', headers: {} }));
    expect(error).toMatchObject({ code: 'ERP_TIMEOUT', retryable: true });
    expect(created).toBe(2);
    expect(log).toContain('close');
    // Every further call still ends: the deadline does not depend on the pool.
    const calls = await Promise.all(Array.from({ length: 20 }, () => failureOf(client.send({ method: 'POST', path: '/x', headers: {} }))));
    expect(calls.every((failure) => failure.code === 'ERP_TIMEOUT')).toBe(true);
  });

  it('treats an invalid-argument refusal as a permanent error of that message and starts a fresh pool', async () => {
    const log: string[] = [];
    let created = 0;
    const client = new ErpHttpClient('http://127.0.0.1:9/erp', 1000, 4, {}, () => { created += 1; return refusingPool(log); });
    const error = await failureOf(client.send({ method: 'POST', path: '/x', headers: {} }));
    expect(error).toMatchObject({ code: 'ERP_INVALID_REQUEST', retryable: false });
    expect(created).toBe(2);
  });

  it('never hands undici a header it would refuse: the call fails at once with a located, permanent ERP_INVALID_HEADER', async () => {
    let requests = 0;
    const pool: ErpPool = { ...refusingPool([]), request: (async () => { requests += 1; throw new Error('must not be called'); }) as unknown as Pool['request'] };
    const client = new ErpHttpClient('http://127.0.0.1:9/erp', 1000, 4, {}, () => pool);
    const error = await failureOf(client.send({ method: 'POST', path: '/x', headers: { 'x-partner-id': 'evil\r\nx-admin: 1' } }));
    expect(error).toMatchObject({ code: 'ERP_INVALID_HEADER', retryable: false, details: { problems: [{ path: 'header.x-partner-id' }] } });
    const emoji = await failureOf(client.send({ method: 'POST', path: '/x', headers: { 'idempotency-key': 'A-😀' } }));
    expect(emoji.code).toBe('ERP_INVALID_HEADER');
    expect(requests).toBe(0);
  });
});

describe('a credential that cannot be sent as a header', () => {
  it('stops the node at start with INVALID_CONFIG naming the header but not the secret, instead of failing every message', () => {
    let thrown: unknown;
    try {
      new ErpHttpClient('http://127.0.0.1:9/erp', 1000, 4, { 'x-api-key': 'secret-value\nX-Injected: 1' }, () => refusingPool([]));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'INVALID_CONFIG', details: [{ path: 'header.x-api-key' }] });
    expect(String((thrown as Error).message)).not.toContain('secret-value');
  });
});

describe('circuit breaker probes', () => {
  it('releases a granted probe that never reports, so the circuit can close again', () => {
    const clock = new ManualClock();
    const breaker = new CircuitBreaker({ failureThreshold: 1, coolDownMs: 1000, probeTimeoutMs: 5000, clock });
    breaker.record('failure', breaker.acquire());
    clock.advance(1000);
    const lost = breaker.acquire(); // this probe's call hangs and never reports
    expect(lost.probe).toBe(true);
    clock.advance(4999);
    expect(() => breaker.acquire()).toThrow(NodeError);
    clock.advance(1);
    const next = breaker.acquire();
    expect(next.probe).toBe(true);
    breaker.record('success', next);
    expect(breaker.state).toBe('closed');
    // The lost probe reporting late decides nothing any more.
    breaker.record('failure', lost);
    expect(breaker.state).toBe('closed');
  });

  it('a request that was never sent frees its probe without reopening the circuit', () => {
    const clock = new ManualClock();
    const breaker = new CircuitBreaker({ failureThreshold: 1, coolDownMs: 1000, probeTimeoutMs: 5000, clock });
    breaker.record('failure', breaker.acquire());
    clock.advance(1000);
    breaker.record('unsent', breaker.acquire());
    expect(breaker.state).toBe('half-open');
    expect(breaker.acquire().probe).toBe(true);
  });
});

describe('header-safe keys', () => {
  it('keeps ASCII keys as they are and encodes the rest to a stable, bounded, readable form', () => {
    expect(headerSafe('demo-supplier:PO-1001:A-1', 255)).toBe('demo-supplier:PO-1001:A-1');
    expect(headerSafe('demo-supplier:PO-1001:A 1%', 255)).toBe('demo-supplier:PO-1001:A%201%25');
    expect(headerSafe('a\r\nb', 255)).toBe('a%0D%0Ab');
    const long = `demo-supplier:PO-1001:${'😀'.repeat(64)}`;
    const encoded = headerSafe(long, 255);
    expect(encoded.length).toBeLessThanOrEqual(255);
    expect(encoded).toMatch(/^demo-supplier:PO-1001:(%F0%9F%98%80)+~h=[0-9a-f]{32}$/);
    expect(headerSafe(long, 255)).toBe(encoded);
    expect(headerSafe(`${long}x`, 255)).not.toBe(encoded);
  });
});
