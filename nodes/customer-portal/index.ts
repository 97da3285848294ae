// Public surface of the customer-portal domain: the availability cache's update and read nodes.
import type { AnyNodeDescriptor } from '../sdk/index.js';
import { availabilityReadNode } from './availability-read-node.js';
import { availabilityUpdateNode } from './availability-update-node.js';

export const customerPortalNodes: AnyNodeDescriptor[] = [availabilityUpdateNode, availabilityReadNode];

export { availabilityReadNode, type AvailabilityReadConfig } from './availability-read-node.js';
export { availabilityUpdateNode, type AvailabilityUpdateConfig } from './availability-update-node.js';
export { AvailabilityCache, type AvailabilityUpdate, type SkuAvailability } from './availability-cache.js';
