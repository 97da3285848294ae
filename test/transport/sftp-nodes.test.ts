// tl-sftp-in and tl-sftp-out against a real OpenSSH server: pick-up/archive/error folders, partial files, restarts, pinned host keys.
import { existsSync, mkdirSync, readdirSync, readFileSync, appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createNodeHarness, type NodeHarness, type KeyValueStore } from '../../nodes/sdk/index.js';
import { sftpInNode, sftpOutNode } from '../../nodes/transport/index.js';
import { startSshd, type SshdProcess } from './sshd-server.js';
import { waitFor } from '../support/wait-for.js';

let sshd: SshdProcess;
let folder: string;
let harnesses: NodeHarness[] = [];
let runs = 0;

beforeAll(async () => { sshd = await startSshd(); });
afterAll(async () => { await sshd?.stop(); });
beforeEach(() => {
  folder = path.join(sshd.root, `run-${++runs}`);
  for (const name of ['', 'archive', 'error']) mkdirSync(path.join(folder, name), { recursive: true });
});
afterEach(async () => {
  await Promise.all(harnesses.map((harness) => harness.close()));
  harnesses = [];
});

/** The regular files in a folder of this run, sorted. */
const files = (name = '') => readdirSync(path.join(folder, name), { withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => entry.name).sort();
const connection = () => ({ host: '127.0.0.1', port: sshd.port, username: sshd.username, hostKeySha256: sshd.hostKeySha256 });

async function pickup(properties: Record<string, unknown> = {}, keyValue?: (namespace: string) => KeyValueStore): Promise<NodeHarness> {
  const harness = await createNodeHarness(sftpInNode, { ...connection(), pickupDir: folder, pollIntervalMs: 1000, partialFileCheck: 'none', partnerId: 'acme', ...properties }, {
    credentials: { privateKey: sshd.privateKey },
    ...(keyValue ? { services: { keyValue } } : {}),
  });
  harnesses.push(harness);
  return harness;
}

describe('tl-sftp-in', () => {
  test('sends a complete file on with its name and place, records it, and archives it once its path completed', async () => {
    writeFileSync(path.join(folder, 'ORDERS-1.edi'), 'ISA*00*...~');
    const harness = await pickup();
    await waitFor(async () => files('archive'), (archived) => archived.length === 1, 10_000, 'the file archived');
    expect(files()).toEqual([]);
    const [msg] = harness.emitted[0]!;
    expect(msg).toMatchObject({ payload: 'ISA*00*...~', filename: 'ORDERS-1.edi', partnerId: 'acme', sftp: { host: '127.0.0.1', path: `${folder}/ORDERS-1.edi`, size: 11 } });
    const document = harness.services.ledger.documents.get(msg!.ledgerId as string)!;
    expect(document).toMatchObject({ direction: 'in', channel: 'file', status: 'accepted', partnerId: 'acme', raw: 'ISA*00*...~', facts: { path: `${folder}/ORDERS-1.edi`, transport: 'sftp' } });
    expect(readFileSync(path.join(folder, 'archive', 'ORDERS-1.edi'), 'utf8')).toBe('ISA*00*...~');
    expect(harness.emitted[0]).toHaveLength(1);
  });

  test('leaves a file alone while it grows and never takes names still being uploaded', async () => {
    const growing = path.join(folder, 'INVOIC.edi');
    writeFileSync(growing, 'UNB+');
    writeFileSync(path.join(folder, 'ASN.edi.part'), 'half');
    writeFileSync(path.join(folder, '.hidden'), 'x');
    const harness = await pickup({ partialFileCheck: 'size-stable' });
    await waitFor(async () => harness.statuses.length, (polls) => polls >= 1, 10_000, 'a first poll');
    appendFileSync(growing, 'UNOC:3');
    await waitFor(async () => harness.statuses.length, (polls) => polls >= 2, 10_000, 'a second poll');
    // The second poll saw another size than the first: not taken yet.
    expect(harness.emitted[0]).toEqual([]);
    await waitFor(async () => harness.emitted[0]!.length, (sent) => sent === 1, 10_000, 'the file sent once stable');
    expect(harness.emitted[0]![0]!.payload).toBe('UNB+UNOC:3');
    await waitFor(async () => files('archive'), (archived) => archived.length === 1, 10_000, 'the file archived');
    expect(files()).toEqual(['.hidden', 'ASN.edi.part']);
  });

  test('moves a file whose path failed to the error folder, with the failure in the ledger', async () => {
    writeFileSync(path.join(folder, 'bad.edi'), 'not edi');
    const harness = await pickup({}, undefined);
    harness.services.deliveries.decide = () => ({ ok: false, failure: { code: 'EDI_PARSE_FAILED', message: 'no ISA segment', retryable: false, nodeId: 'parse-1', nodeType: 'tl-edi-parse', at: new Date().toISOString() } });
    await waitFor(async () => files('error'), (failed) => failed.length === 1, 10_000, 'the file in the error folder');
    expect(files('archive')).toEqual([]);
    const [document] = harness.services.ledger.all();
    expect(document).toMatchObject({ status: 'failed', errors: [{ path: `${folder}/bad.edi`, code: 'EDI_PARSE_FAILED', message: 'no ISA segment', nodeId: 'parse-1' }] });
    expect(harness.statuses.at(-1)).toMatchObject({ fill: 'yellow', text: expect.stringContaining('1 to the error folder') });
  });

  test('a file whose path completed before a stop is archived after the restart, not sent again', async () => {
    // The archive folder is missing, so the file cannot be filed away after its path completed: the runtime "stops" there.
    const archive = path.join(folder, 'archive-later');
    writeFileSync(path.join(folder, 'DESADV.edi'), 'UNA:+.? \'');
    const first = await pickup({ archiveDir: archive });
    await waitFor(async () => first.statuses.at(-1), (status) => status?.fill === 'red', 10_000, 'the failed archive move');
    expect(first.emitted[0]).toHaveLength(1);
    expect(files()).toEqual(['DESADV.edi']);
    await first.close();
    harnesses = harnesses.filter((harness) => harness !== first);

    mkdirSync(archive);
    const second = await pickup({ archiveDir: archive }, (namespace) => first.services.keyValue(namespace));
    await waitFor(async () => readdirSync(archive), (archived) => archived.length === 1, 10_000, 'the file archived after the restart');
    expect(second.emitted[0]).toEqual([]);
    expect(files()).toEqual([]);
  });

  test('a file too large is not read: it goes to the error folder, recorded as refused', async () => {
    writeFileSync(path.join(folder, 'huge.edi'), 'x'.repeat(2000));
    const harness = await pickup({ maxFileBytes: 1000 });
    await waitFor(async () => files('error'), (failed) => failed.length === 1, 10_000, 'the file in the error folder');
    expect(harness.emitted[0]).toEqual([]);
    expect(harness.services.ledger.all()[0]).toMatchObject({ status: 'refused', sizeBytes: 2000, errors: [{ message: expect.stringContaining('more than the 1000 allowed') }] });
  });

  test('a file name already in the archive keeps both files', async () => {
    writeFileSync(path.join(folder, 'archive', 'ORDERS.edi'), 'yesterday');
    writeFileSync(path.join(folder, 'ORDERS.edi'), 'today');
    await pickup();
    await waitFor(async () => files('archive'), (archived) => archived.length === 2, 10_000, 'both files in the archive');
    const renamed = files('archive').find((name) => name !== 'ORDERS.edi')!;
    expect(renamed).toMatch(/^ORDERS\.edi\.\d{8}T\d{6}Z$/);
    expect(readFileSync(path.join(folder, 'archive', renamed), 'utf8')).toBe('today');
    expect(readFileSync(path.join(folder, 'archive', 'ORDERS.edi'), 'utf8')).toBe('yesterday');
  });

  test('a server presenting another host key is refused before logging in, and nothing is touched', async () => {
    writeFileSync(path.join(folder, 'ORDERS.edi'), 'x');
    const harness = await pickup({ hostKeySha256: `SHA256:${'A'.repeat(43)}` });
    await waitFor(async () => harness.statuses.at(-1), (status) => status?.fill === 'red', 10_000, 'the refused connection');
    expect(harness.statuses.at(-1)!.text).toContain(`presented host key ${sshd.hostKeySha256}`);
    expect(harness.emitted[0]).toEqual([]);
    expect(files()).toEqual(['ORDERS.edi']);
  });

  test('a node with no credential, a bad fingerprint or a bad pattern is refused at start with the field named', async () => {
    await expect(createNodeHarness(sftpInNode, { ...connection(), pickupDir: folder })).rejects.toMatchObject({ code: 'INVALID_CONFIG', details: [{ path: 'credentials.privateKey' }] });
    await expect(createNodeHarness(sftpInNode, { ...connection(), hostKeySha256: 'ab:cd', pickupDir: folder }, { credentials: { privateKey: sshd.privateKey } }))
      .rejects.toMatchObject({ code: 'INVALID_CONFIG', details: [expect.objectContaining({ path: '$.hostKeySha256' })] });
    await expect(createNodeHarness(sftpInNode, { ...connection(), pickupDir: folder, include: '(' }, { credentials: { privateKey: sshd.privateKey } }))
      .rejects.toMatchObject({ code: 'INVALID_CONFIG', details: [{ path: 'include' }] });
  });
});

describe('tl-sftp-out', () => {
  async function push(properties: Record<string, unknown> = {}): Promise<NodeHarness> {
    const harness = await createNodeHarness(sftpOutNode, { ...connection(), remoteDir: folder, partnerId: 'acme', ...properties }, { credentials: { privateKey: sshd.privateKey } });
    harnesses.push(harness);
    return harness;
  }

  test('writes the whole file under its name, leaves no partial file, and records it under its document', async () => {
    const harness = await push({ filename: 'PO-{correlationId}.edi' });
    const result = await harness.send({ payload: 'ISA*00~', correlationId: 'c-1', ledgerId: 'doc-parent', documentType: 'purchaseOrder' });
    expect(result.error).toBeUndefined();
    expect(result.outputs[0]![0]!.sftp).toEqual({ host: '127.0.0.1', path: `${folder}/PO-c-1.edi`, size: 7 });
    expect(files()).toEqual(['PO-c-1.edi']);
    expect(readFileSync(path.join(folder, 'PO-c-1.edi'), 'utf8')).toBe('ISA*00~');
    expect(harness.services.ledger.all()).toEqual([expect.objectContaining({ direction: 'out', channel: 'file', documentType: 'purchaseOrder', status: 'sent', parentId: 'doc-parent', partnerId: 'acme', raw: 'ISA*00~' })]);
  });

  test('never overwrites a file already there: a located, non-retryable error, the file unchanged, the send recorded failed', async () => {
    writeFileSync(path.join(folder, 'ORDERS.edi'), 'theirs');
    const harness = await push();
    const result = await harness.send({ payload: 'ours', filename: 'ORDERS.edi' });
    expect(result.error).toMatchObject({ code: 'SFTP_FILE_EXISTS', retryable: false, details: [{ path: `${folder}/ORDERS.edi` }] });
    expect(readFileSync(path.join(folder, 'ORDERS.edi'), 'utf8')).toBe('theirs');
    expect(files()).toEqual(['ORDERS.edi']);
    expect(harness.services.ledger.all()[0]).toMatchObject({ status: 'failed', errors: [{ code: 'SFTP_FILE_EXISTS' }] });
  });

  test('a name with a slash and an empty payload are refused before connecting; several sends share one connection', async () => {
    const harness = await push();
    expect((await harness.send({ payload: 'x', filename: '../escape.edi' })).error).toMatchObject({ code: 'SFTP_BAD_FILENAME', details: [{ path: 'msg.filename' }] });
    expect((await harness.send({ payload: undefined, filename: 'a.edi' })).error).toMatchObject({ code: 'SFTP_NO_CONTENT' });
    for (const name of ['1.edi', '2.edi', '3.edi']) expect((await harness.send({ payload: { name }, filename: name })).error).toBeUndefined();
    expect(files()).toEqual(['1.edi', '2.edi', '3.edi']);
    expect(JSON.parse(readFileSync(path.join(folder, '2.edi'), 'utf8'))).toEqual({ name: '2.edi' });
    expect(existsSync(path.join(path.dirname(folder), 'escape.edi'))).toBe(false);
  });

  test('a server that is down is a retryable connect error naming the server', async () => {
    const harness = await createNodeHarness(sftpOutNode, { ...connection(), port: 1, remoteDir: folder, timeoutMs: 2000 }, { credentials: { privateKey: sshd.privateKey } });
    harnesses.push(harness);
    const result = await harness.send({ payload: 'x', filename: 'x.edi' });
    expect(result.error).toMatchObject({ code: 'SFTP_CONNECT_FAILED', retryable: true, message: expect.stringContaining('127.0.0.1:1') });
  });
});
