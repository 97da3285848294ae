// Helpers for the account and audit security tests: users, logins, socket.io connections and audit queries against a real runtime.
import { io, type Socket } from 'socket.io-client';
import type { RuntimeProcess } from '../support/runtime-process.js';

export interface AuditEntry {
  actor: string;
  action: string;
  target: string;
  ip?: string;
  outcome: 'ok' | 'denied' | 'failed';
  status?: number;
  details: Record<string, unknown>;
}

export async function createUser(runtime: RuntimeProcess, adminToken: string, username: string, role: string, password = `${username}-password`): Promise<string> {
  const created = await runtime.api('POST', '/api/users', { username, password, role }, adminToken);
  if (created.status !== 201) throw new Error(`creating ${username}: ${created.status} ${JSON.stringify(created.body)}`);
  return runtime.login(username, password);
}

export async function statusWith(runtime: RuntimeProcess, token: string, route = '/api/auth/me'): Promise<number> {
  return (await runtime.api('GET', route, undefined, token)).status;
}

export async function auditEntries(runtime: RuntimeProcess, token: string, query: Record<string, string>): Promise<AuditEntry[]> {
  const response = await runtime.api<{ entries: AuditEntry[] }>('GET', `/api/audit?${new URLSearchParams(query).toString()}`, undefined, token);
  if (response.status !== 200) throw new Error(`audit: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.entries;
}

/** Connects to the live events; resolves once connected, rejects with the server's refusal. */
export function connectLive(runtime: RuntimeProcess, token: string): Promise<Socket> {
  const socket = io(runtime.url, { auth: { token }, transports: ['websocket'], reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => { socket.close(); reject(error); });
  });
}

/** Resolves with the disconnect reason, or "still connected" after the timeout. */
export function disconnection(socket: Socket, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('still connected'), timeoutMs);
    socket.once('disconnect', (reason) => { clearTimeout(timer); resolve(reason); });
  });
}
