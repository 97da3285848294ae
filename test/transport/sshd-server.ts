// Starts a throwaway OpenSSH server (Debian's sshd, 127.0.0.1, free port, fresh host key, key-only login) for the SFTP tests; stopped by PID.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { freePort } from '../support/free-port.js';

export const SSHD = process.env.SSHD_BIN ?? '/usr/sbin/sshd';

export interface SshdProcess {
  port: number;
  username: string;
  /** The client's private key (OpenSSH format), authorised on this server. */
  privateKey: string;
  /** The host key's fingerprint as `ssh-keygen -lf` prints it. */
  hostKeySha256: string;
  /** A local directory the tests use as the remote file system (SFTP paths are absolute, so they name it too). */
  root: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

function keyPair(file: string): void {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file], { stdio: 'pipe' });
}

function fingerprint(publicKeyFile: string): string {
  const line = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', publicKeyFile], { encoding: 'utf8' });
  const match = /SHA256:[A-Za-z0-9+/]{43}/.exec(line);
  if (!match) throw new Error(`no fingerprint in: ${line}`);
  return match[0];
}

async function listening(port: number, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => { socket.destroy(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`sshd did not listen on ${port}`);
}

export async function startSshd(): Promise<SshdProcess> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tradelane-sshd-'));
  const root = path.join(dir, 'files');
  mkdirSync(root);
  keyPair(path.join(dir, 'host_key'));
  keyPair(path.join(dir, 'client_key'));
  writeFileSync(path.join(dir, 'authorized_keys'), readFileSync(path.join(dir, 'client_key.pub')));
  const port = await freePort();
  const config = [
    `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${path.join(dir, 'host_key')}`, `PidFile ${path.join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`, 'PasswordAuthentication no', 'KbdInteractiveAuthentication no',
    'PermitRootLogin prohibit-password', 'StrictModes no', 'UsePAM no', 'Subsystem sftp internal-sftp', 'LogLevel ERROR',
  ];
  writeFileSync(path.join(dir, 'sshd_config'), `${config.join('\n')}\n`);
  // sshd's privilege separation needs its empty directory (created by the service on a normal install).
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const child = spawn(SSHD, ['-D', '-e', '-f', path.join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await Promise.race([
    listening(port, Date.now() + 15_000),
    exited.then(() => { throw new Error(`sshd exited before it listened:\n${output}`); }),
  ]);
  return {
    port,
    username: userInfo().username,
    privateKey: readFileSync(path.join(dir, 'client_key'), 'utf8'),
    hostKeySha256: fingerprint(path.join(dir, 'host_key.pub')),
    root,
    child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
