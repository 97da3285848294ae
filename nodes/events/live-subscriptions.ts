// The subscriptions running in this process, and the gate that keeps a publish from slipping past a subscriber that is starting.
import { NodeError, type TradelaneMessage } from '../sdk/index.js';

/** A running subscription: takes an event into its durable queue, resolving once it is stored. */
export interface SubscriptionInbox {
  readonly nodeId: string;
  enqueue(msg: TradelaneMessage): Promise<void>;
}

/**
 * A publisher writes to a running subscription through its inbox (the worker sees the event at once), and to a stopped
 * one straight into its log. A subscriber that starts first waits for those direct writes, then reads its log: so no
 * event lands in the log after the subscriber has read it, unseen until the next restart.
 */
export class LiveSubscriptions {
  private readonly inboxes = new Map<string, SubscriptionInbox>();
  private readonly starting = new Map<string, Promise<void>>();
  private readonly directWrites = new Map<string, Set<Promise<unknown>>>();

  async deliver(name: string, msg: TradelaneMessage, writeDirectly: () => Promise<void>): Promise<void> {
    for (let gate = this.starting.get(name); gate; gate = this.starting.get(name)) await gate;
    const inbox = this.inboxes.get(name);
    if (inbox) return inbox.enqueue(msg);
    const writes = this.directWrites.get(name) ?? new Set<Promise<unknown>>();
    this.directWrites.set(name, writes);
    const write = writeDirectly();
    writes.add(write);
    try {
      await write;
    } finally {
      writes.delete(write);
      if (!writes.size) this.directWrites.delete(name);
    }
  }

  /** Starts a subscription under the gate; refuses a name another running node already uses. */
  async open(name: string, nodeId: string, start: () => Promise<SubscriptionInbox>): Promise<SubscriptionInbox> {
    const running = this.inboxes.get(name);
    if ((running && running.nodeId !== nodeId) || this.starting.has(name)) {
      throw new NodeError('SUBSCRIPTION_IN_USE', `subscription "${name}" is already used by node ${running?.nodeId ?? '(starting)'}; subscription names must be unique`, { details: [{ path: '$.subscription', message: 'is used by another subscribe node' }] });
    }
    const gate = (async () => {
      await Promise.allSettled([...(this.directWrites.get(name) ?? [])]);
      const inbox = await start();
      this.inboxes.set(name, inbox);
      return inbox;
    })();
    this.starting.set(name, gate.then(() => undefined, () => undefined));
    try {
      return await gate;
    } finally {
      this.starting.delete(name);
    }
  }

  close(name: string, inbox: SubscriptionInbox): void {
    if (this.inboxes.get(name) === inbox) this.inboxes.delete(name);
  }

  isRunning(name: string): boolean {
    return this.inboxes.has(name);
  }
}

/** One per process: publish and subscribe nodes of every flow meet here. */
export const liveSubscriptions = new LiveSubscriptions();
