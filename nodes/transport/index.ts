// Public surface of the transport nodes: SFTP pick-up and push, AS2 receive and send.
import type { AnyNodeDescriptor } from '../sdk/index.js';
import { as2InNode } from './as2-in-node.js';
import { as2OutNode } from './as2-out-node.js';
import { sftpInNode } from './sftp-in-node.js';
import { sftpOutNode } from './sftp-out-node.js';

export const transportNodes: AnyNodeDescriptor[] = [sftpInNode, sftpOutNode, as2InNode, as2OutNode];
export { as2InNode, as2OutNode, sftpInNode, sftpOutNode };
export { hostKeyFingerprint, SftpSession, type RemoteFile, type SftpCredentials, type SftpEndpoint } from './sftp-client.js';
export type { SftpInConfig } from './sftp-in-node.js';
export type { SftpOutConfig } from './sftp-out-node.js';
export type { As2InConfig } from './as2-in-node.js';
export type { As2OutConfig } from './as2-out-node.js';
