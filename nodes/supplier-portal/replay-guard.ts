// Remembers every accepted HMAC signature until its timestamp leaves the replay window, so a captured request is refused the second time.
import type { Clock, KeyValueStore } from '../sdk/index.js';

/** The key-value namespace that holds seen signatures; durable, so a restart within the window does not reopen it. */
export const REPLAY_NAMESPACE = 'intake-replay';

export class ReplayGuard {
  /** Keys this process wrote, oldest first, so expired ones are deleted instead of piling up in the store. */
  private readonly written: Array<{ key: string; expiresAt: number }> = [];

  constructor(private readonly store: KeyValueStore, private readonly clock: Clock) {}

  /**
   * True the first time a signature is presented. It is kept until its timestamp is older than the window,
   * the last moment the timestamp check would still accept it.
   */
  async firstUse(partnerId: string, signatureHex: string, timestampSeconds: number, windowSeconds: number): Promise<boolean> {
    this.sweep();
    const key = `${partnerId}:${signatureHex}`;
    const expiresAt = (timestampSeconds + windowSeconds + 1) * 1000;
    const stored = await this.store.setIfAbsent(key, timestampSeconds, { ttlMs: Math.max(1000, expiresAt - this.clock.now()) });
    if (stored) this.written.push({ key, expiresAt });
    return stored;
  }

  private sweep(): void {
    const now = this.clock.now();
    while (this.written.length && this.written[0]!.expiresAt <= now) {
      const { key } = this.written.shift()!;
      void this.store.delete(key).catch(() => undefined); // an expired entry is ignored by reads anyway
    }
  }
}

const guards = new WeakMap<KeyValueStore, ReplayGuard>();

/** One guard per store, shared by every intake node: a redeployed node keeps sweeping what its predecessor wrote. */
export function replayGuardFor(store: KeyValueStore, clock: Clock): ReplayGuard {
  let guard = guards.get(store);
  if (!guard) guards.set(store, (guard = new ReplayGuard(store, clock)));
  return guard;
}
