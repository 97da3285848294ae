// Supplier-portal nodes: partner intake, the response that ends a synchronous partner exchange, and webhooks out.
import type { AnyNodeDescriptor } from '../sdk/index.js';
import { intakeNode } from './intake-node.js';
import { respondNode } from './respond-node.js';
import { webhookNode } from './webhook-node.js';

export { intakeNode, respondNode, webhookNode };
export { signBody, signatureMatches, checkTimestamp, DEFAULT_SIGNATURE_HEADER, DEFAULT_TIMESTAMP_HEADER } from './signature.js';
export const supplierPortalNodes: AnyNodeDescriptor[] = [intakeNode, respondNode, webhookNode];
