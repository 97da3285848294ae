// Public surface of the e-mail nodes: sending over SMTP.
import type { AnyNodeDescriptor } from '../sdk/index.js';
import { emailOutNode } from './email-out-node.js';

export const emailNodes: AnyNodeDescriptor[] = [emailOutNode];
export { emailOutNode };
export type { EmailOutConfig } from './email-out-node.js';
