// Supplier-portal nodes: partner intake and the response that ends a synchronous partner exchange.
import type { AnyNodeDescriptor } from '../sdk/index.js';
import { intakeNode } from './intake-node.js';
import { respondNode } from './respond-node.js';

export { intakeNode, respondNode };
export const supplierPortalNodes: AnyNodeDescriptor[] = [intakeNode, respondNode];
