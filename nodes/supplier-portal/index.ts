// Supplier-portal nodes: partner intake, the response that ends a synchronous partner exchange, webhooks out, and documents to a partner's REST API.
import type { AnyNodeDescriptor } from '../sdk/index.js';
import { intakeNode } from './intake-node.js';
import { respondNode } from './respond-node.js';
import { webhookNode } from './webhook-node.js';
import { portalPostNode } from './portal-post-node.js';

export { intakeNode, portalPostNode, respondNode, webhookNode };
export {
  canonicalPrefix, checkTimestamp, parseSignature, signatureMatches, signLegacyV1, signRequest, verifyV2Signature,
  DEFAULT_SIGNATURE_HEADER, DEFAULT_TIMESTAMP_HEADER, type SignedRequest,
} from './signature.js';
export const supplierPortalNodes: AnyNodeDescriptor[] = [intakeNode, respondNode, webhookNode, portalPostNode];
