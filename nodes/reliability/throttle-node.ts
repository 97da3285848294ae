// tl-throttle: at most N messages/s (token bucket with burst) and M in flight toward a backend; excess waits in order, nothing is dropped.
import { defineNode, NodeError, type Clock } from '../sdk/index.js';

export interface ThrottleConfig {
  ratePerSecond: number;
  burst: number;
  maxInFlight: number;
}

/** Token bucket plus in-flight limit; waiters are served first come, first served. */
export class ThrottleGate {
  private tokens: number;
  private refilledAt: number;
  private inFlight = 0;
  private readonly waiters: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;
  closed = false;

  constructor(private readonly config: ThrottleConfig, private readonly clock: Clock) {
    this.tokens = config.burst;
    this.refilledAt = clock.now();
  }

  get waiting(): number {
    return this.waiters.length;
  }

  get active(): number {
    return this.inFlight;
  }

  /** Resolves when the caller may send one message; call release() when its downstream path has completed. */
  acquire(): Promise<void> {
    if (!this.waiters.length && this.tryTake()) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.serve();
    });
  }

  release(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.serve();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    // Waiting messages are released so their handlers finish; upstream (a durable queue) delivers them again if needed.
    for (const wake of this.waiters.splice(0)) wake();
  }

  private refill(): void {
    if (this.config.ratePerSecond <= 0) return;
    const now = this.clock.now();
    const earned = ((now - this.refilledAt) / 1000) * this.config.ratePerSecond;
    if (earned > 0) {
      this.tokens = Math.min(this.config.burst, this.tokens + earned);
      this.refilledAt = now;
    }
  }

  private tryTake(): boolean {
    if (this.config.maxInFlight > 0 && this.inFlight >= this.config.maxInFlight) return false;
    if (this.config.ratePerSecond > 0) {
      this.refill();
      if (this.tokens < 1) return false;
      this.tokens -= 1;
    }
    this.inFlight++;
    return true;
  }

  private serve(): void {
    while (this.waiters.length && this.tryTake()) this.waiters.shift()!();
    if (!this.waiters.length || this.timer) return;
    if (this.config.maxInFlight > 0 && this.inFlight >= this.config.maxInFlight) return; // release() will serve
    // Short of tokens: wake up when the next one is earned.
    const waitMs = Math.max(1, Math.ceil(((1 - this.tokens) / this.config.ratePerSecond) * 1000));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.serve();
    }, waitMs);
  }
}

export const throttleNode = defineNode<ThrottleConfig>({
  type: 'tl-throttle',
  category: 'reliability',
  label: 'throttle',
  summary: 'Limits the rate (messages/s with a burst) and the number of messages in flight toward a backend; excess waits.',
  color: '#C0DEED',
  icon: 'font-awesome/fa-tachometer',
  inputs: 1,
  sideEffects: 'none',
  outputs: [{ label: 'released' }],
  configSchema: {
    type: 'object',
    properties: {
      ratePerSecond: { type: 'number', minimum: 0, maximum: 100_000, default: 50, title: 'Rate (messages/s)', description: '0: no rate limit.' },
      burst: { type: 'integer', minimum: 1, maximum: 100_000, default: 10, title: 'Burst', description: 'Messages that may pass at once after a quiet period.' },
      maxInFlight: { type: 'integer', minimum: 0, maximum: 10_000, default: 8, title: 'Maximum in flight', description: 'Messages whose downstream path has not completed yet; 0: no limit.' },
    },
    additionalProperties: false,
  },
  docs: `Protects a backend (an ERP, a partner API) from more load than it can take.

- **ratePerSecond** and **burst**: a token bucket. Up to *burst* messages pass at once, then *ratePerSecond* on average.
- **maxInFlight**: a message counts as in flight from the moment it leaves until its whole downstream path has completed (tracked through the engine's hooks), so this bounds the concurrent calls to the backend.

Excess messages **wait, in arrival order**; nothing is dropped. The wait is **in memory**: put the throttle downstream of a **durable queue**, which delivers a message again if the process stops while it waits.
A downstream failure is reported to the enclosing queue as usual; the throttle itself only counts.

### Outputs

1. **released**: each message, unchanged, once the rate and the in-flight limit let it pass.`,
  origin: 'tradelane',
  create(ctx, config) {
    const gate = new ThrottleGate(config, ctx.services.clock);
    return {
      async onInput(msg, helpers) {
        await gate.acquire();
        if (gate.closed) throw new NodeError('THROTTLE_CLOSED', 'the flow stopped while the message waited in the throttle', { retryable: true });
        if (gate.waiting) helpers.status({ fill: 'yellow', shape: 'ring', text: `${gate.waiting} waiting, ${gate.active} in flight` });
        void ctx.services.deliveries.dispatch(msg, (copy) => helpers.send(copy)).finally(() => gate.release());
        return null;
      },
      onClose() {
        gate.close();
      },
    };
  },
});
