// Token buckets for partner endpoints: one per partner (its configured rate and burst), one per client IP for unknown partners.
import type { RateLimit } from '../store/partner-store.js';

export type { RateLimit };
/** Requests naming a partner that does not exist come from strangers or broken set-ups: a tighter limit, per client IP. */
export const UNKNOWN_PARTNER_RATE_LIMIT: RateLimit = { perSecond: 5, burst: 20 };
/** Past this many buckets, full (idle) ones are dropped: a flood from many addresses must not grow memory without bound. */
const MAX_BUCKETS = 10_000;

interface Bucket {
  tokens: number;
  updatedAt: number;
  limit: RateLimit;
}

export type Admission = { ok: true } | { ok: false; retryAfterSeconds: number };

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Takes one token from the key's bucket; a changed limit applies from this request on. */
  take(key: string, limit: RateLimit): Admission {
    const now = this.now();
    const bucket = this.refilled(key, limit, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / limit.perSecond)) };
  }

  private refilled(key: string, limit: RateLimit, now: number): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= MAX_BUCKETS) this.makeRoom(now);
      bucket = { tokens: limit.burst, updatedAt: now, limit };
      this.buckets.set(key, bucket);
      return bucket;
    }
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * limit.perSecond);
    bucket.updatedAt = now;
    bucket.limit = limit;
    return bucket;
  }

  /** A bucket that would be full again is the same as no bucket; if none is, the oldest goes (a flood from many addresses). */
  private makeRoom(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.updatedAt) / 1000) * bucket.limit.perSecond >= bucket.limit.burst) this.buckets.delete(key);
    }
    if (this.buckets.size >= MAX_BUCKETS) this.buckets.delete(this.buckets.keys().next().value!);
  }
}
