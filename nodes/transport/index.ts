// Public surface of the transport nodes: SFTP pick-up and push (AS2 follows).
import type { AnyNodeDescriptor } from '../sdk/index.js';
import { sftpInNode } from './sftp-in-node.js';
import { sftpOutNode } from './sftp-out-node.js';

export const transportNodes: AnyNodeDescriptor[] = [sftpInNode, sftpOutNode];
export { sftpInNode, sftpOutNode };
export { hostKeyFingerprint, SftpSession, type RemoteFile, type SftpCredentials, type SftpEndpoint } from './sftp-client.js';
export type { SftpInConfig } from './sftp-in-node.js';
export type { SftpOutConfig } from './sftp-out-node.js';
