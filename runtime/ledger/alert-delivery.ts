// Delivers the outbox: each due delivery is claimed, sent on its channel, and marked delivered or retried with exponential backoff.
import type { Logger } from '../logger.js';
import type { AlertChannel } from './alert-channels.js';
import type { AlertOutbox, ClaimedDelivery } from './alert-outbox.js';
import type { AlertStore, DeliveryTarget } from './alert-store.js';

export interface AlertDeliveryOptions {
  store: AlertStore;
  outbox: AlertOutbox;
  channels: readonly AlertChannel[];
  logger: Logger;
  /** First retry delay; doubled per failed attempt up to maxDelayMs. */
  retryBaseMs: number;
  maxDelayMs?: number;
  /** After this many failed attempts the delivery is failed for good (and says so in the alert's trail). */
  maxAttempts?: number;
  /** How long a claimed delivery is reserved for its sender. */
  leaseMs?: number;
  now: () => number;
}

const BATCH = 20;

export class AlertDelivery {
  constructor(private readonly options: AlertDeliveryOptions) {}

  /** The outbox rows a new alert gets: one per configured channel. */
  targets(): DeliveryTarget[] {
    return this.options.channels.map((channel) => ({ channel: channel.name, target: channel.target }));
  }

  /** Sends everything due now; returns how many got through. */
  async runOnce(): Promise<number> {
    const byName = new Map(this.options.channels.map((channel) => [channel.name, channel]));
    let delivered = 0;
    for (;;) {
      const claimed = await this.options.outbox.claimDue([...byName.keys()], BATCH, this.options.leaseMs ?? 60_000);
      for (const delivery of claimed) if (await this.deliver(delivery, byName.get(delivery.channel)!)) delivered++;
      if (claimed.length < BATCH) return delivered;
    }
  }

  private retryDelay(attempt: number): number {
    return Math.min(this.options.retryBaseMs * 2 ** (attempt - 1), this.options.maxDelayMs ?? 15 * 60_000);
  }

  private async deliver(delivery: ClaimedDelivery, channel: AlertChannel): Promise<boolean> {
    const alert = await this.options.store.get(delivery.alertId);
    if (!alert) {
      await this.options.outbox.failed(delivery, 'the alert no longer exists', undefined);
      return false;
    }
    try {
      await channel.send(alert, delivery.attempt);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const finalAttempt = delivery.attempt >= (this.options.maxAttempts ?? 10);
      await this.options.outbox.failed(delivery, reason, finalAttempt ? undefined : this.options.now() + this.retryDelay(delivery.attempt));
      this.options.logger.warn({ alertId: alert.id, channel: channel.name, attempt: delivery.attempt, err: reason }, finalAttempt ? 'alert delivery failed for good' : 'alert delivery failed; retrying later');
      if (finalAttempt) await this.options.store.recordDeliveryEvent(alert.id, 'delivery-failed', { channel: channel.name, attempts: delivery.attempt, error: reason });
      return false;
    }
    await this.options.outbox.delivered(delivery);
    await this.options.store.recordDeliveryEvent(alert.id, 'delivered', { channel: channel.name, target: channel.target, attempts: delivery.attempt });
    return true;
  }
}
