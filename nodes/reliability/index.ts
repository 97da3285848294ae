// The reliability domain: durable queue, retry, dead letter, idempotency and throttle nodes.
import type { AnyNodeDescriptor } from '../sdk/index.js';
import { deadLetterNode } from './dead-letter-node.js';
import { idempotencyNode } from './idempotency-node.js';
import { queueNode } from './queue-node.js';
import { retryNode } from './retry-node.js';
import { throttleNode } from './throttle-node.js';

export const reliabilityNodes: AnyNodeDescriptor[] = [queueNode, retryNode, deadLetterNode, idempotencyNode, throttleNode];

export { deadLetterNode, idempotencyNode, queueNode, retryNode, throttleNode };
export { backoffDelay, type BackoffPolicy } from './backoff.js';
export { toStoredMessage, fromStoredMessage } from './stored-message.js';
export { errorChain } from './dead-letter-node.js';
export { ThrottleGate } from './throttle-node.js';
export { QueueWorker, QueueFullError, type QueueSettings, type QueueDeliveryInfo } from './queue-worker.js';
