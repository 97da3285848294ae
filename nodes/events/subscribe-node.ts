// tl-event-subscribe: one durable subscription of a topic, delivered with tl-queue's semantics, optionally in order per key.
import { defineNode, type QueueLog, type TradelaneMessage } from '../sdk/index.js';
import { fromStoredMessage } from '../reliability/stored-message.js';
import { sequenceOf } from './event-envelope.js';
import { backoffSchemaProperties } from '../reliability/backoff.js';
import { QueueWorker, type QueueSettings } from '../reliability/queue-worker.js';
import type { QueueConfig } from '../reliability/queue-node.js';
import { withDeliveryLedger } from './delivery-ledger.js';
import { KeyOrderedInbox } from './key-ordered-inbox.js';
import { liveSubscriptions, type SubscriptionInbox } from './live-subscriptions.js';
import { TOPIC_PATTERN } from './publish-node.js';
import { EVENTS_NAMESPACE, heldQueueName, SubscriptionRegistry, subscriptionQueueName } from './subscription-registry.js';

/** A subscription's delivery settings are tl-queue's: the same worker runs it. */
export interface SubscribeConfig extends Pick<QueueConfig, 'concurrency' | 'maxDepth' | 'maxAttempts' | 'baseDelayMs' | 'maxDelayMs' | 'ackTimeoutMs'> {
  topic: string;
  subscription: string;
  orderByKey: boolean;
}

interface StartedInbox extends SubscriptionInbox {
  readonly worker: QueueWorker;
  /** Events stored but not yet in the worker's queue (order per key). */
  readonly heldCount?: number;
  start(): Promise<number>;
}

/**
 * Events held for an earlier, ordered configuration of this subscription (or written for it while it was ordered and
 * stopped) join the unordered queue in publish order, instead of waiting in a log nobody reads.
 */
async function adoptHeld(worker: QueueWorker, heldLog: QueueLog): Promise<number> {
  const held = await heldLog.pending();
  held.sort((a, b) => sequenceOf(a.message, a.enqueuedAt * 1000) - sequenceOf(b.message, b.enqueuedAt * 1000));
  for (const entry of held) {
    await worker.accept(fromStoredMessage(entry.message, String(entry.message.correlationId ?? entry.id)));
    await heldLog.remove(entry.id);
  }
  return held.length;
}

