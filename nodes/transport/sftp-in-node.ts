// tl-sftp-in: polls a partner's SFTP folder, sends each complete file downstream, then archives it (or moves it to the error folder).
import { defineNode } from '../sdk/index.js';
import { namePattern, PickupSelector, type PartialFileCheck } from './file-pickup.js';
import { sftpConnectionDocs, sftpConnectionProperties, sftpConnectionRequired, sftpCredentialsSchema, sftpLogin, type SftpConnectionConfig } from './sftp-connection.js';
import { remotePath } from './sftp-client.js';
import { SftpPoller, type PollerSettings } from './sftp-poller.js';
import { PollLoop } from './poll-loop.js';

export interface SftpInConfig extends SftpConnectionConfig {
  pickupDir: string;
  archiveDir: string;
  errorDir: string;
  include: string;
  ignore: string;
  partialFileCheck: PartialFileCheck;
  pollIntervalMs: number;
  encoding: PollerSettings['encoding'];
  maxFileBytes: number;
  maxFilesPerPoll: number;
  ackTimeoutMs: number;
}

const DELIVERED_NAMESPACE = 'sftp-in-delivered';

export const sftpInNode = defineNode<SftpInConfig>({
  type: 'tl-sftp-in',
  category: 'transport',
  label: 'sftp in',
  summary: 'Polls a partner\'s SFTP folder; sends each complete file on, then archives it, or moves it to the error folder when its path fails.',
  color: '#E2D96E',
  icon: 'font-awesome/fa-download',
  inputs: 0,
  sideEffects: 'external',
  outputs: [{ label: 'file' }],
  configSchema: {
    type: 'object',
    properties: {
      ...sftpConnectionProperties,
      pickupDir: { type: 'string', minLength: 1, maxLength: 1024, title: 'Pick-up folder', description: 'Where the partner puts files for us, e.g. /outbound.' },
      archiveDir: { type: 'string', default: '', maxLength: 1024, title: 'Archive folder', description: 'Empty: <pick-up folder>/archive. Files whose path completed are moved here.' },
      errorDir: { type: 'string', default: '', maxLength: 1024, title: 'Error folder', description: 'Empty: <pick-up folder>/error. Files whose path failed, or that are too large, are moved here.' },
      include: { type: 'string', default: '.*', maxLength: 256, title: 'File names (regular expression)', description: 'Only matching names are taken, e.g. \\.(edi|x12)$.' },
      ignore: { type: 'string', default: '^\\.|\\.(part|tmp|filepart)$', maxLength: 256, title: 'Ignore (regular expression)', description: 'Names still being uploaded; never taken. Empty: ignore nothing.' },
      partialFileCheck: { enum: ['size-stable', 'none'], default: 'size-stable', title: 'Partial-file protection', description: 'size-stable: take a file once two polls saw the same size and time. none: the partner uploads under an ignored name and renames when done.' },
      pollIntervalMs: { type: 'integer', minimum: 1000, maximum: 86_400_000, default: 30_000, title: 'Poll every (ms)' },
      encoding: { enum: ['utf8', 'latin1', 'buffer'], default: 'utf8', title: 'Payload encoding', description: 'latin1 for ISO-8859-1 EDI (EDIFACT UNOC); buffer passes the bytes as they are.' },
      maxFileBytes: { type: 'integer', minimum: 1, maximum: 1_073_741_824, default: 52_428_800, title: 'Largest file (bytes)', description: 'Larger files are not read: they go to the error folder, recorded as refused.' },
      maxFilesPerPoll: { type: 'integer', minimum: 1, maximum: 10_000, default: 100, title: 'Files per poll', description: 'At most this many files are taken per poll; the rest wait for the next one.' },
      ackTimeoutMs: { type: 'integer', minimum: 100, maximum: 86_400_000, default: 120_000, title: 'Path timeout (ms)', description: 'A file whose downstream path has not completed by then counts as failed.' },
    },
    required: [...sftpConnectionRequired, 'pickupDir'],
    additionalProperties: false,
  },
  credentialsSchema: sftpCredentialsSchema,
  docs: `Picks up a partner's files from **their** SFTP server.

Every **pollIntervalMs** the node connects, lists the **pick-up folder** and takes each ready file, oldest first:

1. The file is read and sent on the output as \`msg.payload\` (text in **encoding**, or a Buffer), with \`msg.filename\`,
   \`msg.sftp\` \`{host, path, size, mtime, fileId}\`, \`msg.partnerId\` and \`msg.ledgerId\`.
2. When **every branch** of its downstream path has completed (put a \`tl-queue\` right after it, and the path completes
   as soon as the file is stored), the file is moved to the **archive folder**.
3. When the path fails or times out, the file is moved to the **error folder**, and its ledger document is \`failed\`
   with the error. A file larger than **maxFileBytes** is not read and goes to the error folder as \`refused\`.

A name already present in the archive or error folder gets the move's UTC time appended (\`ORDERS.edi.20261203T101500Z\`).
The folders must exist; the node never deletes a file.

**Partial files.** Names matching **ignore** (by default dot-files and \`.part\`, \`.tmp\`, \`.filepart\`) are never taken.
With **partialFileCheck** \`size-stable\` (the default), a file is taken only once two polls in a row saw the same size and
modification time, so a file still being uploaded waits for the next poll.

**Restarts.** A file whose path completed is remembered (by name, size and time) until it is archived, so a stop or
\`kill -9\` between the two does not send it again: the next poll only archives it. A file whose path had not completed
when the runtime stopped is sent again (at least once), with the same \`msg.sftp.fileId\`: deduplicate on it with
\`tl-idempotency\` where a second delivery would matter.

Every file is a document in the ledger (channel \`file\`); an EDI parse node after it turns that document into the interchange.
${sftpConnectionDocs}`,
  origin: 'tradelane',
  create(ctx, config) {
    const selector = new PickupSelector({
      include: namePattern(config.include, 'include'),
      ignore: config.ignore ? namePattern(config.ignore, 'ignore') : undefined,
      partialFileCheck: config.partialFileCheck,
    });
    const poller = new SftpPoller(ctx, sftpLogin(ctx, config), {
      pickupDir: config.pickupDir,
      archiveDir: config.archiveDir || remotePath(config.pickupDir, 'archive'),
      errorDir: config.errorDir || remotePath(config.pickupDir, 'error'),
      encoding: config.encoding, maxFileBytes: config.maxFileBytes, maxFilesPerPoll: config.maxFilesPerPoll, ackTimeoutMs: config.ackTimeoutMs, partnerId: config.partnerId,
    }, selector, ctx.services.keyValue(`${DELIVERED_NAMESPACE}:${ctx.nodeId}`));
    const loop = new PollLoop(ctx, () => poller.poll(), config.pollIntervalMs);
    loop.start();
    return { onClose: () => loop.stop() };
  },
});
