// Circuit breaker for ERP calls: opens after N consecutive failures, lets one probe through after a cool-down, closes on success.
import { NodeError, type Clock } from '../sdk/index.js';

export type BreakerState = 'closed' | 'open' | 'half-open';
/** neutral: the ERP answered but asked us to slow down (429); it neither proves health nor counts as a failure. */
export type CallOutcome = 'success' | 'failure' | 'neutral';

export interface CircuitBreakerOptions {
  failureThreshold: number;
  coolDownMs: number;
  clock: Clock;
  onStateChange?(state: BreakerState): void;
}

export class CircuitBreaker {
  private current: BreakerState = 'closed';
  private consecutiveFailures = 0;
  private openedAt = 0;
  private probeInFlight = false;

  constructor(private readonly options: CircuitBreakerOptions) {}

  get state(): BreakerState {
    return this.current;
  }

  /** Call right before sending. Throws a retryable ERP_CIRCUIT_OPEN while open, or while the half-open probe is out. */
  acquire(): void {
    if (this.current === 'closed') return;
    const waitedMs = this.options.clock.now() - this.openedAt;
    if (this.current === 'open' && waitedMs >= this.options.coolDownMs) {
      this.transition('half-open');
    }
    if (this.current === 'half-open' && !this.probeInFlight) {
      this.probeInFlight = true;
      return;
    }
    const retryAfterMs = Math.max(0, this.options.coolDownMs - waitedMs);
    throw new NodeError('ERP_CIRCUIT_OPEN', `ERP circuit is ${this.current} after ${this.consecutiveFailures} consecutive failures; failing fast`, {
      retryable: true,
      details: { state: this.current, consecutiveFailures: this.consecutiveFailures, retryAfterMs },
    });
  }

  /** Call once for every acquire() that was granted. */
  record(outcome: CallOutcome): void {
    const wasProbe = this.probeInFlight;
    this.probeInFlight = false;
    if (outcome === 'success') {
      this.consecutiveFailures = 0;
      if (this.current !== 'closed') this.transition('closed');
      return;
    }
    if (outcome === 'failure') this.consecutiveFailures += 1;
    const probeFailed = wasProbe && this.current === 'half-open';
    if (probeFailed || (this.current === 'closed' && this.consecutiveFailures >= this.options.failureThreshold)) {
      this.openedAt = this.options.clock.now();
      this.transition('open');
    }
  }

  private transition(state: BreakerState): void {
    if (state === this.current) return;
    this.current = state;
    this.options.onStateChange?.(state);
  }
}
