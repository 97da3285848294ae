// AS2 between two real runtimes: a second Tradelane instance plays the partner and sends to ours, signed and encrypted, with synchronous and asynchronous receipts, duplicates, failures and forged signatures.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, tempDataDir, type RuntimeProcess } from '../support/runtime-process.js';
import { waitFor } from '../support/wait-for.js';
import { makeIdentity, type TestIdentity } from './as2-identities.js';

interface LedgerDocument { id: string; direction: string; channel: string; documentType: string; status: string; parentId?: string; correlationId: string; facts?: Record<string, unknown>; errors?: Array<{ code?: string; message: string }> }

const OUR_NAME = 'TRADELANE HUB';
const PARTNER_NAME = 'ACME';
const EDI = 'ISA*00*          *00*          *ZZ*ACME           *ZZ*HUB            *261203*1200*U*00401*000000007*0*P*>~GS*PR*ACME*HUB*20261203*1200*7*X*004010~ST*855*0001~BAK*00*AD*PO-4711*20261203~SE*3*0001~GE*1*7~IEA*1*000000007~';

let ours: TestIdentity;
let theirs: TestIdentity;
let mallory: TestIdentity;
let us: RuntimeProcess;
let partner: RuntimeProcess;
let usToken: string;
let partnerToken: string;
const usData = tempDataDir('tradelane-as2-us-');

/** Our side: one agreement with ACME; what arrives is written to <data>/files under the name the partner gave it. */
function receivingFlow(): Array<Record<string, unknown>> {
  return [
    { id: 'as2-receive', type: 'tab', label: 'AS2 from ACME' },
    {
      id: 'recv', type: 'tl-as2-in', z: 'as2-receive', x: 120, y: 100, partnerId: 'acme', path: 'as2', ourAs2Id: OUR_NAME, partnerAs2Id: PARTNER_NAME,
      ourCertificate: ours.certificate, partnerCertificate: theirs.certificate, ackTimeoutMs: 10_000, credentials: { privateKey: ours.privateKey }, wires: [['store']],
    },
    { id: 'store', type: 'file', z: 'as2-receive', x: 360, y: 100, filename: '', appendNewline: false, createDir: true, overwriteFile: 'true', wires: [[]] },
  ];
}

/** The partner's side: POST /partners/hub/<variant> sends the body to us over AS2 and answers with what the send returned. */
function sendingFlow(): Array<Record<string, unknown>> {
  const agreement = { partnerId: 'hub', ourAs2Id: PARTNER_NAME, partnerAs2Id: OUR_NAME, ourCertificate: theirs.certificate, partnerCertificate: ours.certificate, credentials: { privateKey: theirs.privateKey } };
  const url = `${us.url}/partners/acme/as2`;
  const variant = (name: string, y: number, filename: string, send: Record<string, unknown>) => [
    { id: `${name}-in`, type: 'tl-intake', z: 'as2-send', x: 100, y, partnerId: 'hub', path: name, auth: 'none', contentTypes: ['x12'], responseTimeoutMs: 5000, wires: [[`${name}-name`]] },
    { id: `${name}-name`, type: 'change', z: 'as2-send', x: 250, y, rules: [{ t: 'set', p: 'filename', pt: 'msg', to: filename, tot: 'jsonata' }], wires: [[`${name}-as2`]] },
    { id: `${name}-as2`, type: 'tl-as2-out', z: 'as2-send', x: 400, y, url, ...agreement, ...send, wires: [[`${name}-ok`]] },
    { id: `${name}-ok`, type: 'tl-respond', z: 'as2-send', x: 550, y, statusCode: 200, bodyExpression: 'as2', wires: [] },
  ];
  return [
    { id: 'as2-send', type: 'tab', label: 'AS2 to the hub' },
    ...variant('send', 100, 'correlationId & ".x12"', {}),
    ...variant('send-async', 200, 'correlationId & ".x12"', { receipt: 'async', asyncReceiptUrl: `${partner.url}/partners/hub/as2` }),
    // A name outside the receiver's files root fails the receiver's path: it must answer with an error receipt.
    ...variant('send-bad', 300, '"../../outside.x12"', {}),
    ...variant('send-forged', 400, 'correlationId & ".x12"', { ourCertificate: mallory.certificate, credentials: { privateKey: mallory.privateKey } }),
    // Asynchronous receipts from the hub arrive here.
    { id: 'receipts', type: 'tl-as2-in', z: 'as2-send', x: 100, y: 500, path: 'as2', ...agreement, wires: [[]] },
  ];
}

