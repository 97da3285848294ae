// tl-event-publish: validates a business event against the catalog and stores it durably for every subscription of its topic.
import { defineNode, NodeError, type NodeContext, type TradelaneMessage } from '../sdk/index.js';
import { answerPending } from '../reliability/pending-response.js';
import { QueueStoreError } from '../reliability/queue-worker.js';
import { checkEventPayload, eventPayloadChecker, EVENT_TYPE_NAMES } from './event-catalog.js';
import { businessKeysOf, eventId, nextSequence, queueEntry, subscriptionMessage, type BusinessEvent } from './event-envelope.js';
import { compileKeyReader, type KeyKind } from './event-key.js';
import { liveSubscriptions } from './live-subscriptions.js';
import { EVENTS_NAMESPACE, heldQueueName, SubscriptionRegistry, subscriptionQueueName, type SubscriptionRegistration } from './subscription-registry.js';

export interface PublishConfig {
  topic: string;
  eventType: string;
  eventVersion: number;
  key: string;
  keyKind: KeyKind;
  respond: boolean;
}

export const TOPIC_PATTERN = '^[a-z0-9][a-z0-9._-]{0,127}$';

/** Stores one event for one subscription: through its inbox when it runs here, else straight into its log. */
async function storeFor(ctx: NodeContext, registration: SubscriptionRegistration, event: BusinessEvent, publicationId: string): Promise<void> {
  const ledgerId = ctx.services.ledger.record({
    direction: 'in', channel: 'event', documentType: event.type, status: 'received', correlationId: event.correlationId,
    ...(event.partnerId ? { partnerId: event.partnerId } : {}), flowId: registration.flowId, nodeId: registration.nodeId, parentId: publicationId, keys: businessKeysOf(event.payload),
    facts: { topic: event.topic, subscription: registration.name, eventId: event.id, eventKey: event.key, eventVersion: event.version },
  });
  const now = ctx.services.clock.now();
  const msg = subscriptionMessage(event, registration.name, ledgerId, nextSequence(now));
  const queue = registration.orderByKey ? heldQueueName(registration.name) : subscriptionQueueName(registration.name);
  await liveSubscriptions.deliver(registration.name, msg, async () => {
    try {
      await ctx.services.queues.open(queue).add(queueEntry(queue, msg, now));
    } catch (error) {
      throw new QueueStoreError(error);
    }
  });
}

