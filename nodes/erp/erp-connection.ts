// One node's connection to an ERP: the HTTP client plus its circuit breaker; every call is guarded and its outcome counted.
import { NodeError, toNodeError, type NodeContext } from '../sdk/index.js';
import { CircuitBreaker, type BreakerState } from './circuit-breaker.js';
import type { ErpConnectionConfig } from './connection-schema.js';
import { authHeaders, ErpHttpClient, resolvePlaceholders, type ErpHttpRequest, type ErpHttpResponse } from './erp-http.js';
import { breakerOutcome } from './http-failures.js';

export interface GuardedResult<T> {
  response: ErpHttpResponse;
  value: T;
}

const STATUS_BY_STATE: Record<BreakerState, { fill: 'green' | 'red' | 'yellow'; shape: 'dot' | 'ring'; text: string }> = {
  closed: { fill: 'green', shape: 'dot', text: 'connected' },
  open: { fill: 'red', shape: 'ring', text: 'circuit open' },
  'half-open': { fill: 'yellow', shape: 'ring', text: 'circuit half-open (probing)' },
};

export class ErpConnection {
  readonly http: ErpHttpClient;
  readonly breaker: CircuitBreaker;

  constructor(private readonly ctx: NodeContext, config: ErpConnectionConfig) {
    const baseUrl = resolvePlaceholders(config.baseUrl, ctx.services.settings);
    this.http = new ErpHttpClient(baseUrl, config.timeoutMs, config.connections, authHeaders(config, ctx.credentials));
    this.http.onPoolReplaced = (reason) => ctx.log.warn(`ERP connection pool replaced (${reason})`, { origin: this.http.origin });
    this.breaker = new CircuitBreaker({
      failureThreshold: config.breakerThreshold,
      coolDownMs: config.breakerCooldownMs,
      // The call itself ends by timeoutMs; twice that covers reading the answer, and bounds a probe that never reports.
      probeTimeoutMs: config.timeoutMs * 2,
      clock: ctx.services.clock,
      onStateChange: (state) => {
        ctx.status(STATUS_BY_STATE[state]);
        ctx.log.warn(`ERP circuit ${state}`, { origin: this.http.origin });
        ctx.services.health?.circuit(ctx.nodeId, state);
      },
    });
    // Operators see every breaker, also the closed ones.
    ctx.services.health?.circuit(ctx.nodeId, this.breaker.state);
  }

  describe(request: ErpHttpRequest): string {
    return `${request.method} ${this.http.origin}${this.http.basePath}${request.path}`;
  }

  /**
   * Sends through the breaker; interpret() turns the answer into a value or throws a coded error that the breaker counts.
   * Headers are checked first: a message whose headers cannot be sent fails on its own and never takes a probe.
   */
  async call<T>(request: ErpHttpRequest, interpret: (response: ErpHttpResponse, target: string) => T): Promise<GuardedResult<T>> {
    this.http.headersFor(request);
    const permit = this.breaker.acquire();
    let error: NodeError | undefined;
    try {
      const response = await this.http.send(request);
      const value = interpret(response, this.describe(request));
      return { response, value };
    } catch (thrown) {
      error = toNodeError(thrown, 'ERP_FAILED');
      throw error;
    } finally {
      this.breaker.record(breakerOutcome(error), permit);
    }
  }

  close(): Promise<void> {
    this.ctx.services.health?.forget(this.ctx.nodeId);
    return this.http.close();
  }
}
