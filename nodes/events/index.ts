// Public surface of the events domain: publish and subscribe nodes, the event catalog and the subscription registry.
import type { AnyNodeDescriptor } from '../sdk/index.js';
import { publishNode } from './publish-node.js';
import { subscribeNode } from './subscribe-node.js';

export const eventNodes: AnyNodeDescriptor[] = [publishNode, subscribeNode];

export { publishNode, type PublishConfig } from './publish-node.js';
export { subscribeNode, type SubscribeConfig } from './subscribe-node.js';
export { checkEventPayload, EVENT_TYPES, EVENT_TYPE_NAMES, findEventType, type EventTypeVersion } from './event-catalog.js';
export { EVENTS_NAMESPACE, heldQueueName, SubscriptionRegistry, subscriptionQueueName, type SubscriptionRegistration } from './subscription-registry.js';
export type { BusinessEvent, EventFacts } from './event-envelope.js';
