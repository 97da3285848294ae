// /api/events: each topic's publishers and subscriptions with backlog and deployment state; removal of orphaned subscriptions.
import type { JSONSchema, QueueBackend } from '../../nodes/sdk/index.js';
import { heldQueueName, subscriptionQueueName, type SubscriptionRegistration, type SubscriptionRegistry } from '../../nodes/events/index.js';
import type { FlowNode } from '../engine/flow-types.js';
import type { ApiRouter } from './api-router.js';
import { HttpError } from './http-error.js';

export interface EventRouteDeps {
  registry: SubscriptionRegistry;
  queues: QueueBackend;
  /** Every node of every deployed flow (its stored config), with z set to its flow id. */
  deployedNodes(): Promise<FlowNode[]>;
  /** True when the engine runs a node with this id now. */
  isRunning(nodeId: string): boolean;
}

interface SubscriptionView extends SubscriptionRegistration {
  backlog: number;
  deployed: boolean;
  orphaned: boolean;
}

interface PublisherView {
  flowId: string;
  nodeId: string;
  name: string;
  eventType: string;
  eventVersion: number;
}

interface TopicView {
  topic: string;
  publishers: PublisherView[];
  subscriptions: SubscriptionView[];
}

const text = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : fallback);

async function backlogOf(queues: QueueBackend, name: string): Promise<number> {
  const [ready, held] = await Promise.all([queues.open(subscriptionQueueName(name)).pending(), queues.open(heldQueueName(name)).pending()]);
  return ready.length + held.length;
}

/** A registration is deployed when a running subscribe node in a deployed flow still carries its name and topic. */
function isDeployed(registration: SubscriptionRegistration, nodes: FlowNode[], isRunning: (nodeId: string) => boolean): boolean {
  return nodes.some((node) => node.type === 'tl-event-subscribe' && node.id === registration.nodeId && (text(node.subscription) || node.id) === registration.name
    && node.topic === registration.topic && isRunning(node.id));
}

async function topics(deps: EventRouteDeps): Promise<TopicView[]> {
  const [registrations, nodes] = await Promise.all([deps.registry.all(), deps.deployedNodes()]);
  const byTopic = new Map<string, TopicView>();
  const topicOf = (topic: string) => {
    let view = byTopic.get(topic);
    if (!view) byTopic.set(topic, view = { topic, publishers: [], subscriptions: [] });
    return view;
  };
  for (const node of nodes) {
    if (node.type !== 'tl-event-publish' || typeof node.topic !== 'string') continue;
    topicOf(node.topic).publishers.push({ flowId: text(node.z), nodeId: node.id, name: text(node.name), eventType: text(node.eventType), eventVersion: typeof node.eventVersion === 'number' ? node.eventVersion : 1 });
  }
  for (const registration of Object.values(registrations)) {
    const deployed = isDeployed(registration, nodes, deps.isRunning);
    topicOf(registration.topic).subscriptions.push({ ...registration, backlog: await backlogOf(deps.queues, registration.name), deployed, orphaned: !deployed });
  }
  for (const view of byTopic.values()) view.subscriptions.sort((a, b) => a.name.localeCompare(b.name));
  return [...byTopic.values()].sort((a, b) => a.topic.localeCompare(b.topic));
}

/** Drops every stored event of a subscription (both logs); returns how many there were. */
async function dropBacklog(queues: QueueBackend, name: string): Promise<number> {
  let dropped = 0;
  for (const queue of [subscriptionQueueName(name), heldQueueName(name)]) {
    const log = queues.open(queue);
    for (const entry of await log.pending()) {
      await log.remove(entry.id);
      dropped++;
    }
  }
  return dropped;
}

const subscriptionSchema: JSONSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' }, topic: { type: 'string' }, flowId: { type: 'string' }, nodeId: { type: 'string' }, orderByKey: { type: 'boolean' },
    registeredAt: { type: 'string' }, startedAt: { type: 'string' }, backlog: { type: 'integer' }, deployed: { type: 'boolean' }, orphaned: { type: 'boolean' },
  },
};

const topicsResponse: JSONSchema = {
  type: 'object',
  properties: {
    topics: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          topic: { type: 'string' },
          publishers: { type: 'array', items: { type: 'object', properties: { flowId: { type: 'string' }, nodeId: { type: 'string' }, name: { type: 'string' }, eventType: { type: 'string' }, eventVersion: { type: 'integer' } } } },
          subscriptions: { type: 'array', items: subscriptionSchema },
        },
      },
    },
  },
};

const errorBody: JSONSchema = { type: 'object', properties: { error: { type: 'string' }, details: { type: 'array' } } };

export function registerEventRoutes(api: ApiRouter, deps: EventRouteDeps): void {
  api.add({
    method: 'get', path: '/api/events/topics', tag: 'events',
    summary: 'Every event topic: its publishers (deployed publish nodes) and subscriptions, each with backlog depth and whether its subscriber is deployed (orphaned when not)',
    access: ['admin', 'operator', 'analyst'], response: topicsResponse,
    handler: async () => ({ topics: await topics(deps) }),
  });

  api.add({
    method: 'delete', path: '/api/events/subscriptions/:name', tag: 'events',
    summary: 'Remove an orphaned subscription and drop its backlog (audited); 409 while its subscriber is deployed',
    access: ['admin'],
    response: { type: 'object', properties: { name: { type: 'string' }, topic: { type: 'string' }, droppedEvents: { type: 'integer' } } },
    errors: {
      404: { description: 'No subscription has this name', schema: errorBody },
      409: { description: 'The subscription\'s subscriber is deployed: remove the node (or its flow) first', schema: errorBody },
    },
    audit: {
      action: 'event.subscription.delete',
      target: (request) => `subscription:${request.params.name ?? ''}`,
      details: (_request, result) => ({ topic: (result as { topic?: unknown }).topic, droppedEvents: (result as { droppedEvents?: unknown }).droppedEvents }),
    },
    handler: async ({ params }) => {
      const name = params.name ?? '';
      const registration = (await deps.registry.all())[name];
      if (!registration) throw new HttpError(404, `subscription "${name}" not found`, [{ path: '$.name', message: 'is not a registered subscription' }]);
      if (isDeployed(registration, await deps.deployedNodes(), deps.isRunning)) {
        throw new HttpError(409, `subscription "${name}" is deployed (node ${registration.nodeId} in flow ${registration.flowId}); only orphaned subscriptions can be removed`, [{ path: '$.name', message: 'its subscriber is deployed' }]);
      }
      await deps.registry.remove(name);
      const droppedEvents = await dropBacklog(deps.queues, name);
      return { name, topic: registration.topic, droppedEvents };
    },
  });
}
