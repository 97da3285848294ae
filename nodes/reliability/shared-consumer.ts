// Consumes a shared queue log (Redis, several runtimes): claims due messages under a lease, polls, and renews held leases.
import type { QueueLog, QueuedMessage } from '../sdk/index.js';

/** How often an idle runtime looks for due messages (retries coming due, messages accepted by other runtimes). */
export const SHARED_POLL_MS = 200;

export class SharedConsumer {
  private readonly held = new Set<string>();
  private filling = false;
  private again = false;
  private stopped = false;
  private pollTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private failing = false;

  constructor(
    private readonly log: QueueLog,
    private readonly freeSlots: () => number,
    private readonly adopt: (claimed: QueuedMessage[]) => void,
    private readonly warn: (error: string) => void,
  ) {}

  start(): void {
    const leaseMs = this.log.leaseMs ?? 30_000;
    this.pollTimer = setInterval(() => this.fill(), Math.min(SHARED_POLL_MS, leaseMs / 4));
    // Three renewals per lease: one lost renewal (a slow Redis round trip) does not let a live runtime's lease lapse.
    this.heartbeatTimer = setInterval(() => void this.renew(), Math.max(50, leaseMs / 3));
    this.fill();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.pollTimer);
    clearInterval(this.heartbeatTimer);
  }

  forget(id: string): void {
    this.held.delete(id);
  }

  /** Claims as many due messages as there are free slots; a call during a claim runs once more after it. */
  fill(): void {
    if (this.stopped) return;
    if (this.filling) {
      this.again = true;
      return;
    }
    const limit = this.freeSlots();
    if (limit <= 0) return;
    this.filling = true;
    void this.log.claim!(limit)
      .then((claimed) => {
        this.failing = false;
        for (const entry of claimed) this.held.add(entry.id);
        if (claimed.length) this.adopt(claimed);
        // A full batch means more may be due: look again right away rather than at the next poll.
        if (claimed.length === limit) this.again = true;
      })
      .catch((error: unknown) => this.report(error))
      .finally(() => {
        this.filling = false;
        if (this.again) {
          this.again = false;
          this.fill();
        }
      });
  }

  private async renew(): Promise<void> {
    if (this.stopped || !this.held.size) return;
    await this.log.extend!([...this.held]).catch((error: unknown) => this.report(error));
  }

  /** Once per outage: the poll keeps retrying every few hundred ms. */
  private report(error: unknown): void {
    if (this.failing) return;
    this.failing = true;
    this.warn(error instanceof Error ? error.message : String(error));
  }
}
