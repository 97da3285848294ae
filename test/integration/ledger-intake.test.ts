// The ledger on a real runtime: every document sent to the demo flow's intake is found by its correlation id with its status, HTTP status,
// errors and masked payload; ERP posts, dead letters and replays show on the same document; flow-level masking and its validation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';
import { rawExchange, statusOf } from '../security/raw-http.js';
import { waitFor } from '../support/wait-for.js';

interface LedgerDocument {
  id: string;
  direction: string;
  channel: string;
  documentType: string;
  status: string;
  correlationId: string;
  partnerId?: string;
  flowId?: string;
  parentId?: string;
  keys: Record<string, string>;
  httpStatus?: number;
  sizeBytes?: number;
  errors: Array<{ path?: string; message: string; [fact: string]: unknown }>;
  facts?: Record<string, unknown>;
}

interface DocumentView {
  document: LedgerDocument;
  related: LedgerDocument[];
  payloads: Array<{ kind: string; body: string }>;
}

const INTAKE = '/partners/demo-supplier/po-acks';

describe('the ledger records every document at the demo flow\'s intake', () => {
  let runtime: RuntimeProcess;
  let token: string;

  const send = (body: string, correlationId: string, headers: Record<string, string> = {}) => fetch(`${runtime.url}${INTAKE}`, {
    method: 'POST', body, headers: { 'content-type': 'application/json', 'x-api-key': runtime.demoApiKey, 'x-correlation-id': correlationId, ...headers },
  }).then(async (response) => ({ status: response.status, body: await response.json() as Record<string, unknown> }));
  const byCorrelation = async (correlationId: string) =>
    (await runtime.api<{ documents: LedgerDocument[] }>('GET', `/api/documents?correlationId=${encodeURIComponent(correlationId)}`, undefined, token)).body.documents;
  const view = async (id: string) => (await runtime.api<DocumentView>('GET', `/api/documents/${id}`, undefined, token)).body;
  /** The one document intake (or the route table) recorded for a request: the one that is not a child. */
  const intakeDocument = async (correlationId: string) => {
    const documents = (await byCorrelation(correlationId)).filter((document) => !document.parentId);
    expect(documents, correlationId).toHaveLength(1);
    return documents[0]!;
  };

  beforeAll(async () => {
    runtime = await startRuntime();
    token = await runtime.login();
    const partner = (await runtime.api<Record<string, unknown>>('GET', '/api/partners/demo-supplier', undefined, token)).body;
    const { name, identifiers, sla, tolerance, rateLimit, authMethod } = partner;
    const updated = await runtime.api('PUT', '/api/partners/demo-supplier', { name, identifiers, sla, tolerance, rateLimit, authMethod, maskFields: ['contactEmail', 'notes'] }, token);
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it('refuses a partner maskFields entry that is not a field name, located', async () => {
    const partner = (await runtime.api<Record<string, unknown>>('GET', '/api/partners/demo-supplier', undefined, token)).body;
    expect(partner.maskFields).toEqual(['contactEmail', 'notes']);
    const refused = await runtime.api<{ details: Array<{ path: string }> }>('PUT', '/api/partners/demo-supplier', { name: partner.name, maskFields: ['lines.sku'] }, token);
    expect(refused.status).toBe(400);
    expect(refused.body.details.map((detail) => detail.path)).toContain('$.maskFields[0]');
  });

  it('records a good acknowledgement as accepted (202) with its keys and masked raw payload, then posted with its ERP post under it', async () => {
    const ack = { poNumber: 'PO-1001', ackNumber: 'A-LEDGER-1', status: 'accepted', lines: [{ line: 1, status: 'accepted' }], notes: 'call Jane on 555-0100', contactEmail: 'jane@supplier.example' };
    expect((await send(JSON.stringify(ack), 'led-good')).status).toBe(202);
    const posted = await waitFor(() => intakeDocument('led-good'), (document) => document.status === 'posted', 30_000, 'the posted acknowledgement');
    expect(posted).toMatchObject({
      direction: 'in', channel: 'intake', documentType: 'acknowledgement', partnerId: 'demo-supplier', flowId: 'demo-supplier-po-ack', httpStatus: 202,
      keys: { poNumber: 'PO-1001', ackNumber: 'A-LEDGER-1' }, facts: { erpReference: expect.stringMatching(/^ERP-ACK-/) },
    });
    const { related, payloads } = await view(posted.id);
    expect(related).toEqual([expect.objectContaining({ channel: 'erp', direction: 'out', documentType: 'acknowledgement', status: 'posted', httpStatus: 201, keys: { poNumber: 'PO-1001', ackNumber: 'A-LEDGER-1' } })]);
    const raw = JSON.parse(payloads.find((payload) => payload.kind === 'raw')!.body) as Record<string, unknown>;
    expect(raw).toMatchObject({ poNumber: 'PO-1001', notes: '***', contactEmail: '***' });
    expect(JSON.stringify(payloads)).not.toContain('555-0100');
    const found = (await runtime.api<{ documents: LedgerDocument[] }>('GET', '/api/documents?key=A-LEDGER', undefined, token)).body.documents;
    expect(found.map((document) => document.id)).toEqual(expect.arrayContaining([posted.id, related[0]!.id]));
  });

  it('records an invalid acknowledgement as refused 422 with the located validation errors', async () => {
    const response = await send(JSON.stringify({ poNumber: 'XX-1', ackNumber: 'A-2', status: 'accepted', lines: [{ line: 1, status: 'accepted' }] }), 'led-422');
    expect(response.status).toBe(422);
    const refused = await intakeDocument('led-422');
    expect(refused).toMatchObject({ status: 'refused', httpStatus: 422, documentType: 'acknowledgement', keys: { poNumber: 'XX-1', ackNumber: 'A-2' } });
    expect(refused.errors).toEqual([expect.objectContaining({ path: '$.poNumber', message: expect.stringContaining('pattern') })]);
  });

  it('records a wrong API key as refused 401 with the located header and no payload', async () => {
    const body = JSON.stringify({ poNumber: 'PO-1002' });
    expect((await send(body, 'led-401', { 'x-api-key': 'tlk_not-the-key-4242' })).status).toBe(401);
    const refused = await intakeDocument('led-401');
    expect(refused).toMatchObject({ status: 'refused', httpStatus: 401, partnerId: 'demo-supplier', sizeBytes: Buffer.byteLength(body), errors: [{ path: 'header.X-Api-Key', message: 'API key is not valid for this partner' }], facts: { reason: 'unauthorized' } });
    const { payloads } = await view(refused.id);
    expect(payloads).toEqual([]);
    expect(JSON.stringify(await view(refused.id))).not.toContain('4242');
  });

  it('records malformed JSON as refused 400 with line and column, and keeps what was sent', async () => {
    expect((await send('{"poNumber": "PO-1003",\n "lines": [}', 'led-400')).status).toBe(400);
    const refused = await intakeDocument('led-400');
    expect(refused).toMatchObject({ status: 'refused', httpStatus: 400, errors: [{ path: '$', line: 2 }] });
    const { payloads } = await view(refused.id);
    expect(payloads.find((payload) => payload.kind === 'raw')!.body).toBe('{"poNumber": "PO-1003",\n "lines": [}');
  });

  it('records a wrong content type as refused 415', async () => {
    expect((await send('poNumber\nPO-1004\n', 'led-415', { 'content-type': 'text/csv' })).status).toBe(415);
    expect(await intakeDocument('led-415')).toMatchObject({ status: 'refused', httpStatus: 415, errors: [{ path: 'header.Content-Type' }] });
  });

  it('records an oversized body, refused by the route table before it was read, as refused 413 with its declared size', async () => {
    const request = `POST ${INTAKE} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Api-Key: ${runtime.demoApiKey}\r\nX-Correlation-Id: led-413\r\nContent-Length: 2000000\r\n\r\n{"poNumber":"PO-1005"`;
    const { answer } = await rawExchange(runtime.url, request, 5000);
    expect(statusOf(answer)).toBe(413);
    expect(await intakeDocument('led-413')).toMatchObject({
      status: 'refused', httpStatus: 413, partnerId: 'demo-supplier', sizeBytes: 2_000_000, documentType: 'http-request',
      errors: [{ path: '$', message: expect.stringContaining('limit') }], facts: { path: INTAKE, reason: 'too-large' },
    });
  });

  it('shows a dead letter on the document, and a replay that posts it, with who replayed it', async () => {
    const wrongSku = { poNumber: 'PO-1002', ackNumber: 'A-LEDGER-DL', status: 'accepted', lines: [{ line: 1, status: 'accepted', sku: 'SKU-NOT-ON-PO' }] };
    expect((await send(JSON.stringify(wrongSku), 'led-dead')).status).toBe(202);
    const dead = await waitFor(() => intakeDocument('led-dead'), (document) => document.status === 'dead-lettered', 30_000, 'the dead-lettered acknowledgement');
    expect(dead.errors[0]).toMatchObject({ code: 'ERP_REJECTED', retryable: false });
    const deadLetterId = dead.facts!.deadLetterId as string;
    expect((await runtime.api('PUT', `/api/deadletters/${deadLetterId}/payload`, { payload: { ...wrongSku, lines: [{ line: 1, status: 'accepted' }] } }, token)).status).toBe(200);
    expect((await runtime.api('POST', `/api/deadletters/${deadLetterId}/replay`, {}, token)).status).toBe(200);
    const replayed = await waitFor(() => intakeDocument('led-dead'), (document) => document.status === 'posted', 30_000, 'the replayed acknowledgement');
    expect(replayed.facts).toMatchObject({ deadLetterId, replayCount: 1, lastReplayBy: 'admin', lastReplayEdited: true });
    const posts = (await view(replayed.id)).related.filter((document) => document.channel === 'erp');
    expect(posts.map((post) => post.status)).toEqual(['failed', 'posted']);
  });

  it('masks the fields a flow\'s tab names, and refuses a tab maskFields entry that is not a field name', async () => {
    const refused = await runtime.api<{ details: Array<{ path: string }> }>('PUT', '/api/flows/masked', {
      flow: [{ id: 'masked', type: 'tab', label: 'masked', maskFields: ['a[0]'] }, { id: 'masked-in', type: 'tl-intake', z: 'masked', x: 100, y: 100, partnerId: 'demo-supplier', path: 'masked', auth: 'none', wires: [] }],
    }, token);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('maskFields[0]');
    const deployed = await runtime.api('PUT', '/api/flows/masked-flow', {
      flow: [
        { id: 'masked-flow', type: 'tab', label: 'masked', maskFields: ['lot'] },
        { id: 'mask-in', type: 'tl-intake', z: 'masked-flow', x: 100, y: 100, partnerId: 'demo-supplier', path: 'masked-asns', auth: 'none', documentType: 'asn', wires: [['mask-ok']] },
        { id: 'mask-ok', type: 'tl-respond', z: 'masked-flow', x: 300, y: 100, statusCode: 200, wires: [] },
      ],
    }, token);
    expect(deployed.status, JSON.stringify(deployed.body)).toBeLessThan(300);
    const asn = { asnNumber: 'SH-9', orders: [{ poNumber: 'PO-1006', packs: [{ items: [{ line: 1, lot: 'LOT-SECRET-1', notes: 'n' }] }] }] };
    const answered = await fetch(`${runtime.url}/partners/demo-supplier/masked-asns`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-correlation-id': 'led-mask' }, body: JSON.stringify(asn) });
    expect(answered.status).toBe(200);
    const document = await intakeDocument('led-mask');
    expect(document).toMatchObject({ status: 'accepted', documentType: 'asn', flowId: 'masked-flow', keys: { shipmentId: 'SH-9', poNumber: 'PO-1006' } });
    const raw = (await view(document.id)).payloads.find((payload) => payload.kind === 'raw')!.body;
    expect(raw).not.toContain('LOT-SECRET-1');
    expect(JSON.parse(raw)).toMatchObject({ orders: [{ packs: [{ items: [{ lot: '***', notes: '***' }] }] }] });
  });

  it('keeps every recorded document across a restart, and masks with the stored settings after it', async () => {
    const before = await intakeDocument('led-401');
    await runtime.stop();
    runtime = await startRuntime({ dataDir: runtime.dataDir });
    token = await runtime.login();
    expect(await intakeDocument('led-401')).toMatchObject({ id: before.id, status: 'refused', httpStatus: 401 });
    expect(await intakeDocument('led-413')).toMatchObject({ status: 'refused', httpStatus: 413 });
    // The partner's mask fields are loaded at start: a document recorded after the restart is masked too.
    expect((await send(JSON.stringify({ poNumber: 'XX-2', notes: 'after-restart-secret' }), 'led-after')).status).toBe(422);
    const after = await intakeDocument('led-after');
    expect((await view(after.id)).payloads.find((payload) => payload.kind === 'raw')!.body).toBe('{"poNumber":"XX-2","notes":"***"}');
  });
});
