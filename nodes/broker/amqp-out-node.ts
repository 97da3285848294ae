// tl-amqp-out: publishes each message to a RabbitMQ exchange, persistent, and completes only once the broker confirmed it and routed it to a queue.
import type { ConfirmChannel } from 'amqplib';
import { defineNode, deliveryId, NodeError, type NodeContext, type TradelaneMessage } from '../sdk/index.js';
import { amqpConnectionDocs, amqpConnectionProperties, amqpConnectionRequired, amqpCredentialsSchema, AmqpLink, type AmqpConnectionConfig } from './amqp-connection.js';
import { recordPublication } from './amqp-ledger.js';

export interface AmqpOutConfig extends AmqpConnectionConfig {
  exchange: string;
  routingKey: string;
  declareQueue: string;
  contentType: string;
  confirmTimeoutMs: number;
}

export const amqpOutNode = defineNode<AmqpOutConfig>({
  type: 'tl-amqp-out',
  category: 'transport',
  label: 'amqp out',
  summary: 'Publishes each message to a RabbitMQ (AMQP 0-9-1) exchange, persistent, and completes once the broker has confirmed and routed it.',
  color: '#F3B567',
  icon: 'font-awesome/fa-sign-out',
  inputs: 1,
  sideEffects: 'external',
  outputs: [{ label: 'published' }],
  configSchema: {
    type: 'object',
    properties: {
      ...amqpConnectionProperties,
      exchange: { type: 'string', default: '', maxLength: 255, title: 'Exchange', description: 'Empty: the default exchange, where the routing key names the queue.' },
      routingKey: { type: 'string', default: '', maxLength: 255, title: 'Routing key', description: 'Empty: msg.topic.' },
      declareQueue: { type: 'string', default: '', maxLength: 255, title: 'Declare queue', description: 'A durable queue to declare on connect (bound by name to the default exchange), so the first message has somewhere to go. Empty: declare nothing.' },
      contentType: { type: 'string', default: '', maxLength: 200, title: 'Content type', description: 'Empty: application/json for objects, text/plain for text, application/octet-stream for a Buffer.' },
      confirmTimeoutMs: { type: 'integer', minimum: 100, maximum: 300_000, default: 10_000, title: 'Confirm timeout (ms)', description: 'A publish the broker has not confirmed by then fails (retryable).' },
    },
    required: [...amqpConnectionRequired],
    additionalProperties: false,
  },
  credentialsSchema: amqpCredentialsSchema,
  docs: `Publishes \`msg.payload\` (an object as JSON, text as UTF-8, a Buffer as it is) to **exchange** with **routingKey**
(else \`msg.topic\`). Messages are **persistent** and published on a confirm channel with \`mandatory\`: the node's path
completes only when the broker has written the message and routed it to at least one queue.

Properties: \`messageId\` derived from the node, \`msg.correlationId\` and the payload (the same message retried keeps it,
so a consumer can drop the copy), \`correlationId\` = \`msg.correlationId\`, \`timestamp\`, and the header
\`x-partner-id\` when a partner is set. The output carries \`msg.amqp\` \`{exchange, routingKey, messageId}\`.

### Failures
| Problem | Error code | Retryable |
|---|---|---|
| not connected, the broker did not confirm in time, or refused the message (nack) | \`AMQP_UNAVAILABLE\` | yes |
| no queue is bound for the routing key: the broker returned the message | \`AMQP_UNROUTABLE\` | no |
| the exchange does not exist | \`AMQP_UNAVAILABLE\` (the node opens a new channel) | yes |

Put a \`tl-queue\` before this node: messages accepted while the broker is down wait there and are published once it
is back, so a broker restart loses nothing.

Every publish is a document in the ledger (channel \`broker\`, direction out) under the document the message came from.
${amqpConnectionDocs}`,
  origin: 'tradelane',
  async create(ctx, config) {
    const returned = new Set<string>();
    const link = new AmqpLink(ctx, config, async (channel) => {
      channel.on('return', (message: { properties: { messageId?: string } }) => { if (message.properties.messageId) returned.add(message.properties.messageId); });
      if (config.declareQueue) await channel.assertQueue(config.declareQueue, { durable: true });
    });
    await link.start();
    return {
      onInput: (msg) => publish(ctx, config, link, returned, msg),
      onClose: () => link.close(),
    };
  },
});

