// Every node type the runtime registers and the palette offers: Node-RED core nodes plus Tradelane's own.
import { coreNodes, type AnyNodeDescriptor } from './sdk/index.js';
import { supplierPortalNodes } from './supplier-portal/index.js';
import { canonicalNodes } from './canonical/index.js';
import { erpNodes } from './erp/index.js';
import { reliabilityNodes } from './reliability/index.js';
import { ediNodes } from './edi/index.js';
import { transportNodes } from './transport/index.js';
import { brokerNodes } from './broker/index.js';
import { eventNodes } from './events/index.js';
import { customerPortalNodes } from './customer-portal/index.js';
import { emailNodes } from './email/index.js';

export const builtInNodes: AnyNodeDescriptor[] = [...coreNodes, ...supplierPortalNodes, ...canonicalNodes, ...erpNodes, ...reliabilityNodes, ...ediNodes, ...transportNodes, ...brokerNodes, ...eventNodes, ...emailNodes, ...customerPortalNodes];
