// Public surface of the message-broker nodes: RabbitMQ (AMQP 0-9-1) publish and consume.
import type { AnyNodeDescriptor } from '../sdk/index.js';
import { amqpInNode } from './amqp-in-node.js';
import { amqpOutNode } from './amqp-out-node.js';

export const brokerNodes: AnyNodeDescriptor[] = [amqpInNode, amqpOutNode];
export { amqpInNode, amqpOutNode };
export type { AmqpInConfig } from './amqp-in-node.js';
export type { AmqpOutConfig } from './amqp-out-node.js';
