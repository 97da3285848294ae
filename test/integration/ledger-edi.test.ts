// EDI in the ledger on a real runtime with the X12 template: an outbound 850 is a sent purchase order whose 997 marks it accepted (not acknowledged: that takes an 855);
// an inbound 855 is an interchange with its set, posted to the ERP, and our 997 back.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { canonicalExamples } from '../../nodes/canonical/examples.js';
import { generateAcknowledgements, parseEdi } from '../../nodes/edi/index.js';
import { startRuntime, tempDataDir, type RuntimeProcess } from '../support/runtime-process.js';
import { waitFor } from '../support/wait-for.js';

interface LedgerDocument {
  id: string;
  direction: string;
  channel: string;
  documentType: string;
  status: string;
  partnerId?: string;
  parentId?: string;
  correlationId: string;
  keys: Record<string, string>;
  httpStatus?: number;
  edi?: Record<string, string>;
}

const PARTNER = 'x12-ledger';

describe('EDI documents in the ledger (X12 template)', () => {
  let runtime: RuntimeProcess;
  let token: string;
  let apiKey: string;
  let erpToken: string;
  const ediRoot = tempDataDir('tradelane-ledger-edi-');

  const search = async (query: string) => (await runtime.api<{ documents: LedgerDocument[] }>('GET', `/api/documents?${query}`, undefined, token)).body.documents;
  const sendX12 = (text: string, correlationId: string) => fetch(`${runtime.url}/partners/${PARTNER}/x12`, {
    method: 'POST', headers: { 'content-type': 'application/edi-x12', 'x-api-key': apiKey, 'x-correlation-id': correlationId }, body: text,
  });

  beforeAll(async () => {
    runtime = await startRuntime({ env: { TRADELANE_FILES_ROOT: ediRoot } });
    token = await runtime.login();
    const template = (await runtime.api<{ example: { params: Record<string, unknown> } }>('GET', '/api/templates/supplier-x12', undefined, token)).body;
    const onboarded = await runtime.api<{ credentials: { apiKey: string }; generatedSecrets: Record<string, string> }>('POST', '/api/templates/supplier-x12/instantiate', {
      partnerId: PARTNER, params: { ...template.example.params, ediDirectory: path.join(ediRoot, 'x12'), pollSeconds: 1 },
    }, token);
    expect(onboarded.status, JSON.stringify(onboarded.body)).toBe(201);
    apiKey = onboarded.body.credentials.apiKey;
    erpToken = onboarded.body.generatedSecrets.erpEventToken!;
    expect((await runtime.api('PUT', '/demo-erp/purchase-orders/PO-1004/supplier', { partnerId: PARTNER }, token)).status).toBe(200);
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it('records a PO from the ERP, sent as an 850, as a sent purchase order expecting a 997; the partner\'s 997 marks it accepted, still awaiting its business acknowledgement', async () => {
    const order = { ...structuredClone(canonicalExamples.PurchaseOrder), poNumber: 'PO-7001' };
    const answer = await fetch(`${runtime.url}/hooks/${PARTNER}-x12/erp-events/${PARTNER}/purchase-orders`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-erp-token': erpToken, 'x-correlation-id': 'edi-po' }, body: JSON.stringify(order),
    });
    const body = (await answer.json()) as { file: string };
    expect(answer.status, JSON.stringify(body)).toBe(202);
    const [sent] = await search('correlationId=edi-po');
    expect(sent).toMatchObject({ direction: 'out', channel: 'edi', documentType: 'purchaseOrder', status: 'sent', partnerId: PARTNER, keys: { poNumber: 'PO-7001' }, edi: { standard: 'x12', setType: '850', ackStatus: 'expected' } });

    // What the partner does: read our 850 and answer with its 997, dropped into the inbound directory.
    const [reply] = await generateAcknowledgements(parseEdi(readFileSync(body.file, 'utf8')));
    const inbox = path.join(ediRoot, 'x12', 'inbound');
    mkdirSync(inbox, { recursive: true });
    writeFileSync(path.join(inbox, 'incoming.tmp'), reply!.edi.text);
    renameSync(path.join(inbox, 'incoming.tmp'), path.join(inbox, 'inbound.x12'));
    const acknowledged = await waitFor(async () => (await search('correlationId=edi-po'))[0]!, (document) => document.edi?.ackStatus === 'accepted', 20_000, 'the PO accepted by a 997');
    expect(acknowledged).toMatchObject({ status: 'sent', edi: { ackStatus: 'accepted', groupControl: sent!.edi!.groupControl } });
    const inbound = await search(`type=997&partner=${PARTNER}&direction=in`);
    expect(inbound).toEqual([expect.objectContaining({ channel: 'edi', status: 'accepted', partnerId: PARTNER, edi: expect.objectContaining({ setType: '997' }) })]);
    const [file] = await search(`type=x12-interchange&partner=${PARTNER}&direction=in`);
    expect(file).toMatchObject({ channel: 'edi', status: 'accepted' });
  });

  it('records an inbound 855 as its interchange and set, posted to the ERP, with our 997 back, all found by the PO number', async () => {
    const template = (await runtime.api<{ example: { documents: Record<string, string> } }>('GET', '/api/templates/supplier-x12', undefined, token)).body;
    const response = await sendX12(template.example.documents['x12-in']!, 'edi-855');
    expect(response.status).toBe(200);
    const documents = await waitFor(() => search('correlationId=edi-855'), (list) => list.some((document) => document.documentType === 'acknowledgement' && document.status === 'posted'), 20_000, 'the posted 855');
    const interchange = documents.find((document) => document.documentType === 'x12-interchange')!;
    const set = documents.find((document) => document.documentType === 'acknowledgement' && document.channel === 'edi')!;
    expect(interchange).toMatchObject({ direction: 'in', channel: 'intake', status: 'accepted', httpStatus: 200, partnerId: PARTNER, edi: { standard: 'x12', interchangeControl: '000000301' } });
    expect(set).toMatchObject({ parentId: interchange.id, status: 'posted', keys: { poNumber: 'PO-1004', ackNumber: 'ACK-4' }, edi: { setType: '855', groupControl: '301', setControl: '0001', ackStatus: 'accepted' } });
    expect(documents).toEqual(expect.arrayContaining([
      expect.objectContaining({ channel: 'erp', parentId: set.id, status: 'posted', documentType: 'acknowledgement' }),
      expect.objectContaining({ channel: 'edi', direction: 'out', documentType: '997', parentId: interchange.id, status: 'sent' }),
    ]));
    const byPo = await search('key=PO-1004');
    expect(byPo.map((document) => document.id)).toEqual(expect.arrayContaining([set.id]));
  });
});
