// An ordered subscription: at most one event per key in the delivery queue; later ones wait, durably, in a held log.
import type { NodeContext, QueueLog, QueuedMessage, TradelaneMessage } from '../sdk/index.js';
import { fromStoredMessage } from '../reliability/stored-message.js';
import { QueueStoreError, QueueWorker, type QueueSettings } from '../reliability/queue-worker.js';
import { eventFactsOf, queueEntry, sequenceOf } from './event-envelope.js';
import type { SubscriptionInbox } from './live-subscriptions.js';

interface HeldEvent {
  entry: QueuedMessage;
  written: Promise<void>;
}

const PROMOTE_RETRY_MS = 1000;

function keyOf(message: TradelaneMessage | Record<string, unknown>): string {
  return eventFactsOf(message)?.key ?? '';
}

/**
 * The queue worker delivers as tl-queue does (retries, dead letters); this class only decides what it may see: the
 * oldest event of each key. When that one is acknowledged or dead-lettered (the log's remove), the next of its key moves in.
 */
export class KeyOrderedInbox implements SubscriptionInbox {
  readonly worker: QueueWorker;
  /** key -> id of its event in the delivery queue ('' while it is being stored). */
  private readonly heads = new Map<string, string>();
  private readonly held = new Map<string, HeldEvent[]>();
  private readonly keyOfEntry = new Map<string, string>();

  constructor(
    readonly nodeId: string,
    private readonly ctx: NodeContext,
    mainLog: QueueLog,
    private readonly heldLog: QueueLog,
    private readonly heldQueue: string,
    settings: QueueSettings,
    onDeadLettered: (msg: TradelaneMessage) => void,
  ) {
    this.worker = new QueueWorker(ctx, this.observed(mainLog), settings, onDeadLettered);
  }

  /** Events waiting behind an earlier one of their key (stored in the held log). */
  get heldCount(): number {
    let count = 0;
    for (const list of this.held.values()) count += list.length;
    return count;
  }

  /** Re-arms the delivery queue, then the held events in publish order; returns how many events wait. */
  async start(): Promise<number> {
    const rearmed = await this.worker.start();
    const held = await this.heldLog.pending();
    held.sort((a, b) => sequenceOf(a.message, a.enqueuedAt * 1000) - sequenceOf(b.message, b.enqueuedAt * 1000));
    for (const entry of held) this.listOf(keyOf(entry.message)).push({ entry, written: Promise.resolve() });
    for (const key of [...this.held.keys()]) if (!this.heads.has(key)) void this.promote(key);
    return rearmed + held.length;
  }

  async enqueue(msg: TradelaneMessage): Promise<void> {
    const key = keyOf(msg);
    if (this.heads.has(key) || this.held.get(key)?.length) return this.hold(key, msg);
    this.heads.set(key, '');
    try {
      await this.worker.accept(msg);
    } catch (error) {
      this.heads.delete(key);
      if (this.held.get(key)?.length) void this.promote(key);
      throw error;
    }
  }

  private listOf(key: string): HeldEvent[] {
    let list = this.held.get(key);
    if (!list) this.held.set(key, list = []);
    return list;
  }

  private async hold(key: string, msg: TradelaneMessage): Promise<void> {
    const entry = queueEntry(this.heldQueue, msg, this.ctx.services.clock.now());
    const item: HeldEvent = { entry, written: this.heldLog.add(entry) };
    const list = this.listOf(key);
    list.push(item);
    try {
      await item.written;
    } catch (error) {
      const index = list.indexOf(item);
      if (index >= 0) list.splice(index, 1);
      throw new QueueStoreError(error);
    }
  }

  /** Moves the oldest held event of a key into the delivery queue; called when the key's head left it. */
  private async promote(key: string): Promise<void> {
    this.heads.delete(key);
    const list = this.held.get(key);
    const next = list?.[0];
    if (!list || !next) {
      this.held.delete(key);
      return;
    }
    this.heads.set(key, '');
    const stored = await next.written.then(() => true, () => false);
    if (!stored) return this.promote(key);
    try {
      await this.worker.accept(fromStoredMessage(next.entry.message, String(next.entry.message.correlationId ?? next.entry.id)));
    } catch (error) {
      this.ctx.log.warn('could not move a held event into the delivery queue; trying again', { key, error: error instanceof Error ? error.message : String(error) });
      this.heads.delete(key);
      setTimeout(() => { if (!this.heads.has(key)) void this.promote(key); }, PROMOTE_RETRY_MS).unref();
      return;
    }
    list.shift();
    if (!list.length) this.held.delete(key);
    // A crash before this removal delivers the event twice: at least once, never lost.
    await this.heldLog.remove(next.entry.id).catch((error: unknown) => this.ctx.log.error('could not remove a promoted held event', { id: next.entry.id, error: String(error) }));
  }

  /** The delivery queue's log, watched: which key each entry has, and when a key's head is gone. */
  private observed(log: QueueLog): QueueLog {
    const track = (entry: QueuedMessage) => {
      const key = keyOf(entry.message);
      this.keyOfEntry.set(entry.id, key);
      this.heads.set(key, entry.id);
    };
    return {
      pending: async () => {
        const entries = await log.pending();
        for (const entry of entries) track(entry);
        return entries;
      },
      add: async (entry) => {
        track(entry);
        await log.add(entry);
      },
      update: (entry) => log.update(entry),
      remove: async (id) => {
        await log.remove(id);
        const key = this.keyOfEntry.get(id);
        this.keyOfEntry.delete(id);
        if (key !== undefined && this.heads.get(key) === id) void this.promote(key);
      },
    };
  }
}
