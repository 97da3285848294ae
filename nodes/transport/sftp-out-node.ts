// tl-sftp-out: writes each message as a file into a partner's SFTP folder, under a temporary name renamed when complete.
import { defineNode, NodeError, type NodeContext, type TradelaneMessage } from '../sdk/index.js';
import { ledgerIdOf } from '../canonical/ledger-facts.js';
import { sftpConnectionDocs, sftpConnectionProperties, sftpConnectionRequired, sftpCredentialsSchema, sftpLogin, type SftpConnectionConfig } from './sftp-connection.js';
import { remotePath, type SftpSession } from './sftp-client.js';
import { SessionCache } from './session-cache.js';

export interface SftpOutConfig extends SftpConnectionConfig {
  remoteDir: string;
  filename: string;
  encoding: 'utf8' | 'latin1';
  idleCloseMs: number;
}

const SAFE_NAME = /^[^/\\\0]{1,255}$/;

/** The file name for a message: the configured pattern with its placeholders filled, else msg.filename, else one from the correlation id. */
export function fileNameFor(pattern: string, msg: TradelaneMessage, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const fallback = typeof msg.filename === 'string' && msg.filename ? msg.filename : `${msg.correlationId}.txt`;
  const name = pattern
    ? pattern.replace(/\{(correlationId|timestamp|partnerId|documentType)\}/g, (_, field: string) => (field === 'timestamp' ? stamp : String(msg[field] ?? '')))
    : fallback;
  if (!SAFE_NAME.test(name) || name === '.' || name === '..') {
    throw new NodeError('SFTP_BAD_FILENAME', `"${name.slice(0, 100)}" is not a file name (1-255 characters, no / or \\)`, { details: [{ path: pattern ? 'filename' : 'msg.filename', message: 'is not a file name' }] });
  }
  return name;
}

function contentOf(payload: unknown, encoding: SftpOutConfig['encoding']): Buffer {
  if (Buffer.isBuffer(payload)) return payload;
  if (typeof payload === 'string') return Buffer.from(payload, encoding);
  if (payload === undefined || payload === null) throw new NodeError('SFTP_NO_CONTENT', 'msg.payload is empty: nothing to write', { details: [{ path: 'msg.payload', message: 'is required' }] });
  return Buffer.from(JSON.stringify(payload), 'utf8');
}

export const sftpOutNode = defineNode<SftpOutConfig>({
  type: 'tl-sftp-out',
  category: 'transport',
  label: 'sftp out',
  summary: 'Writes msg.payload as a file into a partner\'s SFTP folder; the file appears under its name only once complete.',
  color: '#E2D96E',
  icon: 'font-awesome/fa-upload',
  inputs: 1,
  sideEffects: 'external',
  outputs: [{ label: 'written' }],
  configSchema: {
    type: 'object',
    properties: {
      ...sftpConnectionProperties,
      remoteDir: { type: 'string', minLength: 1, maxLength: 1024, title: 'Folder', description: 'Where the partner picks up our files, e.g. /inbound.' },
      filename: { type: 'string', default: '', maxLength: 255, title: 'File name', description: 'Placeholders {correlationId}, {timestamp}, {partnerId}, {documentType}. Empty: msg.filename, else <correlationId>.txt.' },
      encoding: { enum: ['utf8', 'latin1'], default: 'utf8', title: 'Text encoding', description: 'How a text payload becomes bytes; a Buffer is written as it is, an object as JSON.' },
      idleCloseMs: { type: 'integer', minimum: 0, maximum: 3_600_000, default: 10_000, title: 'Close the connection when idle (ms)', description: 'The connection stays open this long after the last file for the next one; 0: close after every file.' },
    },
    required: [...sftpConnectionRequired, 'remoteDir'],
    additionalProperties: false,
  },
  credentialsSchema: sftpCredentialsSchema,
  docs: `Delivers files to **a partner's** SFTP server.

Each message's \`msg.payload\` (text in **encoding**, a Buffer as it is, an object as JSON) is written to
\`<remoteDir>/.<name>.part\` and renamed to \`<name>\` once complete, so the partner never picks up half a file.
The name comes from **filename** (placeholders \`{correlationId}\`, \`{timestamp}\`, \`{partnerId}\`, \`{documentType}\`),
else \`msg.filename\`, else \`<correlationId>.txt\`.

A file of that name already in the folder is never overwritten: the send fails with \`SFTP_FILE_EXISTS\` (not retryable)
and the partial file is removed. Connection problems are retryable: put a \`tl-queue\` or \`tl-retry\` before this node.

On success \`msg.sftp\` is \`{host, path, size}\`, and the ledger records the file (channel \`file\`, direction out, status
\`sent\`) under the document the message came from (\`msg.ledgerId\`). A failed send is recorded as \`failed\` with the error.
${sftpConnectionDocs}`,
  origin: 'tradelane',
  create(ctx, config) {
    const sessions = new SessionCache(sftpLogin(ctx, config), config.idleCloseMs);
    return {
      async onInput(msg) {
        const name = fileNameFor(config.filename, msg, ctx.services.clock.now());
        const content = contentOf(msg.payload, config.encoding);
        const path = remotePath(config.remoteDir, name);
        try {
          await sessions.use((session) => writeWhole(session, config.remoteDir, name, content));
        } catch (error) {
          recordSend(ctx, config, msg, path, content, error);
          throw error;
        }
        recordSend(ctx, config, msg, path, content);
        return { ...msg, sftp: { host: config.host, path, size: content.length } };
      },
      onClose: () => sessions.close(),
    };
  },
});

/** Writes under a temporary name, then renames; an existing target is refused and the temporary file removed. */
async function writeWhole(session: SftpSession, directory: string, name: string, content: Buffer): Promise<void> {
  const target = remotePath(directory, name);
  const partial = remotePath(directory, `.${name}.part`);
  if (await session.exists(target)) throw fileExists(target);
  await session.write(partial, content);
  try {
    await session.rename(partial, target);
  } catch (error) {
    await session.remove(partial).catch(() => undefined);
    if (await session.exists(target)) throw fileExists(target);
    throw error;
  }
}

function fileExists(path: string): NodeError {
  return new NodeError('SFTP_FILE_EXISTS', `${path} already exists on the server; it was not overwritten`, { retryable: false, details: [{ path, message: 'already exists' }] });
}

function recordSend(ctx: NodeContext, config: SftpOutConfig, msg: TradelaneMessage, path: string, content: Buffer, error?: unknown): void {
  const parentId = ledgerIdOf(msg);
  const failure = error instanceof NodeError ? error : error === undefined ? undefined : new NodeError('SFTP_FAILED', String(error));
  const partnerId = config.partnerId || (typeof msg.partnerId === 'string' ? msg.partnerId : '');
  ctx.services.ledger.record({
    direction: 'out', channel: 'file', documentType: typeof msg.documentType === 'string' && msg.documentType ? msg.documentType : 'file',
    status: failure ? 'failed' : 'sent', correlationId: msg.correlationId, flowId: ctx.flowId, nodeId: ctx.nodeId,
    raw: content.toString(config.encoding), sizeBytes: content.length, facts: { path, transport: 'sftp', host: config.host },
    ...(partnerId ? { partnerId } : {}), ...(parentId ? { parentId } : {}),
    ...(failure ? { errors: [{ path, message: failure.message, code: failure.code }] } : {}),
  });
}
