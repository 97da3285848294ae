// tl-retry: for synchronous paths; sends into the guarded segment, waits for it to complete, retries with backoff, exhausted -> output 2.
import { setTimeout as sleep } from 'node:timers/promises';
import { defineNode, type Failure } from '../sdk/index.js';
import { backoffDelay, backoffSchemaProperties } from './backoff.js';

export interface RetryConfig {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  attemptTimeoutMs: number;
}

export const retryNode = defineNode<RetryConfig>({
  type: 'tl-retry',
  category: 'reliability',
  label: 'retry',
  summary: 'Sends the message into the segment wired to its first output and retries it with backoff until that segment completes without error.',
  color: '#C0DEED',
  icon: 'font-awesome/fa-repeat',
  inputs: 1,
  sideEffects: 'none',
  outputs: [{ label: 'attempt' }, { label: 'exhausted' }],
  configSchema: {
    type: 'object',
    properties: {
      maxAttempts: { type: 'integer', minimum: 1, maximum: 100, default: 3, title: 'Attempts', description: 'Tries of the segment, the first one included; then the message leaves on the second output with msg.failure.' },
      ...backoffSchemaProperties,
      baseDelayMs: { ...backoffSchemaProperties.baseDelayMs, default: 200 },
      maxDelayMs: { ...backoffSchemaProperties.maxDelayMs, default: 5000 },
      attemptTimeoutMs: { type: 'integer', minimum: 10, maximum: 3_600_000, default: 30_000, title: 'Attempt timeout (ms)', description: 'An attempt whose segment has not completed by then counts as failed.' },
    },
    additionalProperties: false,
  },
  docs: `Guards a **synchronous** segment, where a caller is waiting (for asynchronous work use the **durable queue**, which keeps its schedule across restarts).

Wire the segment to the first output. Each attempt is a copy of the message sent there; the node waits until **every branch** of the segment has completed (tracked through the engine's hooks).
An error on any branch, or no completion within **attemptTimeoutMs**, fails the attempt. Retryable failures are tried again after an exponential backoff with full jitter (never shorter than a backend's \`Retry-After\`); a permanent failure (\`retryable: false\`) stops at once.

When the attempts are used up, the message leaves on the **exhausted** output with \`msg.failures\` (every attempt's \`{code, message, nodeId, nodeType, at, retryable}\`) and \`msg.failure\` (the last). Wire it to a **dead letter** and a respond node.

\`msg.error\` is removed before every attempt, so a retry loop never hits Node-RED's limit of 10 catches per message. The backoff waits in memory: a restart during the wait loses the attempt, which is acceptable only because the caller is still waiting for an answer.`,
  origin: 'tradelane',
  create(ctx, config) {
    let closed = false;
    return {
      async onInput(msg, helpers) {
        const failures: Failure[] = Array.isArray(msg.failures) ? [...msg.failures] : [];
        delete msg.error;
        delete msg._error;
        for (let attempt = 1; attempt <= config.maxAttempts && !closed; attempt++) {
          const outcome = await ctx.services.deliveries.dispatch({ ...msg, attempt, failures: [...failures] }, (copy) => helpers.send(copy), { mode: 'isolate', timeoutMs: config.attemptTimeoutMs });
          if (outcome.ok) return null;
          failures.push(outcome.failure);
          if (!outcome.failure.retryable || attempt === config.maxAttempts) break;
          helpers.status({ fill: 'yellow', shape: 'ring', text: `attempt ${attempt} failed: ${outcome.failure.code}` });
          await sleep(backoffDelay(config, attempt, outcome.failure));
        }
        msg.failures = failures;
        const last = failures[failures.length - 1];
        if (last) msg.failure = last;
        return [null, msg];
      },
      onClose() {
        closed = true;
      },
    };
  },
});