function contentOf(payload: unknown, configured: string): { content: Buffer; contentType: string } {
  if (Buffer.isBuffer(payload)) return { content: payload, contentType: configured || 'application/octet-stream' };
  if (typeof payload === 'string') return { content: Buffer.from(payload, 'utf8'), contentType: configured || 'text/plain' };
  return { content: Buffer.from(JSON.stringify(payload ?? null), 'utf8'), contentType: configured || 'application/json' };
}

/** Publishes on the confirm channel; resolves on the broker's ack, rejects on its nack or the timeout. */
function confirmed(channel: ConfirmChannel, exchange: string, routingKey: string, content: Buffer, options: Parameters<ConfirmChannel['publish']>[3], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new NodeError('AMQP_UNAVAILABLE', `the broker did not confirm the message within ${timeoutMs} ms`, { retryable: true })), timeoutMs);
    try {
      channel.publish(exchange, routingKey, content, options, (error: unknown) => {
        clearTimeout(timer);
        if (error) reject(new NodeError('AMQP_UNAVAILABLE', `the broker refused the message: ${String((error as Error).message ?? error)}`, { retryable: true }));
        else resolve();
      });
    } catch (error) {
      clearTimeout(timer);
      reject(new NodeError('AMQP_UNAVAILABLE', `publish failed: ${(error as Error).message}`, { retryable: true, cause: error }));
    }
  });
}

async function publish(ctx: NodeContext, config: AmqpOutConfig, link: AmqpLink, returned: Set<string>, msg: TradelaneMessage): Promise<TradelaneMessage> {
  const routingKey = config.routingKey || (typeof msg.topic === 'string' ? msg.topic : '');
  const { content, contentType } = contentOf(msg.payload, config.contentType);
  const messageId = deliveryId(ctx, msg.correlationId, content);
  const partnerId = config.partnerId || (typeof msg.partnerId === 'string' ? msg.partnerId : '');
  const target = { exchange: config.exchange, routingKey, messageId };
  if (!routingKey && !config.exchange) throw new NodeError('INVALID_MESSAGE', 'no routing key: set one on the node or send msg.topic', { retryable: false, details: [{ path: 'routingKey', message: 'is required with the default exchange' }] });
  // While disconnected nothing is sent, so nothing is recorded: the queue before this node retries, and the ledger gets one
  // document per message that reached the broker, not one per retry.
  const channel = link.current();
  try {
    await confirmed(channel, config.exchange, routingKey, content, {
      persistent: true, mandatory: true, contentType, messageId, correlationId: msg.correlationId, timestamp: Math.floor(ctx.services.clock.now() / 1000),
      ...(partnerId ? { headers: { 'x-partner-id': partnerId } } : {}),
    }, config.confirmTimeoutMs);
    // RabbitMQ sends basic.return before the confirm of an unroutable mandatory message.
    if (returned.delete(messageId)) {
      throw new NodeError('AMQP_UNROUTABLE', `no queue is bound to exchange "${config.exchange || '(default)'}" for routing key "${routingKey}": the broker returned the message`, { retryable: false, details: [{ path: 'routingKey', message: 'routes to no queue' }] });
    }
  } catch (error) {
    const failure = error instanceof NodeError ? error : new NodeError('AMQP_UNAVAILABLE', String(error), { retryable: true });
    recordPublication(ctx, msg, target, content, contentType, partnerId, failure);
    throw failure;
  }
  recordPublication(ctx, msg, target, content, contentType, partnerId);
  return { ...msg, amqp: target };
}
