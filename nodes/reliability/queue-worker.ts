// The queue's engine: an in-memory ready set over a durable log, bounded concurrency, tracked delivery, retry schedule, dead letter.
import { randomUUID } from 'node:crypto';
import { NodeError, type Failure, type NodeContext, type QueueCounts, type QueueLog, type QueuedMessage, type TradelaneMessage } from '../sdk/index.js';
import { backoffDelay, type BackoffPolicy } from './backoff.js';
import { fromStoredMessage, toStoredMessage } from './stored-message.js';
import { markDeadLettered } from '../canonical/ledger-facts.js';
import { SharedConsumer } from './shared-consumer.js';

export interface QueueSettings extends BackoffPolicy {
  queue: string;
  concurrency: number;
  maxDepth: number;
  maxAttempts: number;
  ackTimeoutMs: number;
}

/** What a delivered message carries about its place in the queue. */
export interface QueueDeliveryInfo {
  id: string;
  attempt: number;
  enqueuedAt: string;
}

/** The durable write failed (disk full, read-only file system, Redis down): nothing was stored, the sender may retry. */
export class QueueStoreError extends NodeError {
  /** The errno code of the failed write, e.g. ENOSPC, when the cause is a file system error. */
  readonly storageCode: string | undefined;

  constructor(cause: unknown) {
    const storageCode = typeof (cause as { code?: unknown } | undefined)?.code === 'string' ? (cause as { code: string }).code : undefined;
    super('QUEUE_STORE_FAILED', `could not store the message: ${cause instanceof Error ? cause.message : String(cause)}`, { retryable: true, cause, details: { storageCode } });
    this.name = 'QueueStoreError';
    this.storageCode = storageCode;
  }
}

export class QueueFullError extends NodeError {
  constructor(depth: number, maxDepth: number) {
    super('QUEUE_FULL', `queue is full (${depth} of ${maxDepth} messages waiting)`, { retryable: true, details: { depth, maxDepth } });
  }
}

export class QueueWorker {
  /** Every unacknowledged message, by id; its size is the depth. */
  private readonly entries = new Map<string, QueuedMessage>();
  /** Messages due now, in arrival order (Map iteration order is insertion order, so taking the first is O(1)). */
  private readonly ready = new Map<string, QueuedMessage>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private inFlight = 0;
  /** Messages this worker finished (delivered or dead-lettered) since it started: the cluster view's consumed rate. */
  private settled = 0;
  private closed = false;
  /** Shared (claimed) mode: the log is consumed by several runtimes, so messages are claimed under a lease, not all loaded. */
  private shared?: SharedConsumer;

  constructor(
    private readonly ctx: NodeContext,
    private readonly log: QueueLog,
    private readonly settings: QueueSettings,
    private readonly onDeadLettered: (msg: TradelaneMessage) => void,
    private readonly random: () => number = Math.random,
  ) {}

  get depth(): number {
    return this.entries.size;
  }

  /** For operators: waiting (due or waiting for a retry), in flight, and waiting for a retry. */
  counts(): QueueCounts {
    return { queued: Math.max(0, this.entries.size - this.inFlight), inFlight: this.inFlight, retrying: this.timers.size, settled: this.settled };
  }

  /** Re-arms every unacknowledged message from the log: due ones are ready, the others get their retry timer back. */
  async start(): Promise<number> {
    if (this.log.claim) {
      this.shared = new SharedConsumer(this.log, () => this.freeSlots(), (claimed) => this.adopt(claimed), (error) => this.ctx.log.warn('claiming queued messages failed; retrying', { error }));
      this.shared.start();
      return 0;
    }
    const pending = await this.log.pending();
    pending.sort((a, b) => a.enqueuedAt - b.enqueuedAt);
    for (const entry of pending) {
      this.entries.set(entry.id, entry);
      this.arm(entry);
    }
    this.pump();
    return pending.length;
  }

  /** Stores the message durably; resolves once it is safe to acknowledge the sender. Throws QueueFullError when full. */
  async accept(msg: TradelaneMessage): Promise<QueuedMessage> {
    if (this.closed) throw new NodeError('QUEUE_CLOSED', 'queue is shutting down', { retryable: true });
    if (this.entries.size >= this.settings.maxDepth) throw new QueueFullError(this.entries.size, this.settings.maxDepth);
    const now = this.ctx.services.clock.now();
    const entry: QueuedMessage = { id: randomUUID(), queue: this.settings.queue, message: toStoredMessage(msg), attempts: 0, failures: [], notBefore: now, enqueuedAt: now };
    // Reserve the slot before the write, so concurrent accepts cannot overshoot maxDepth.
    this.entries.set(entry.id, entry);
    try {
      await this.log.add(entry);
    } catch (error) {
      this.entries.delete(entry.id);
      throw new QueueStoreError(error);
    }
    if (this.shared) {
      // The message waits in the shared log's due set; whichever runtime has a free slot claims it.
      this.entries.delete(entry.id);
      this.shared.fill();
    } else if (!this.closed) {
      this.ready.set(entry.id, entry);
      this.pump();
    }
    return entry;
  }

