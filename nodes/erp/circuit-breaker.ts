// Circuit breaker for ERP calls: opens after N consecutive failures, lets one probe through after a cool-down, closes on success.
import { NodeError, type Clock } from '../sdk/index.js';

export type BreakerState = 'closed' | 'open' | 'half-open';
/**
 * success: the ERP answered (2xx, or a permanent rejection of this one message: it is up and judging).
 * failure: transport error, timeout or 5xx: evidence that the ERP is unwell.
 * neutral: the ERP answered but asked us to slow down (429); it neither proves health nor counts as a failure.
 * unsent: the call never reached the ERP (the request could not be built); it says nothing and only frees a probe.
 */
export type CallOutcome = 'success' | 'failure' | 'neutral' | 'unsent';

export interface CircuitBreakerOptions {
  failureThreshold: number;
  coolDownMs: number;
  /** A granted probe that has not reported after this long is released, so a lost call can never keep the circuit shut. */
  probeTimeoutMs: number;
  clock: Clock;
  onStateChange?(state: BreakerState): void;
}

/** What acquire() granted; hand it back to record(). A probe permit that expired no longer decides anything. */
export interface BreakerPermit {
  readonly probe: boolean;
  readonly id: number;
}

export class CircuitBreaker {
  private current: BreakerState = 'closed';
  private consecutiveFailures = 0;
  private openedAt = 0;
  private probe: { id: number; grantedAt: number } | undefined;
  private nextPermitId = 1;

  constructor(private readonly options: CircuitBreakerOptions) {}

  get state(): BreakerState {
    return this.current;
  }

  /** Call right before sending. Throws a retryable ERP_CIRCUIT_OPEN while open, or while the half-open probe is out. */
  acquire(): BreakerPermit {
    const id = this.nextPermitId++;
    if (this.current === 'closed') return { probe: false, id };
    const now = this.options.clock.now();
    if (this.current === 'open' && now - this.openedAt >= this.options.coolDownMs) this.transition('half-open');
    if (this.probe && now - this.probe.grantedAt >= this.options.probeTimeoutMs) this.probe = undefined;
    if (this.current === 'half-open' && !this.probe) {
      this.probe = { id, grantedAt: now };
      return { probe: true, id };
    }
    const waitedMs = now - this.openedAt;
    const retryAfterMs = Math.max(0, this.options.coolDownMs - waitedMs);
    throw new NodeError('ERP_CIRCUIT_OPEN', `ERP circuit is ${this.current} after ${this.consecutiveFailures} consecutive failures; failing fast`, {
      retryable: true,
      details: { state: this.current, consecutiveFailures: this.consecutiveFailures, retryAfterMs },
    });
  }

  /** Call once for every permit that acquire() granted. */
  record(outcome: CallOutcome, permit: BreakerPermit): void {
    const isCurrentProbe = permit.probe && this.probe?.id === permit.id;
    if (permit.probe && !isCurrentProbe) return; // an expired probe: a newer probe decides now
    if (isCurrentProbe) this.probe = undefined;
    if (outcome === 'unsent') return;
    if (outcome === 'success') {
      this.consecutiveFailures = 0;
      if (this.current !== 'closed') this.transition('closed');
      return;
    }
    if (outcome === 'failure') this.consecutiveFailures += 1;
    const probeFailed = isCurrentProbe && this.current === 'half-open';
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
