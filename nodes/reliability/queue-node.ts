// tl-queue: durable queue; answers 202 once stored (503 + Retry-After when full), acknowledges only after the downstream path completed.
import { defineNode, type TradelaneMessage } from '../sdk/index.js';
import { backoffSchemaProperties } from './backoff.js';
import { answerPending } from './pending-response.js';
import { QueueFullError, QueueStoreError, QueueWorker } from './queue-worker.js';

/** The 503 body: why nothing was stored, located at the queue, with the storage error for the operator. */
function refusal(error: QueueFullError | QueueStoreError, queue: string, correlationId: string) {
  if (error instanceof QueueFullError) return { error: 'the queue is full, retry later', details: [{ path: '$', message: error.message }], correlationId };
  const cause = error.storageCode === 'ENOSPC' ? 'the data directory is full' : 'the queue store is unavailable';
  return { error: `the message was not stored (${cause}); retry later`, details: [{ path: `queue.${queue}`, message: error.message }], correlationId };
}

export interface QueueConfig {
  queueName: string;
  concurrency: number;
  maxDepth: number;
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  ackTimeoutMs: number;
  respond: boolean;
  acceptedStatus: 201 | 202;
  acceptedBody: 'queued' | 'payload';
  retryAfterSeconds: number;
}

/** The answer once stored: the queue receipt, or (for a synchronous API that validated first) the message's payload. */
function acceptance(msg: TradelaneMessage, config: QueueConfig): Record<string, unknown> {
  if (config.acceptedBody === 'payload' && msg.payload !== null && typeof msg.payload === 'object' && !Array.isArray(msg.payload)) {
    return { ...(msg.payload as Record<string, unknown>), correlationId: msg.correlationId };
  }
  return { status: 'queued', correlationId: msg.correlationId };
}

