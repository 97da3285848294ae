// Config and credential schema shared by the SFTP nodes: the partner's server, its pinned host key, and how we log in.
import type { JSONSchema, NodeContext } from '../sdk/index.js';
import { NodeError } from '../sdk/index.js';
import type { SftpCredentials, SftpEndpoint } from './sftp-client.js';

export interface SftpConnectionConfig {
  host: string;
  port: number;
  username: string;
  hostKeySha256: string;
  timeoutMs: number;
  partnerId: string;
}

export const sftpConnectionProperties: Record<string, JSONSchema> = {
  host: { type: 'string', minLength: 1, maxLength: 253, title: 'Host', description: 'The partner\'s SSH server.' },
  port: { type: 'integer', minimum: 1, maximum: 65535, default: 22, title: 'Port' },
  username: { type: 'string', minLength: 1, maxLength: 128, title: 'Username' },
  hostKeySha256: {
    type: 'string', pattern: '^SHA256:[A-Za-z0-9+/]{43}$', title: 'Host key fingerprint',
    description: 'SHA256:... as `ssh-keyscan -p PORT HOST | ssh-keygen -lf -` prints it. A server presenting another key is refused before any credential is sent.',
  },
  timeoutMs: { type: 'integer', minimum: 1000, maximum: 300_000, default: 20_000, title: 'Connect timeout (ms)', description: 'How long connecting and logging in to the partner\'s server may take.' },
  partnerId: { type: 'string', default: '', maxLength: 128, title: 'Partner', description: 'The partner these files belong to: the ledger records them under it.' },
};

export const sftpConnectionRequired = ['host', 'username', 'hostKeySha256'];

export const sftpCredentialsSchema: JSONSchema = {
  type: 'object',
  properties: {
    privateKey: { type: 'string', title: 'Private key (OpenSSH or PEM)', description: 'Paste the whole key, BEGIN and END lines included. It is stored sealed and never shown again.', 'x-secret': true, 'x-widget': 'textarea' },
    passphrase: { type: 'string', title: 'Private key passphrase', 'x-secret': true, 'x-widget': 'password' },
    password: { type: 'string', title: 'Password (when the server allows it)', 'x-secret': true, 'x-widget': 'password' },
  },
};

export const sftpConnectionDocs = `
### Connection
- **host**, **port**, **username**: the partner's SSH server and the account it gave us.
- **hostKeySha256**: the server's host key fingerprint, pinned. Get it once, over a channel you trust, with
  \`ssh-keyscan -p PORT HOST | ssh-keygen -lf -\`. A server presenting another key fails with \`SFTP_HOST_KEY_MISMATCH\`
  before any credential is sent.
- Credentials (stored encrypted): a **privateKey** (with its **passphrase**, if any) or a **password**.

### Failures
| Problem | Error code | Retryable |
|---|---|---|
| server unreachable, timeout | \`SFTP_CONNECT_FAILED\` | yes |
| host key differs from the pinned one | \`SFTP_HOST_KEY_MISMATCH\` | no |
| key or password refused | \`SFTP_AUTH_FAILED\` | no |
| a file operation failed | \`SFTP_FAILED\` (the message names the path) | yes, except permission denied |
`;

/** The endpoint and credentials of a node; a node without any credential is a configuration error at start. */
export function sftpLogin(ctx: NodeContext, config: SftpConnectionConfig): { endpoint: SftpEndpoint; credentials: SftpCredentials } {
  const credentials: SftpCredentials = { privateKey: ctx.credentials.privateKey, passphrase: ctx.credentials.passphrase, password: ctx.credentials.password };
  if (!credentials.privateKey && !credentials.password) {
    throw new NodeError('INVALID_CONFIG', 'an SFTP node needs the credential "privateKey" or "password"', { details: [{ path: 'credentials.privateKey', message: 'is required (or credentials.password)' }] });
  }
  return { endpoint: { host: config.host, port: config.port, username: config.username, hostKeySha256: config.hostKeySha256, timeoutMs: config.timeoutMs }, credentials };
}
