// tl-amqp-in: consumes a RabbitMQ queue; each message goes on, and is acknowledged only once its path completed (a failed one moves to the error queue).
import { defineNode } from '../sdk/index.js';
import { amqpConnectionDocs, amqpConnectionProperties, amqpConnectionRequired, amqpCredentialsSchema, AmqpLink, type AmqpConnectionConfig } from './amqp-connection.js';
import { AmqpConsumer, type ConsumerSettings } from './amqp-consumer.js';

export interface AmqpInConfig extends AmqpConnectionConfig {
  queue: string;
  declareQueue: boolean;
  errorQueue: string;
  prefetch: number;
  payloadFormat: ConsumerSettings['payloadFormat'];
  ackTimeoutMs: number;
}

export const amqpInNode = defineNode<AmqpInConfig>({
  type: 'tl-amqp-in',
  category: 'transport',
  label: 'amqp in',
  summary: 'Consumes a RabbitMQ (AMQP 0-9-1) queue; acknowledges each message once its downstream path completed, and moves a failed one to the error queue.',
  color: '#F3B567',
  icon: 'font-awesome/fa-sign-in',
  inputs: 0,
  sideEffects: 'external',
  outputs: [{ label: 'message' }],
  configSchema: {
    type: 'object',
    properties: {
      ...amqpConnectionProperties,
      queue: { type: 'string', minLength: 1, maxLength: 255, title: 'Queue' },
      declareQueue: { type: 'boolean', default: true, title: 'Declare the queue', description: 'Declare it durable on connect, so it exists before the first message. Off: it must already exist (its own arguments are kept).' },
      errorQueue: { type: 'string', default: '', maxLength: 255, title: 'Error queue', description: 'Empty: <queue>.error. Messages whose path failed are moved here with the reason in their headers.' },
      prefetch: { type: 'integer', minimum: 1, maximum: 1000, default: 8, title: 'Messages at a time', description: 'Unacknowledged messages the broker hands over at once (AMQP prefetch).' },
      payloadFormat: { enum: ['auto', 'json', 'text', 'buffer'], default: 'auto', title: 'Payload', description: 'auto: JSON for application/json, text for text/*, XML and EDI, else a Buffer.' },
      ackTimeoutMs: { type: 'integer', minimum: 100, maximum: 86_400_000, default: 120_000, title: 'Path timeout (ms)', description: 'A message whose downstream path has not completed by then counts as failed.' },
    },
    required: [...amqpConnectionRequired, 'queue'],
    additionalProperties: false,
  },
  credentialsSchema: amqpCredentialsSchema,
  docs: `Consumes **queue** on a RabbitMQ broker, **prefetch** messages at a time.

Each message goes out as \`msg.payload\` (see **payloadFormat**), with \`msg.topic\` (its routing key),
\`msg.correlationId\` (the message's \`correlationId\` property when it has a valid one, as \`tl-amqp-out\` sets it),
\`msg.amqp\` \`{queue, exchange, routingKey, messageId, redelivered, headers}\`, \`msg.partnerId\` and \`msg.ledgerId\`.

**Acknowledgement.** A message is acknowledged to the broker only when **every branch** of its downstream path has
completed (put a \`tl-queue\` right after it, and the path completes as soon as the message is stored). Until then the
broker keeps it: if the runtime stops, crashes or loses the connection, the broker delivers it again
(\`msg.amqp.redelivered\` is true). Delivery is at least once: deduplicate on \`msg.amqp.messageId\` with
\`tl-idempotency\` where a second delivery would matter.

**Failures.** A message whose path failed or timed out, or whose JSON body does not parse, is copied to the **error
queue** (persistent, with the headers \`x-tradelane-error-code\`, \`x-tradelane-error\`, \`x-tradelane-queue\` and
\`x-tradelane-node\`) and then acknowledged, so one bad message does not block the queue. If the copy cannot be made,
the message goes back to its queue after 5 s. To retry a message, move it back from the error queue (e.g. with the
RabbitMQ management UI's *move messages*).

Every message is a document in the ledger (channel \`broker\`, direction in): \`accepted\` once its path completed,
\`failed\` or \`refused\` with the error, and the error queue it went to.
${amqpConnectionDocs}`,
  origin: 'tradelane',
  async create(ctx, config) {
    const consumer = new AmqpConsumer(ctx, {
      queue: config.queue, errorQueue: config.errorQueue || `${config.queue}.error`, payloadFormat: config.payloadFormat, ackTimeoutMs: config.ackTimeoutMs, partnerId: config.partnerId,
    });
    const link: AmqpLink = new AmqpLink(ctx, config, (channel) => consumer.attach(channel, link, config.prefetch, config.declareQueue));
    await link.start();
    return { onClose: () => link.close() };
  },
});