export const queueNode = defineNode<QueueConfig>({
  type: 'tl-queue',
  category: 'reliability',
  label: 'durable queue',
  summary: 'Stores each message durably, answers 202, and delivers it until its downstream path succeeds; retries with backoff, then dead-letters.',
  color: '#C0DEED',
  icon: 'font-awesome/fa-database',
  inputs: 1,
  sideEffects: 'none',
  outputs: [{ label: 'deliver' }, { label: 'dead-lettered' }],
  configSchema: {
    type: 'object',
    properties: {
      queueName: { type: 'string', default: '', maxLength: 128, title: 'Queue name', description: 'Empty: the node id. Messages stay with the name across redeploys. Unique: a name another queue node uses is refused at deploy.' },
      concurrency: { type: 'integer', minimum: 1, maximum: 1000, default: 8, title: 'Concurrency', description: 'Messages delivered at the same time.' },
      maxDepth: { type: 'integer', minimum: 1, maximum: 10_000_000, default: 100_000, title: 'Maximum depth', description: 'When this many messages wait, new ones are refused (503 + Retry-After).' },
      maxAttempts: { type: 'integer', minimum: 1, maximum: 1000, default: 8, title: 'Attempts', description: 'Delivery attempts before the message goes to the dead letter.' },
      ...backoffSchemaProperties,
      ackTimeoutMs: { type: 'integer', minimum: 100, maximum: 86_400_000, default: 120_000, title: 'Acknowledgement timeout (ms)', description: 'An attempt whose downstream path has not completed by then counts as failed (retryable).' },
      respond: { type: 'boolean', default: true, title: 'Answer the caller', description: 'Answer a pending partner request with 202 {correlationId} once stored.' },
      acceptedStatus: { type: 'integer', enum: [201, 202], default: 202, title: 'Status once stored', description: '202 Accepted, or 201 Created for an API that validated the request before queueing it.' },
      acceptedBody: { type: 'string', enum: ['queued', 'payload'], default: 'queued', title: 'Body once stored', description: 'queued: {status: "queued", correlationId}; payload: msg.payload (an object) plus correlationId.' },
      retryAfterSeconds: { type: 'integer', minimum: 1, maximum: 3600, default: 5, title: 'Retry-After when full (s)', description: 'Seconds the 503 answer asks the partner to wait before sending again.' },
    },
    additionalProperties: false,
  },
  docs: `A **durable queue** between a partner-facing intake and a slow or unreliable backend.

**Accepting.** Each message is written to the queue's log (the embedded append-only log in the data directory, or Redis when \`REDIS_URL\` is set) before anything else happens.
Once it is stored, a pending partner request on \`msg.res\` is answered **202** \`{"status": "queued", "correlationId": ...}\` (or, with **acceptedStatus** 201 and **acceptedBody** payload, **201** with \`msg.payload\` plus \`correlationId\`: a synchronous API that validated the request answers with its confirmation, still only once the message is stored).
When **maxDepth** messages are waiting, the request is answered **503** with \`Retry-After\` and the node reports \`QUEUE_FULL\`; nothing is stored, so the partner's retry is not a duplicate.
When the durable write fails (the data directory is full, \`ENOSPC\`, or Redis is unreachable), the request is answered **503** with \`Retry-After\` at once and the node reports \`QUEUE_STORE_FAILED\`; messages accepted earlier stay queued, and intake resumes by itself once the write succeeds again.

**Delivering.** Up to **concurrency** messages are sent on the *deliver* output at a time. A message is acknowledged (removed from the log) only when **every branch** of its downstream path has completed without error, as tracked through the engine's hooks. \`msg.queue\` carries \`{id, attempt, enqueuedAt}\`; \`msg.failures\` the failures of earlier attempts.

**Failures.** A failed attempt (an error on any downstream branch, or no completion within **ackTimeoutMs**) is retried after an exponential backoff with full jitter: a random delay up to \`baseDelayMs * 2^(attempt-1)\`, at most **maxDelayMs**, and never shorter than a \`Retry-After\` the backend sent. The schedule is stored, so it survives a restart.
A permanent failure (\`retryable: false\`, e.g. an ERP 4xx) or the last of **maxAttempts** goes to the **dead letter** with every attempt's error; a copy leaves on the *dead-lettered* output with \`msg.deadLetterId\`. The message's ledger document becomes \`dead-lettered\` with the same errors, whether or not that output is wired.

**Restarts.** After a crash (even \`kill -9\`), every message that was not acknowledged is delivered again: delivery is **at least once**. Pair it with an idempotent backend call (the ERP post node's Idempotency-Key) for an exactly-once effect.`,
  origin: 'tradelane',
  async create(ctx, config) {
    const queue = config.queueName || ctx.nodeId;
    const worker = new QueueWorker(
      ctx,
      ctx.services.queues.open(queue),
      { queue, concurrency: config.concurrency, maxDepth: config.maxDepth, maxAttempts: config.maxAttempts, baseDelayMs: config.baseDelayMs, maxDelayMs: config.maxDelayMs, ackTimeoutMs: config.ackTimeoutMs },
      (msg: TradelaneMessage) => ctx.send([null, msg]),
    );
    const rearmed = await worker.start();
    if (rearmed) ctx.log.info(`re-armed ${rearmed} unacknowledged message(s)`, { queue });
    const unregister = ctx.services.health?.queue(ctx.nodeId, () => worker.counts());

    return {
      async onInput(msg) {
        try {
          await worker.accept(msg);
        } catch (error) {
          // Full queue or failed durable write: nothing was stored, so the sender's retry is not a duplicate.
          if ((error instanceof QueueFullError || error instanceof QueueStoreError) && config.respond) {
            answerPending(msg.res, 503, refusal(error, queue, msg.correlationId), { 'Retry-After': String(config.retryAfterSeconds), 'X-Correlation-Id': msg.correlationId });
          }
          throw error;
        }
        if (config.respond) answerPending(msg.res, config.acceptedStatus, acceptance(msg, config), { 'X-Correlation-Id': msg.correlationId });
        return null;
      },
      async onClose() {
        unregister?.();
        await worker.close();
      },
    };
  },
});