  /** Stops taking new work, cancels retry timers (they are persisted) and waits for deliveries in progress. */
  async close(graceMs = 10_000): Promise<void> {
    this.closed = true;
    this.shared?.stop();
    clearTimeout(this.statusTimer);
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.running]),
      new Promise((resolve) => { timer = setTimeout(resolve, graceMs); }),
    ]);
    clearTimeout(timer);
  }

  private arm(entry: QueuedMessage): void {
    const wait = entry.notBefore - this.ctx.services.clock.now();
    if (wait <= 0) {
      this.ready.set(entry.id, entry);
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(entry.id);
      if (this.closed) return;
      this.ready.set(entry.id, entry);
      this.pump();
    }, wait);
    this.timers.set(entry.id, timer);
  }

  private pump(): void {
    while (!this.closed && this.inFlight < this.settings.concurrency && this.ready.size) {
      const entry = this.ready.values().next().value as QueuedMessage;
      this.ready.delete(entry.id);
      this.inFlight++;
      const run = this.deliver(entry)
        .catch((error: unknown) => {
          // The log write failed: keep the message in memory and try again later rather than lose it.
          this.ctx.log.error('queue bookkeeping failed; message kept for another attempt', { id: entry.id, error: error instanceof Error ? error.message : String(error) });
          entry.notBefore = this.ctx.services.clock.now() + this.settings.maxDelayMs;
          // A shared log's lease runs out instead, and a runtime (maybe this one) claims the message again.
          if (this.shared) this.release(entry.id);
          else if (!this.closed) this.arm(entry);
        })
        .finally(() => {
          this.inFlight--;
          this.running.delete(run);
          this.pump();
          this.shared?.fill();
        });
      this.running.add(run);
    }
    this.showStatus();
  }

  private async deliver(entry: QueuedMessage): Promise<void> {
    const msg = fromStoredMessage(entry.message, String(entry.message.correlationId ?? entry.id));
    const info: QueueDeliveryInfo = { id: entry.id, attempt: entry.attempts + 1, enqueuedAt: new Date(entry.enqueuedAt).toISOString() };
    msg.queue = info;
    if (entry.failures.length) msg.failures = structuredClone(entry.failures);
    const outcome = await this.ctx.services.deliveries.dispatch(msg, (copy) => this.ctx.send(copy), { timeoutMs: this.settings.ackTimeoutMs, mode: 'isolate' });
    if (outcome.ok) {
      await this.log.remove(entry.id);
      this.entries.delete(entry.id);
      this.settled++;
      return;
    }
    entry.attempts += 1;
    entry.failures.push(outcome.failure);
    if (!outcome.failure.retryable || entry.attempts >= this.settings.maxAttempts) {
      await this.deadLetter(entry, msg);
      return;
    }
    entry.notBefore = this.ctx.services.clock.now() + backoffDelay(this.settings, entry.attempts, outcome.failure, this.random);
    await this.log.update(entry);
    // In a shared log the update released the claim; the retry is claimed again when due, by any runtime.
    if (this.shared) this.release(entry.id);
    else if (!this.closed) this.arm(entry);
  }

  private freeSlots(): number {
    return this.closed ? 0 : this.settings.concurrency - this.inFlight - this.ready.size;
  }

  private adopt(claimed: QueuedMessage[]): void {
    for (const entry of claimed) {
      this.entries.set(entry.id, entry);
      this.ready.set(entry.id, entry);
    }
    this.pump();
  }

  private release(id: string): void {
    this.entries.delete(id);
    this.shared?.forget(id);
  }

  /** Stores the dead letter under the queue entry's id (or the one being replayed), then acknowledges: a crash in between only re-adds the same id. */
  private async deadLetter(entry: QueuedMessage, msg: TradelaneMessage): Promise<void> {
    const replay = entry.message.replay as { deadLetterId?: unknown } | undefined;
    const id = typeof replay?.deadLetterId === 'string' ? replay.deadLetterId : entry.id;
    const partnerId = typeof entry.message.partnerId === 'string' ? entry.message.partnerId : undefined;
    const { id: deadLetterId } = await this.ctx.services.deadLetters.add({
      id,
      message: entry.message,
      errors: entry.failures,
      correlationId: msg.correlationId,
      flowId: this.ctx.flowId,
      ...(partnerId ? { partnerId } : {}),
      entryNodeId: this.ctx.nodeId,
      nodeId: this.ctx.nodeId,
    });
    await this.log.remove(entry.id);
    this.release(entry.id);
    this.settled++;
    // Whether or not the dead-lettered output is wired: the document's operators look it up in the ledger.
    markDeadLettered(this.ctx.services.ledger, msg, entry.failures, deadLetterId);
    const last: Failure | undefined = entry.failures[entry.failures.length - 1];
    this.ctx.services.tracer.note(msg, this.ctx.nodeId, 'note', `dead-lettered as ${deadLetterId} after ${entry.attempts} attempt(s): ${last?.code ?? ''}`);
    this.onDeadLettered({ ...msg, deadLetterId, failures: structuredClone(entry.failures), ...(last ? { failure: last } : {}) });
  }

  private statusTimer: NodeJS.Timeout | undefined;

  /** At most four status updates a second: a status event per message would flood the live view. */
  private showStatus(): void {
    if (this.statusTimer || this.closed) return;
    this.statusTimer = setTimeout(() => {
      this.statusTimer = undefined;
      this.writeStatus();
    }, 250);
    this.statusTimer.unref();
  }

  private writeStatus(): void {
    const depth = this.entries.size;
    const waiting = this.timers.size;
    this.ctx.status({
      fill: depth >= this.settings.maxDepth ? 'red' : waiting ? 'yellow' : 'green',
      shape: depth ? 'ring' : 'dot',
      text: `${depth} queued, ${this.inFlight} in flight${waiting ? `, ${waiting} waiting to retry` : ''}`,
    });
  }
}