export const publishNode = defineNode<PublishConfig>({
  type: 'tl-event-publish',
  category: 'events',
  label: 'publish event',
  summary: 'Validates a business event against the event catalog and stores it durably for every subscription of its topic.',
  color: '#F3B567',
  icon: 'font-awesome/fa-bullhorn',
  inputs: 1,
  // Delivers into other flows' subscriptions: a template dry run must not.
  sideEffects: 'external',
  outputs: [{ label: 'published' }],
  configSchema: {
    type: 'object',
    required: ['topic', 'eventType'],
    properties: {
      topic: { type: 'string', pattern: TOPIC_PATTERN, title: 'Topic', description: 'For example "purchase-orders". Every subscription of this topic gets the event.' },
      eventType: { type: 'string', enum: [...EVENT_TYPE_NAMES], title: 'Event type', description: 'From the event catalog; the payload must match its schema.' },
      eventVersion: { type: 'integer', minimum: 1, default: 1, title: 'Event version' },
      key: { type: 'string', minLength: 1, default: 'payload.poNumber', title: 'Key', description: 'A message path (payload.poNumber) or, with key kind jsonata, an expression over the message. Ordered subscriptions deliver events of one key in publish order.' },
      keyKind: { type: 'string', enum: ['path', 'jsonata'], default: 'path', title: 'Key kind', description: 'path: Key is a message path; jsonata: Key is an expression over the message.' },
      respond: { type: 'boolean', default: true, title: 'Answer the caller', description: 'Answer a pending partner request with 202 {eventId, correlationId} once the event is stored for every subscription (422 when it is invalid, 503 when it could not be stored or a subscription is full).' },
    },
    additionalProperties: false,
  },
  docs: `Publishes a **business event** on a topic.

The node builds the event \`{id, topic, type, version, key, payload, correlationId, publishedAt, partnerId}\` from the message (\`partnerId\` from \`msg.partnerId\`, when set; subscribers get it back as \`msg.partnerId\`): \`msg.payload\` is the canonical payload, the **key** comes from a message path (e.g. \`payload.poNumber\`) or a JSONata expression.
The payload is checked against the schema of **eventType** / **eventVersion** in the event catalog; an invalid event fails with \`EVENT_INVALID\` and every problem located (\`$.payload.lines[0].status\` ...), a missing key with \`EVENT_KEY_MISSING\`. Neither is retried.

**Durable before done.** The event is written into the durable queue of **every subscription** of the topic (deployed or not: subscriptions are registered when their node first starts) before the message leaves the *published* output, so a \`tl-queue\` before this node acknowledges only once every subscriber has it stored, and an intake's 202 means the same. When a write fails the node fails with \`QUEUE_STORE_FAILED\` (retryable); a retry re-sends the same event id to the subscriptions that already had it.

**Ids.** The event id is derived from correlation id, node, type, version, key and payload: the same publication always has the same id, so subscribers may de-duplicate with an idempotency node on \`msg.event.id\`.

The ledger records the publication (channel \`event\`, direction out, status sent) and one document per subscription delivery. See docs/events.md.`,
  origin: 'tradelane',
  create(ctx, config) {
    eventPayloadChecker(config.eventType, config.eventVersion);
    const readKey = compileKeyReader(config.keyKind, config.key);
    const registry = new SubscriptionRegistry(ctx.services.keyValue(EVENTS_NAMESPACE));

    async function publish(msg: TradelaneMessage): Promise<BusinessEvent> {
      const problems = checkEventPayload(config.eventType, config.eventVersion, msg.payload);
      if (problems.length) {
        throw new NodeError('EVENT_INVALID', `${config.eventType} v${config.eventVersion} event is invalid: ${problems.slice(0, 3).map((p) => `${p.path} ${p.message}`).join('; ')}`, { retryable: false, details: problems });
      }
      const key = await readKey(msg);
      const payload = structuredClone(msg.payload);
      const id = eventId({ correlationId: msg.correlationId, nodeId: ctx.nodeId, type: config.eventType, version: config.eventVersion, key, payload });
      const event: BusinessEvent = {
        id, topic: config.topic, type: config.eventType, version: config.eventVersion, key, payload, correlationId: msg.correlationId, publishedAt: new Date(ctx.services.clock.now()).toISOString(),
        ...(typeof msg.partnerId === 'string' && msg.partnerId ? { partnerId: msg.partnerId } : {}),
      };
      const subscriptions = await registry.ofTopic(config.topic);
      const publicationId = ctx.services.ledger.record({
        direction: 'out', channel: 'event', documentType: event.type, status: 'sent', correlationId: event.correlationId, flowId: ctx.flowId, nodeId: ctx.nodeId,
        ...(event.partnerId ? { partnerId: event.partnerId } : {}),
        keys: businessKeysOf(payload), canonical: payload,
        facts: { topic: event.topic, eventId: id, eventKey: key, eventVersion: event.version, subscriptions: subscriptions.length },
      });
      await Promise.all(subscriptions.map((registration) => storeFor(ctx, registration, event, publicationId)));
      ctx.status({ fill: subscriptions.length ? 'green' : 'yellow', shape: 'dot', text: `${event.type} ${key} -> ${subscriptions.length} subscription(s)` });
      return event;
    }

    return {
      async onInput(msg) {
        let event: BusinessEvent;
        try {
          event = await publish(msg);
        } catch (error) {
          if (config.respond && error instanceof NodeError) {
            // Retryable (a store write failed, a subscription is full): the partner may send again; else the event itself is wrong.
            const status = error.retryable ? 503 : 422;
            answerPending(msg.res, status, { error: error.message, details: Array.isArray(error.details) ? error.details : [], correlationId: msg.correlationId }, { 'X-Correlation-Id': msg.correlationId });
          }
          throw error;
        }
        if (config.respond) answerPending(msg.res, 202, { status: 'published', eventId: event.id, correlationId: msg.correlationId }, { 'X-Correlation-Id': msg.correlationId });
        const { payload: _payload, ...facts } = event;
        return { ...msg, event: facts };
      },
    };
  },
});
