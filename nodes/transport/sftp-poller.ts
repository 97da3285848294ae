// The SFTP pick-up loop: list the pick-up folder, take each ready file downstream, then archive it (or move it to the error folder).
import { randomUUID } from 'node:crypto';
import { LEDGER_ID_PROPERTY, type KeyValueStore, type NodeContext, type TradelaneMessage } from '../sdk/index.js';
import { fileIdentity, type PickupSelector } from './file-pickup.js';
import { remotePath, SftpSession, type RemoteFile, type SftpCredentials, type SftpEndpoint } from './sftp-client.js';

export interface PollerSettings {
  pickupDir: string;
  archiveDir: string;
  errorDir: string;
  encoding: 'utf8' | 'latin1' | 'buffer';
  maxFileBytes: number;
  maxFilesPerPoll: number;
  ackTimeoutMs: number;
  partnerId: string;
}

/** Downstream finished with this file; kept until the file is archived, so a restart in between does not deliver it again. */
const DELIVERED = 'delivered';
const DELIVERED_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export interface PollSummary {
  taken: number;
  failed: number;
}

export class SftpPoller {
  constructor(
    private readonly ctx: NodeContext,
    private readonly login: { endpoint: SftpEndpoint; credentials: SftpCredentials },
    private readonly settings: PollerSettings,
    private readonly selector: PickupSelector,
    private readonly delivered: KeyValueStore,
  ) {}

  /** One poll: a fresh session, every ready file in turn, then the session is closed. */
  async poll(): Promise<PollSummary> {
    const session = await SftpSession.open(this.login.endpoint, this.login.credentials);
    const summary: PollSummary = { taken: 0, failed: 0 };
    try {
      const ready = this.selector.ready(await session.list(this.settings.pickupDir)).slice(0, this.settings.maxFilesPerPoll);
      for (const file of ready) {
        const ok = await this.take(session, file);
        this.selector.taken(file);
        if (ok) summary.taken++;
        else summary.failed++;
      }
    } finally {
      session.close();
    }
    return summary;
  }

  /** Delivers one file unless a run before a restart already did, then files it away; true when it was archived. */
  private async take(session: SftpSession, file: RemoteFile): Promise<boolean> {
    const identity = fileIdentity(file);
    const path = remotePath(this.settings.pickupDir, file.name);
    if ((await this.delivered.get(identity)) !== DELIVERED) {
      const failure = await this.deliver(session, file, path);
      if (failure) {
        await this.fileAway(session, file, this.settings.errorDir);
        this.ctx.log.warn(`${path} moved to ${this.settings.errorDir}: ${failure}`, { file: file.name });
        return false;
      }
      await this.delivered.set(identity, DELIVERED, { ttlMs: DELIVERED_TTL_MS });
    }
    await this.fileAway(session, file, this.settings.archiveDir);
    await this.delivered.delete(identity);
    return true;
  }

  /** Reads the file and sends it downstream; resolves with why it failed, or undefined once every branch completed. */
  private async deliver(session: SftpSession, file: RemoteFile, path: string): Promise<string | undefined> {
    const correlationId = randomUUID();
    const ledger = this.ctx.services.ledger;
    const base = {
      direction: 'in' as const, channel: 'file' as const, documentType: 'file', correlationId, flowId: this.ctx.flowId, nodeId: this.ctx.nodeId,
      sizeBytes: file.size, facts: { path, transport: 'sftp', host: this.login.endpoint.host },
      ...(this.settings.partnerId ? { partnerId: this.settings.partnerId } : {}),
    };
    if (file.size > this.settings.maxFileBytes) {
      const message = `the file has ${file.size} bytes, more than the ${this.settings.maxFileBytes} allowed (maxFileBytes)`;
      ledger.record({ ...base, status: 'refused', errors: [{ path, message }] });
      return message;
    }
    const content = await session.read(path);
    const payload = this.settings.encoding === 'buffer' ? content : content.toString(this.settings.encoding);
    const documentId = ledger.record({ ...base, status: 'received', raw: this.settings.encoding === 'buffer' ? content.toString('latin1') : payload });
    const msg = {
      payload, correlationId, filename: file.name, [LEDGER_ID_PROPERTY]: documentId,
      sftp: { host: this.login.endpoint.host, path, size: file.size, mtime: file.mtime, fileId: fileIdentity(file) },
      ...(this.settings.partnerId ? { partnerId: this.settings.partnerId } : {}),
    } as TradelaneMessage;
    const outcome = await this.ctx.services.deliveries.dispatch(msg, (sent) => this.ctx.send(sent), { timeoutMs: this.settings.ackTimeoutMs });
    if (outcome.ok) {
      ledger.update({ documentId }, { status: 'accepted' });
      return undefined;
    }
    const { code, message, nodeId } = outcome.failure;
    ledger.update({ documentId }, { status: 'failed', errors: [{ path, message, code, nodeId }] });
    return `${code} at node ${nodeId}: ${message}`;
  }

  /** Moves a file into a folder; when a file of that name is already there, the time of the move is added to the name. */
  private async fileAway(session: SftpSession, file: RemoteFile, directory: string): Promise<void> {
    const from = remotePath(this.settings.pickupDir, file.name);
    const target = remotePath(directory, file.name);
    if (!(await session.exists(target))) {
      await session.rename(from, target);
      return;
    }
    const stamp = new Date(this.ctx.services.clock.now()).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    await session.rename(from, remotePath(directory, `${file.name}.${stamp}`));
  }
}
