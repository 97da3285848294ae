// Login throttling per username and per client address: after a few failures each further attempt waits twice as long; forgotten after a quiet hour.

export interface ThrottleOptions {
  /** Failures after which the backoff starts, per username and per address (an office behind one NAT shares an address). */
  freeFailures: { username: number; address: number };
  baseDelayMs: number;
  maxDelayMs: number;
  /** A key's failures are forgotten this long after its last failure. */
  forgetAfterMs: number;
  /** Bounds memory under a spray of random usernames. */
  maxKeys: number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = {
  freeFailures: { username: 5, address: 20 },
  baseDelayMs: 5000,
  maxDelayMs: 15 * 60 * 1000,
  forgetAfterMs: 60 * 60 * 1000,
  maxKeys: 50_000,
};

interface Failures {
  count: number;
  lastAt: number;
  blockedUntil: number;
}

export interface ThrottleRefusal {
  scope: 'username' | 'address';
  retryAfterSeconds: number;
}

export class LoginThrottle {
  private readonly failures = new Map<string, Failures>();

  constructor(private readonly options: ThrottleOptions = DEFAULT_THROTTLE, private readonly now: () => number = Date.now) {}

  /** Whether an attempt may be checked at all; refused attempts are not counted again. */
  check(username: string, address: string): ThrottleRefusal | undefined {
    return this.refusal('username', `u:${username}`) ?? this.refusal('address', `a:${address}`);
  }

  recordFailure(username: string, address: string): void {
    this.count(`u:${username}`, this.options.freeFailures.username);
    this.count(`a:${address}`, this.options.freeFailures.address);
  }

  /** A success clears the username's failures; the address keeps its count so one valid account cannot reset a spray. */
  recordSuccess(username: string): void {
    this.failures.delete(`u:${username}`);
  }

  private refusal(scope: ThrottleRefusal['scope'], key: string): ThrottleRefusal | undefined {
    const entry = this.current(key);
    const waitMs = entry ? entry.blockedUntil - this.now() : 0;
    return waitMs > 0 ? { scope, retryAfterSeconds: Math.ceil(waitMs / 1000) } : undefined;
  }

  private current(key: string): Failures | undefined {
    const entry = this.failures.get(key);
    if (entry && this.now() - entry.lastAt > this.options.forgetAfterMs) {
      this.failures.delete(key);
      return undefined;
    }
    return entry;
  }

  private count(key: string, free: number): void {
    const now = this.now();
    const entry = this.current(key) ?? { count: 0, lastAt: now, blockedUntil: 0 };
    entry.count += 1;
    entry.lastAt = now;
    // The 5th failure blocks for 5 s, the 6th for 10 s, ... up to 15 min.
    const over = entry.count - free;
    if (over >= 0) entry.blockedUntil = now + Math.min(this.options.baseDelayMs * 2 ** Math.min(over, 30), this.options.maxDelayMs);
    this.failures.delete(key); // re-insert: the map's order is then least recently failed first
    this.failures.set(key, entry);
    this.evictOldest();
  }

  private evictOldest(): void {
    while (this.failures.size > this.options.maxKeys) {
      const oldest = this.failures.keys().next().value;
      if (oldest === undefined) return;
      this.failures.delete(oldest);
    }
  }
}