async function deploy(runtime: RuntimeProcess, token: string, id: string, flow: unknown[]): Promise<void> {
  const deployed = await runtime.api('PUT', `/api/flows/${id}`, { flow, message: id }, token);
  expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
}

async function documents(runtime: RuntimeProcess, token: string, query: string): Promise<LedgerDocument[]> {
  return (await runtime.api<{ documents: LedgerDocument[] }>('GET', `/api/documents?${query}`, undefined, token)).body.documents;
}

function sendThroughPartner(variant: string, correlationId: string): Promise<Response> {
  return fetch(`${partner.url}/partners/hub/${variant}`, { method: 'POST', headers: { 'Content-Type': 'application/edi-x12', 'X-Correlation-Id': correlationId }, body: EDI });
}

const received = (name: string) => path.join(usData, 'files', name);

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tradelane-as2-ids-'));
  [ours, theirs, mallory] = [makeIdentity(dir, 'hub'), makeIdentity(dir, 'acme'), makeIdentity(dir, 'mallory')];
  [us, partner] = await Promise.all([startRuntime({ dataDir: usData, args: ['--no-demo'] }), startRuntime({ args: ['--no-demo'] })]);
  [usToken, partnerToken] = await Promise.all([us.login(), partner.login()]);
  await deploy(us, usToken, 'as2-receive', receivingFlow());
  await deploy(partner, partnerToken, 'as2-send', sendingFlow());
}, 90_000);

afterAll(async () => {
  await Promise.all([us?.stop(), partner?.stop()]);
});

