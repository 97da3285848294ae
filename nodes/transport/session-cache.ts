// Keeps one SFTP session open between sends and closes it when idle; a broken session is dropped and the next send reconnects.
import { SftpSession, type SftpCredentials, type SftpEndpoint } from './sftp-client.js';

export class SessionCache {
  private session: Promise<SftpSession> | undefined;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(private readonly login: { endpoint: SftpEndpoint; credentials: SftpCredentials }, private readonly idleMs: number) {}

  /** Runs work on the shared session; on a failure the session is closed, so a half-broken connection is never reused. */
  async use<T>(work: (session: SftpSession) => Promise<T>): Promise<T> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.session ??= SftpSession.open(this.login.endpoint, this.login.credentials);
    const opening = this.session;
    try {
      const result = await work(await opening);
      this.closeWhenIdle();
      return result;
    } catch (error) {
      if (this.session === opening) this.close();
      throw error;
    }
  }

  close(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const session = this.session;
    this.session = undefined;
    void session?.then((open) => open.close(), () => undefined);
  }

  private closeWhenIdle(): void {
    this.idleTimer = setTimeout(() => this.close(), this.idleMs);
    this.idleTimer.unref();
  }
}