export const subscribeNode = defineNode<SubscribeConfig>({
  type: 'tl-event-subscribe',
  category: 'events',
  label: 'subscribe to events',
  summary: 'A durable subscription of a topic: every event is delivered until its downstream path succeeds; retries, dead letters, optional order per key.',
  color: '#F3B567',
  icon: 'font-awesome/fa-rss',
  inputs: 0,
  // Registers a durable subscription in the runtime's registry: a template dry run must not.
  sideEffects: 'external',
  outputs: [{ label: 'deliver' }, { label: 'dead-lettered' }],
  configSchema: {
    type: 'object',
    required: ['topic'],
    properties: {
      topic: { type: 'string', pattern: TOPIC_PATTERN, title: 'Topic' },
      subscription: { type: 'string', default: '', maxLength: 128, pattern: '^([A-Za-z0-9][A-Za-z0-9._-]*)?$', title: 'Subscription name', description: 'Empty: the node id. The subscription (and its backlog) stays with the name across redeploys; unique across flows.' },
      orderByKey: { type: 'boolean', default: false, title: 'Order per key', description: 'Events with the same key are delivered one at a time, in publish order (a failing event holds back later ones of its key until it succeeds or is dead-lettered).' },
      concurrency: { type: 'integer', minimum: 1, maximum: 1000, default: 8, title: 'Concurrency', description: 'Events delivered at the same time (with order per key: of different keys).' },
      maxDepth: { type: 'integer', minimum: 1, maximum: 10_000_000, default: 100_000, title: 'Maximum depth', description: 'Events waiting in this subscription; past it a publish fails with a retryable error (503 to a waiting partner).' },
      maxAttempts: { type: 'integer', minimum: 1, maximum: 1000, default: 8, title: 'Attempts', description: 'Delivery attempts before the event goes to the dead letter.' },
      ...backoffSchemaProperties,
      ackTimeoutMs: { type: 'integer', minimum: 100, maximum: 86_400_000, default: 120_000, title: 'Acknowledgement timeout (ms)' },
    },
    additionalProperties: false,
  },
  docs: `Receives the events published on **topic**, durably.

**Registration.** When the node starts it registers its **subscription** (name, topic, flow, node) in the runtime's durable store. From then on every publication on the topic is stored for it, also while its flow is stopped, being redeployed, or deleted: a deleted subscriber keeps its registration and backlog until an operator removes it (\`GET /api/events/topics\` shows it as orphaned, \`DELETE /api/events/subscriptions/{name}\` removes it).

**Delivery** works as in \`tl-queue\`: each subscription is its own durable queue; an event leaves the *deliver* output with \`msg.payload\` (the canonical payload), \`msg.event\` (\`{id, topic, type, version, key, correlationId, publishedAt}\`) and \`msg.queue\`, and is acknowledged only when every branch of its downstream path completed. Failed attempts are retried with backoff (**maxAttempts**, **baseDelayMs**, **maxDelayMs**, **ackTimeoutMs**); a permanent failure or the last attempt goes to the dead letter (and the *dead-lettered* output), where the dead-letter console replays it into this subscription. Delivery is **at least once**: after a crash every unacknowledged event is delivered again.

**Order per key.** With **orderByKey** the subscription delivers events of one key (e.g. a PO number) one at a time in publish order; later events of that key wait (stored) while an earlier one is retried, and move on once it succeeded or was dead-lettered. Different keys still run with **concurrency**.

The ledger records each delivery's outcome (channel \`event\`, direction in: posted, failed, dead-lettered). See docs/events.md.`,
  origin: 'tradelane',
  async create(ctx, config) {
    const name = config.subscription || ctx.nodeId;
    const settings: QueueSettings = {
      queue: subscriptionQueueName(name), concurrency: config.concurrency, maxDepth: config.maxDepth, maxAttempts: config.maxAttempts,
      baseDelayMs: config.baseDelayMs, maxDelayMs: config.maxDelayMs, ackTimeoutMs: config.ackTimeoutMs,
    };
    const workerCtx = withDeliveryLedger(ctx, name);
    const onDeadLettered = (msg: TradelaneMessage) => ctx.send([null, msg]);
    const registry = new SubscriptionRegistry(ctx.services.keyValue(EVENTS_NAMESPACE));

    const build = (): StartedInbox => {
      const mainLog = ctx.services.queues.open(settings.queue);
      if (config.orderByKey) {
        return new KeyOrderedInbox(ctx.nodeId, workerCtx, mainLog, ctx.services.queues.open(heldQueueName(name)), heldQueueName(name), settings, onDeadLettered);
      }
      const worker = new QueueWorker(workerCtx, mainLog, settings, onDeadLettered);
      const start = async () => (await worker.start()) + await adoptHeld(worker, ctx.services.queues.open(heldQueueName(name)));
      return { nodeId: ctx.nodeId, worker, start, enqueue: async (msg) => { await worker.accept(msg); } };
    };

    let started: StartedInbox | undefined;
    const inbox = await liveSubscriptions.open(name, ctx.nodeId, async () => {
      // Registered before its backlog is read: a publication from now on is stored for it, running or not.
      await registry.register({ name, topic: config.topic, flowId: ctx.flowId, nodeId: ctx.nodeId, orderByKey: config.orderByKey, startedAt: new Date(ctx.services.clock.now()).toISOString() });
      started = build();
      const waiting = await started.start();
      if (waiting) ctx.log.info(`re-armed ${waiting} undelivered event(s)`, { subscription: name });
      return started;
    });
    const worker = started!.worker;
    const running = started!;
    // Held events wait too: operators see them in the queued count.
    const unregister = ctx.services.health?.queue(ctx.nodeId, () => { const counts = worker.counts(); return { ...counts, queued: counts.queued + (running.heldCount ?? 0) }; });

    return {
      /** A dead-letter replay comes in here and goes back into the subscription's queue. */
      async onInput(msg) {
        await inbox.enqueue(msg);
        return null;
      },
      async onClose() {
        liveSubscriptions.close(name, inbox);
        unregister?.();
        await worker.close();
      },
    };
  },
});