describe('AS2 between two runtimes', () => {
  it('a signed, encrypted message arrives byte for byte, and the partner gets a signed receipt with the matching MIC', async () => {
    const answer = await sendThroughPartner('send', 'as2-first');
    const body = await answer.json() as { messageId: string; mic: string; receipt: { disposition: string; signed: boolean } };
    expect(answer.status, JSON.stringify(body)).toBe(200);
    expect(body.receipt).toEqual({ disposition: 'automatic-action/MDN-sent-automatically; processed', signed: true });
    expect(readFileSync(received('as2-first.x12'), 'utf8')).toBe(EDI);

    const [inbound] = await documents(us, usToken, 'channel=as2&direction=in&correlationId=as2-first');
    expect(inbound).toMatchObject({ status: 'accepted', documentType: 'as2-message', facts: expect.objectContaining({ signed: true, encrypted: true, mic: body.mic, receipt: 'sync', 'as2-from': PARTNER_NAME }) });
    const [outbound] = await documents(partner, partnerToken, 'channel=as2&direction=out&correlationId=as2-first');
    expect(outbound).toMatchObject({ status: 'acknowledged', facts: expect.objectContaining({ 'message-id': body.messageId, receipt: 'processed' }) });
  });

  it('the same message sent again keeps its Message-ID and is answered duplicate-document, not processed twice', async () => {
    const first = (await documents(us, usToken, 'channel=as2&direction=in&correlationId=as2-first')).length;
    const answer = await sendThroughPartner('send', 'as2-first');
    const body = await answer.json() as { receipt: { disposition: string } };
    expect(answer.status).toBe(200);
    expect(body.receipt.disposition).toBe('automatic-action/MDN-sent-automatically; processed/warning: duplicate-document');
    const inbound = await documents(us, usToken, 'channel=as2&direction=in&correlationId=as2-first');
    expect(inbound).toHaveLength(first + 1);
    expect(inbound[0]).toMatchObject({ status: 'refused', facts: expect.objectContaining({ duplicate: true }) });
  });

  it('an asynchronous receipt is posted back to the partner\'s endpoint and settles the sent document', async () => {
    const answer = await sendThroughPartner('send-async', 'as2-async');
    expect(answer.status).toBe(200);
    const settled = await waitFor(() => documents(partner, partnerToken, 'channel=as2&direction=out&correlationId=as2-async'), ([sent]) => sent?.status === 'acknowledged', 20_000, 'the receipt settling the send');
    const receipts = await documents(partner, partnerToken, `channel=as2&direction=in&correlationId=as2-async`);
    expect(receipts).toEqual([expect.objectContaining({ documentType: 'as2-receipt', status: 'accepted', parentId: settled[0]!.id })]);
    const [inbound] = await documents(us, usToken, 'channel=as2&direction=in&correlationId=as2-async');
    expect(inbound?.facts).toMatchObject({ receipt: 'async-sent' });
    expect(existsSync(received('as2-async.x12'))).toBe(true);
  });

  it('a failure on our path reaches the partner as an error receipt, and both ledgers say failed', async () => {
    const answer = await sendThroughPartner('send-bad', 'as2-bad');
    expect(answer.status).toBe(504);
    const [inbound] = await documents(us, usToken, 'channel=as2&direction=in&correlationId=as2-bad');
    expect(inbound).toMatchObject({ status: 'failed' });
    const [outbound] = await waitFor(() => documents(partner, partnerToken, 'channel=as2&direction=out&correlationId=as2-bad'), ([sent]) => sent?.status === 'failed', 10_000, 'the failed send');
    expect(outbound!.errors?.[0]).toMatchObject({ code: 'AS2_RECEIPT_ERROR', message: expect.stringContaining('unexpected-processing-error') });
  });

  it('a message signed with a key other than the partner\'s is refused as authentication-failed and never sent on', async () => {
    const answer = await sendThroughPartner('send-forged', 'as2-forged');
    expect(answer.status).toBe(504);
    expect(existsSync(received('as2-forged.x12'))).toBe(false);
    const [inbound] = await documents(us, usToken, 'channel=as2&direction=in&correlationId=as2-forged');
    expect(inbound).toMatchObject({ status: 'refused', errors: [expect.objectContaining({ code: 'AS2_SIGNATURE_INVALID', disposition: 'authentication-failed' })] });
    const [outbound] = await waitFor(() => documents(partner, partnerToken, 'channel=as2&direction=out&correlationId=as2-forged'), ([sent]) => sent?.status === 'failed', 10_000, 'the failed send');
    expect(outbound!.errors?.[0]?.message).toContain('authentication-failed');
  });

  it('requests that are no AS2 message for this agreement get located 400/403 answers and are recorded as refused', async () => {
    const bare = await fetch(`${us.url}/partners/acme/as2`, { method: 'POST', headers: { 'Content-Type': 'application/edi-x12', 'X-Correlation-Id': 'as2-bare' }, body: EDI });
    expect(bare.status).toBe(400);
    expect((await bare.json() as { details: unknown[] }).details).toEqual([
      { path: 'header.as2-from', message: 'is required' }, { path: 'header.as2-to', message: 'is required' }, { path: 'header.message-id', message: 'is required' },
    ]);
    const stranger = await fetch(`${us.url}/partners/acme/as2`, { method: 'POST', headers: { 'Content-Type': 'application/edi-x12', 'AS2-From': 'STRANGER', 'AS2-To': `"${OUR_NAME}"`, 'Message-ID': '<s@x>' }, body: EDI });
    expect(stranger.status).toBe(403);
    expect((await stranger.json() as { details: unknown[] }).details).toEqual([{ path: 'header.as2-from', message: expect.stringContaining('"STRANGER"') }]);
    const [refused] = await documents(us, usToken, 'channel=as2&correlationId=as2-bare');
    expect(refused).toMatchObject({ status: 'refused' });
  });

  it('never returns our private key, and keeps it sealed on disk', async () => {
    const flow = await us.api<{ flow: Array<{ id: string; credentials?: unknown }> }>('GET', '/api/flows/as2-receive', undefined, usToken);
    expect(flow.body.flow.find((node) => node.id === 'recv')?.credentials).toEqual({ privateKey: { set: true } });
    expect(JSON.stringify(flow.body)).not.toContain('PRIVATE KEY');
    const keyLine = ours.privateKey.split('\n')[1]!;
    const leaking = readdirSync(usData, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.join(entry.parentPath, entry.name))
      .filter((file) => readFileSync(file).includes(keyLine));
    expect(leaking).toEqual([]);
  });
});
