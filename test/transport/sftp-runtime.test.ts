// SFTP in a real runtime against a real OpenSSH server: a deployed flow picks a partner's file up and pushes it on, the ledger links both, the key stays sealed, and a kill -9 loses nothing.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, tempDataDir, type RuntimeProcess } from '../support/runtime-process.js';
import { startSshd, type SshdProcess } from './sshd-server.js';
import { waitFor } from '../support/wait-for.js';

interface LedgerDocument { id: string; direction: string; channel: string; status: string; parentId?: string; partnerId?: string; correlationId: string }

const FLOW_ID = 'sftp-relay';
let sshd: SshdProcess;
let runtime: RuntimeProcess;
let token: string;
const dataDir = tempDataDir('tradelane-sftp-');

const inbox = () => path.join(sshd.root, 'partner-out');
const outbox = () => path.join(sshd.root, 'partner-in');
const names = (directory: string) => readdirSync(directory, { withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => entry.name).sort();

function relayFlow(): Array<Record<string, unknown>> {
  const connection = { host: '127.0.0.1', port: sshd.port, username: sshd.username, hostKeySha256: sshd.hostKeySha256, partnerId: 'sftp-partner' };
  return [
    { id: FLOW_ID, type: 'tab', label: 'SFTP relay' },
    { id: 'pick', type: 'tl-sftp-in', z: FLOW_ID, x: 120, y: 100, ...connection, pickupDir: inbox(), pollIntervalMs: 1000, partialFileCheck: 'none', credentials: { privateKey: sshd.privateKey }, wires: [['push']] },
    { id: 'push', type: 'tl-sftp-out', z: FLOW_ID, x: 360, y: 100, ...connection, remoteDir: outbox(), credentials: { privateKey: sshd.privateKey }, wires: [[]] },
  ];
}

async function documents(query: string): Promise<LedgerDocument[]> {
  return (await runtime.api<{ documents: LedgerDocument[] }>('GET', `/api/documents?${query}`, undefined, token)).body.documents;
}

beforeAll(async () => {
  sshd = await startSshd();
  for (const directory of [inbox(), path.join(inbox(), 'archive'), path.join(inbox(), 'error'), outbox()]) mkdirSync(directory, { recursive: true });
  runtime = await startRuntime({ dataDir, args: ['--no-demo'] });
  token = await runtime.login();
  const deployed = await runtime.api('PUT', `/api/flows/${FLOW_ID}`, { flow: relayFlow(), message: 'SFTP relay' }, token);
  expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
}, 60_000);

afterAll(async () => {
  await runtime?.stop();
  await sshd?.stop();
});

describe('SFTP in a deployed flow', () => {
  it('picks the partner\'s file up, pushes it on whole, archives it, and the ledger links the two documents', async () => {
    writeFileSync(path.join(inbox(), 'ORDERS-1.edi'), 'ISA*00*ORDERS-1~');
    await waitFor(async () => names(path.join(inbox(), 'archive')), (archived) => archived.includes('ORDERS-1.edi'), 20_000, 'the file archived');
    expect(names(outbox())).toEqual(['ORDERS-1.edi']);
    expect(readFileSync(path.join(outbox(), 'ORDERS-1.edi'), 'utf8')).toBe('ISA*00*ORDERS-1~');
    expect(names(inbox())).toEqual([]);
    const [received] = await documents('channel=file&direction=in');
    expect(received).toMatchObject({ status: 'accepted', partnerId: 'sftp-partner' });
    const [sent] = await documents(`channel=file&direction=out&correlationId=${received!.correlationId}`);
    expect(sent).toMatchObject({ status: 'sent', parentId: received!.id });
  });

  it('never returns the private key, and keeps it sealed on disk', async () => {
    const flow = await runtime.api<{ flow: Array<{ id: string; credentials?: unknown }> }>('GET', `/api/flows/${FLOW_ID}`, undefined, token);
    expect(flow.body.flow.find((node) => node.id === 'pick')?.credentials).toEqual({ privateKey: { set: true } });
    expect(JSON.stringify(flow.body)).not.toContain('OPENSSH PRIVATE KEY');
    const keyLine = sshd.privateKey.split('\n')[1]!;
    const leaking = readdirSync(dataDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.join(entry.parentPath, entry.name))
      .filter((file) => readFileSync(file).includes(keyLine));
    expect(leaking).toEqual([]);
  });

  it('after a kill -9, the restarted runtime takes the files that arrived meanwhile, each once', async () => {
    await runtime.kill();
    for (const name of ['ORDERS-2.edi', 'ORDERS-3.edi']) writeFileSync(path.join(inbox(), name), `ISA*00*${name}~`);
    runtime = await startRuntime({ dataDir, args: ['--no-demo'] });
    token = await runtime.login();
    await waitFor(async () => names(outbox()), (pushed) => pushed.length === 3, 30_000, 'both files pushed after the restart');
    expect(names(path.join(inbox(), 'archive'))).toEqual(['ORDERS-1.edi', 'ORDERS-2.edi', 'ORDERS-3.edi']);
    await waitFor(async () => documents('channel=file&direction=out'), (sent) => sent.length === 3, 10_000, 'three sends in the ledger');
  });
});
