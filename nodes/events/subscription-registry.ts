// Durable registry of event subscriptions (key-value store): publishers find every subscriber here, deployed or not.
import type { KeyValueStore } from '../sdk/index.js';

/** The key-value namespace the registry lives in; the runtime's /api/events routes read the same one. */
export const EVENTS_NAMESPACE = 'tradelane.events';
const SUBSCRIPTIONS_KEY = 'subscriptions';

export interface SubscriptionRegistration {
  name: string;
  topic: string;
  /** The flow and node that last started this subscription. */
  flowId: string;
  nodeId: string;
  orderByKey: boolean;
  registeredAt: string;
  startedAt: string;
}

/** The queue log that holds a subscription's deliverable events. */
export function subscriptionQueueName(name: string): string {
  return `event:${name}`;
}

/** The queue log of an ordered subscription's events that wait behind an earlier event with the same key. */
export function heldQueueName(name: string): string {
  return `event:${name}:held`;
}

/**
 * Reads and changes the registration list. All changes of one store go through one promise chain, so two subscribe
 * nodes starting at once cannot overwrite each other's read-modify-write (within one runtime).
 */
export class SubscriptionRegistry {
  private static readonly chains = new WeakMap<KeyValueStore, Promise<unknown>>();

  constructor(private readonly store: KeyValueStore) {}

  async all(): Promise<Record<string, SubscriptionRegistration>> {
    return (await this.store.get<Record<string, SubscriptionRegistration>>(SUBSCRIPTIONS_KEY)) ?? {};
  }

  async ofTopic(topic: string): Promise<SubscriptionRegistration[]> {
    return Object.values(await this.all()).filter((registration) => registration.topic === topic);
  }

  /** Records (or refreshes) a subscription; keeps its first registration time. */
  register(registration: Omit<SubscriptionRegistration, 'registeredAt'> & { registeredAt?: string }): Promise<SubscriptionRegistration> {
    return this.change((all) => {
      const stored: SubscriptionRegistration = { ...registration, registeredAt: all[registration.name]?.registeredAt ?? registration.startedAt };
      all[registration.name] = stored;
      return stored;
    });
  }

  /** Removes a registration; resolves with what was removed, if anything. */
  remove(name: string): Promise<SubscriptionRegistration | undefined> {
    return this.change((all) => {
      const removed = all[name];
      delete all[name];
      return removed;
    });
  }

  private change<T>(edit: (all: Record<string, SubscriptionRegistration>) => T): Promise<T> {
    const previous = SubscriptionRegistry.chains.get(this.store) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(async () => {
      // A copy: the store may hand out its live value, which must not change before the write succeeded.
      const all = { ...(await this.all()) };
      const result = edit(all);
      await this.store.set(SUBSCRIPTIONS_KEY, all);
      return result;
    });
    SubscriptionRegistry.chains.set(this.store, next);
    return next;
  }
}
