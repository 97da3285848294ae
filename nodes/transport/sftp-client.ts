// A small promise API over one ssh2 SFTP session: connect with a pinned host key, then list, read, write, rename and remove.
import { createHash } from 'node:crypto';
import { Client, type SFTPWrapper } from 'ssh2';
import { NodeError } from '../sdk/index.js';

/** Where the partner's SSH server is and how it proves its identity. */
export interface SftpEndpoint {
  host: string;
  port: number;
  username: string;
  /** OpenSSH fingerprint of the server's host key, `SHA256:` + 43 base64 characters (`ssh-keygen -lf`). */
  hostKeySha256: string;
  timeoutMs: number;
}

/** Decrypted credentials: a private key (with its passphrase, if any) or a password. */
export interface SftpCredentials {
  privateKey?: string | undefined;
  passphrase?: string | undefined;
  password?: string | undefined;
}

export interface RemoteFile {
  name: string;
  size: number;
  /** Modification time, epoch seconds (what SFTP reports). */
  mtime: number;
}

/** The fingerprint OpenSSH prints for a host key: SHA-256 of the key blob, base64 without padding. */
export function hostKeyFingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** Joins a remote directory and a file name with '/', whatever the local platform. */
export function remotePath(directory: string, name: string): string {
  return `${directory.replace(/\/+$/, '') || '/'}/${name}`.replace(/^\/\//, '/');
}

function sftpFailure(operation: string, path: string, error: unknown): NodeError {
  const message = error instanceof Error ? error.message : String(error);
  // ssh2 reports SFTP status codes as numbers: 2 no such file, 3 permission denied, 4 failure (e.g. the target exists).
  const status = (error as { code?: unknown } | undefined)?.code;
  return new NodeError('SFTP_FAILED', `sftp ${operation} ${path}: ${message}`, { retryable: status !== 3, cause: error, details: [{ path, message }] });
}

export class SftpSession {
  private constructor(private readonly client: Client, private readonly sftp: SFTPWrapper) {}

  /** Connects and opens the SFTP subsystem; a host key other than the pinned one is refused before any credential is sent. */
  static async open(endpoint: SftpEndpoint, credentials: SftpCredentials): Promise<SftpSession> {
    const client = new Client();
    let presented: string | undefined;
    const ready = new Promise<void>((resolve, reject) => {
      client.once('ready', resolve);
      client.once('error', reject);
    });
    client.connect({
      host: endpoint.host,
      port: endpoint.port,
      username: endpoint.username,
      readyTimeout: endpoint.timeoutMs,
      ...(credentials.privateKey ? { privateKey: credentials.privateKey } : {}),
      ...(credentials.passphrase ? { passphrase: credentials.passphrase } : {}),
      ...(credentials.password ? { password: credentials.password } : {}),
      hostVerifier: (key: Buffer) => {
        presented = hostKeyFingerprint(key);
        return presented === endpoint.hostKeySha256;
      },
    });
    try {
      await ready;
    } catch (error) {
      client.end();
      throw connectFailure(endpoint, presented, error);
    }
    const sftp = await new Promise<SFTPWrapper>((resolve, reject) => client.sftp((error, wrapper) => (error ? reject(error) : resolve(wrapper))))
      .catch((error: unknown) => { client.end(); throw sftpFailure('open', '(subsystem)', error); });
    return new SftpSession(client, sftp);
  }

  /** Regular files in a directory (no directories, links or devices). */
  async list(directory: string): Promise<RemoteFile[]> {
    const entries = await this.call<Array<{ filename: string; attrs: { size: number; mtime: number; isFile(): boolean } }>>('list', directory, (done) => this.sftp.readdir(directory, done));
    return entries.filter((entry) => entry.attrs.isFile()).map((entry) => ({ name: entry.filename, size: entry.attrs.size, mtime: entry.attrs.mtime }));
  }

  async read(path: string): Promise<Buffer> {
    return this.call<Buffer>('read', path, (done) => this.sftp.readFile(path, done));
  }

  async write(path: string, data: Buffer): Promise<void> {
    await this.call('write', path, (done) => this.sftp.writeFile(path, data, done));
  }

  /** Renames on the server; SFTP refuses when the target exists, so a rename never overwrites. */
  async rename(from: string, to: string): Promise<void> {
    await this.call('rename', `${from} -> ${to}`, (done) => this.sftp.rename(from, to, done));
  }

  async remove(path: string): Promise<void> {
    await this.call('remove', path, (done) => this.sftp.unlink(path, done));
  }

  async exists(path: string): Promise<boolean> {
    try {
      await this.call('stat', path, (done) => this.sftp.stat(path, done));
      return true;
    } catch (error) {
      if (((error as NodeError).cause as { code?: unknown } | undefined)?.code === 2) return false;
      throw error;
    }
  }

  close(): void {
    this.client.end();
  }

  private call<T>(operation: string, path: string, run: (done: (error: Error | null | undefined, value?: T) => void) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      run((error, value) => (error ? reject(sftpFailure(operation, path, error)) : resolve(value as T)));
    });
  }
}

function connectFailure(endpoint: SftpEndpoint, presented: string | undefined, error: unknown): NodeError {
  const where = `${endpoint.username}@${endpoint.host}:${endpoint.port}`;
  if (presented !== undefined && presented !== endpoint.hostKeySha256) {
    return new NodeError('SFTP_HOST_KEY_MISMATCH', `${where} presented host key ${presented}, not the pinned ${endpoint.hostKeySha256}; nothing was sent`, {
      retryable: false, details: [{ path: 'hostKeySha256', message: `the server presented ${presented}` }],
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  const authentication = /authentication/i.test(message);
  return new NodeError(authentication ? 'SFTP_AUTH_FAILED' : 'SFTP_CONNECT_FAILED', `could not connect to ${where}: ${message}`, {
    retryable: !authentication, cause: error, details: [{ path: authentication ? 'credentials' : 'host', message }],
  });
}
