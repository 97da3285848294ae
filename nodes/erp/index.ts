// The ERP domain: the ERP post and query nodes, and the demo ERP the runtime mounts at /demo-erp.
import type { AnyNodeDescriptor } from '../sdk/index.js';
import { erpPostNode } from './erp-post-node.js';
import { erpQueryNode } from './erp-query-node.js';

export const erpNodes: AnyNodeDescriptor[] = [erpPostNode, erpQueryNode];

export { erpPostNode, erpQueryNode };
export { createDemoErp, startDemoErpServer, DEMO_ERP_MOUNT_PATH, type DemoErp, type DemoErpOptions, type DemoErpServer, type DemoErpServerOptions, type DemoErpLogger } from './demo-erp/index.js';
export { buildSoapRequest, parseSoapEnvelope, DEMO_ERP_SOAP_NS } from './soap-envelope.js';
