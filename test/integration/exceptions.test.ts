// Three-way match and the exceptions work queue on a real runtime: a mismatched invoice lands in /api/exceptions via the exception route,
// a matching one goes straight through; assign, comment and resolve are audited and role-checked; the supplier template holds an ack beyond tolerance.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';
import { auditEntries, createUser } from '../security/auth-support.js';
import { createPartner, deployFlow } from '../domain/helpers.js';

interface ErpLine { line: number; sku: string; qty: number; uom: string; unitPrice: number; ackStatus: string }
interface ExceptionView {
  id: string; kind: string; status: string; correlationId: string; partnerId?: string; flowId?: string; nodeId?: string; keys: Record<string, string>;
  summary: string; details: Array<Record<string, unknown>>; assignee?: string; resolvedBy?: string; resolution?: string;
}
interface Detail { exception: ExceptionView; comments: Array<{ author: string; text: string }> }
interface Page { exceptions: ExceptionView[]; counts: Record<string, number>; nextCursor?: string }

const PO = 'PO-1006';
const MATCH_PARTNER = 'match-supplier';

let runtime: RuntimeProcess;
let admin: string;
let operator: string;
let analyst: string;
let matchKey: string;
let poLines: ErpLine[];

/** Shipped quantities come from the ERP: what it received against the PO, as one canonical ship notice. */
const RECEIPTS = `[{
  "asnNumber": "receipts-" & purchaseOrder.poNumber,
  "orders": [{ "poNumber": purchaseOrder.poNumber, "packs": [{ "items": [purchaseOrder.lines[receivedQty > 0].{ "line": line, "sku": sku, "qty": receivedQty, "uom": uom }] }] }]
}]`;

function matchFlow() {
  return [
    { id: 'mi-in', type: 'tl-intake', partnerId: MATCH_PARTNER, path: 'invoices', wires: [['mi-po']] },
    { id: 'mi-po', type: 'tl-erp-query', wires: [['mi-receipts'], []] },
    { id: 'mi-receipts', type: 'tl-transform', property: 'shipNotices', expression: RECEIPTS, wires: [['mi-match']] },
    { id: 'mi-match', type: 'tl-match', wires: [['mi-ok'], ['mi-held']] },
    { id: 'mi-ok', type: 'tl-respond', statusCode: 200, bodyExpression: '{"matched": true, "keys": match.keys}' },
    { id: 'mi-held', type: 'tl-respond', statusCode: 202, bodyExpression: '{"matched": false, "exceptionId": match.exceptionId, "mismatches": match.mismatches}' },
  ];
}

function invoice(invoiceNumber: string, priceOf: (line: ErpLine) => number = (line) => line.unitPrice) {
  return { invoiceNumber, poNumber: PO, currency: 'USD', lines: poLines.map((line) => ({ line: line.line, sku: line.sku, qty: line.qty, uom: line.uom, unitPrice: priceOf(line) })) };
}

async function postTo(path: string, apiKey: string, body: unknown) {
  const response = await fetch(`${runtime.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': apiKey }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const api = <T>(method: string, route: string, body?: unknown, token = admin) => runtime.api<T>(method, route, body, token);

beforeAll(async () => {
  runtime = await startRuntime();
  admin = await runtime.login();
  operator = await createUser(runtime, admin, 'ops-olga', 'operator');
  analyst = await createUser(runtime, admin, 'ana-lyst', 'analyst');
  matchKey = (await createPartner(runtime, admin, { id: MATCH_PARTNER, name: 'Match supplier', tolerance: { quantityPct: 0, pricePct: 2, dateDays: 3 } })).credentials.apiKey!;
  await deployFlow(runtime, admin, 'match-invoices', matchFlow());
  poLines = (await runtime.api<{ lines: ErpLine[] }>('GET', `/demo-erp/purchase-orders/${PO}`)).body.lines;
  // The goods arrived: the ASN is in the ERP (posted by the distributor itself), so its receipts are what was shipped.
  const asn = await fetch(`${runtime.url}/demo-erp/asns`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': `asn-${PO}` },
    body: JSON.stringify({ asnNumber: 'SH-M1', poNumber: PO, shipDate: '2026-11-30', lines: poLines.map((line) => ({ line: line.line, sku: line.sku, qty: line.qty })) }),
  });
  expect(asn.status, await asn.clone().text()).toBeLessThan(300);
}, 120_000);

afterAll(async () => {
  await runtime?.stop();
});

describe('three-way match on the real runtime', () => {
  let exceptionId: string;

  it('sends an invoice that matches PO and receipts straight through, opening no exception', async () => {
    const answer = await postTo(`/partners/${MATCH_PARTNER}/invoices`, matchKey, invoice('INV-M1'));
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toEqual({ matched: true, keys: { poNumber: PO, invoiceNumber: 'INV-M1', shipmentId: `receipts-${PO}` } });
    expect((await api<Page>('GET', `/api/exceptions?partner=${MATCH_PARTNER}`)).body.exceptions).toEqual([]);
  });

  it('sends an invoice priced 10% over the PO down the exception route and into GET /api/exceptions', async () => {
    const answer = await postTo(`/partners/${MATCH_PARTNER}/invoices`, matchKey, invoice('INV-M2', (line) => (line.line === 1 ? Math.round(line.unitPrice * 110) / 100 : line.unitPrice)));
    expect(answer.status, JSON.stringify(answer.body)).toBe(202);
    exceptionId = answer.body.exceptionId as string;
    expect(exceptionId).toEqual(expect.any(String));

    const list = await api<Page>('GET', `/api/exceptions?partner=${MATCH_PARTNER}`);
    expect(list.status).toBe(200);
    expect(list.body.counts).toEqual({ open: 1, assigned: 0, resolved: 0 });
    const [listed] = list.body.exceptions;
    expect(listed).toMatchObject({
      id: exceptionId, kind: 'three-way-match', status: 'open', partnerId: MATCH_PARTNER, flowId: 'match-invoices', nodeId: 'mi-match',
      keys: { poNumber: PO, invoiceNumber: 'INV-M2', shipmentId: `receipts-${PO}` },
      summary: `invoice INV-M2 does not match ${PO}: 1 deviation (unitPrice line 1)`,
    });
    expect(listed!.details).toEqual([expect.objectContaining({ path: 'payload.lines[0].unitPrice', field: 'unitPrice', line: 1, sku: poLines[0]!.sku, expected: poLines[0]!.unitPrice, allowedPct: 2, deviationPct: 10 })]);
    expect(listed!.details).toEqual(answer.body.mismatches);
    expect((await api<Page>('GET', '/api/exceptions?key=inv-m2')).body.exceptions.map((entry) => entry.id)).toEqual([exceptionId]);
    expect((await api<Page>('GET', `/api/exceptions?key=${PO.slice(3)}&kind=three-way-match`)).body.exceptions.map((entry) => entry.id)).toEqual([exceptionId]);
    expect((await api<Page>('GET', '/api/exceptions?status=resolved')).body.exceptions).toEqual([]);
    expect((await api<Detail>('GET', `/api/exceptions/${exceptionId}`)).body).toEqual({ exception: listed, comments: [] });
  });

  it('refuses bad queries and unknown ids with located errors', async () => {
    const badStatus = await api<{ details: Array<{ path: string }> }>('GET', '/api/exceptions?status=closed');
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.details.map((detail) => detail.path)).toEqual(['query.status']);
    expect((await api('GET', '/api/exceptions?cursor=bm9wZQ')).status).toBe(400);
    expect((await api('GET', '/api/exceptions/x-unknown')).status).toBe(404);
    expect((await api('POST', '/api/exceptions/x-unknown/resolve', { resolution: 'done' })).status).toBe(404);
  });

  it('lets analysts read the queue but not assign, comment on or resolve it', async () => {
    expect((await api('GET', '/api/exceptions', undefined, analyst)).status).toBe(200);
    expect((await api('GET', `/api/exceptions/${exceptionId}`, undefined, analyst)).status).toBe(200);
    expect((await api('POST', `/api/exceptions/${exceptionId}/assign`, { assignee: 'ana-lyst' }, analyst)).status).toBe(403);
    expect((await api('POST', `/api/exceptions/${exceptionId}/comment`, { text: 'mine' }, analyst)).status).toBe(403);
    expect((await api('POST', `/api/exceptions/${exceptionId}/resolve`, { resolution: 'ignored' }, analyst)).status).toBe(403);
    expect((await api('GET', '/api/exceptions')).status).toBe(200);
    expect((await runtime.api('GET', '/api/exceptions')).status).toBe(401);
    expect((await api<Detail>('GET', `/api/exceptions/${exceptionId}`)).body.exception.status).toBe('open');
  });

  it('lets an operator assign to an existing user and comment, and an admin resolve once, each audited', async () => {
    const unknown = await api<{ details: unknown[] }>('POST', `/api/exceptions/${exceptionId}/assign`, { assignee: 'nobody' }, operator);
    expect(unknown.status).toBe(422);
    expect(unknown.body.details).toEqual([{ path: '$.assignee', message: 'no enabled user "nobody"' }]);

    const assigned = await api<Detail>('POST', `/api/exceptions/${exceptionId}/assign`, { assignee: 'ops-olga' }, operator);
    expect(assigned.status).toBe(200);
    expect(assigned.body.exception).toMatchObject({ status: 'assigned', assignee: 'ops-olga' });
    expect((await api<Page>('GET', '/api/exceptions?assignee=ops-olga&status=unresolved')).body.exceptions.map((entry) => entry.id)).toEqual([exceptionId]);

    expect((await api('POST', `/api/exceptions/${exceptionId}/comment`, { text: '' }, operator)).status).toBe(400);
    const commented = await api<Detail>('POST', `/api/exceptions/${exceptionId}/comment`, { text: 'asked the supplier for a credit note' }, operator);
    expect(commented.status).toBe(200);
    expect(commented.body.comments).toEqual([expect.objectContaining({ author: 'ops-olga', text: 'asked the supplier for a credit note' })]);

    const resolved = await api<Detail>('POST', `/api/exceptions/${exceptionId}/resolve`, { resolution: 'credit note CN-7 received', comment: 'closing' });
    expect(resolved.status).toBe(200);
    expect(resolved.body.exception).toMatchObject({ status: 'resolved', resolvedBy: 'admin', resolution: 'credit note CN-7 received' });
    expect(resolved.body.comments.map((comment) => comment.author)).toEqual(['ops-olga', 'admin']);
    expect((await api('POST', `/api/exceptions/${exceptionId}/resolve`, { resolution: 'again' }, operator)).status).toBe(409);
    expect((await api('POST', `/api/exceptions/${exceptionId}/assign`, { assignee: 'ops-olga' }, operator)).status).toBe(409);

    const target = `exception:${exceptionId}`;
    const entries = await auditEntries(runtime, admin, { action: 'exception.*', target });
    const summary = entries.map((entry) => [entry.action, entry.actor, entry.outcome]).reverse();
    expect(summary).toEqual([
      ['exception.assign', 'ana-lyst', 'denied'], ['exception.comment', 'ana-lyst', 'denied'], ['exception.resolve', 'ana-lyst', 'denied'],
      ['exception.assign', 'ops-olga', 'failed'], ['exception.assign', 'ops-olga', 'ok'], ['exception.comment', 'ops-olga', 'failed'], ['exception.comment', 'ops-olga', 'ok'],
      ['exception.resolve', 'admin', 'ok'], ['exception.resolve', 'ops-olga', 'failed'], ['exception.assign', 'ops-olga', 'failed'],
    ]);
    const resolution = entries.find((entry) => entry.action === 'exception.resolve' && entry.outcome === 'ok')!;
    expect(resolution.details).toEqual({ resolution: 'credit note CN-7 received', comment: 'closing', kind: 'three-way-match', keys: { poNumber: PO, invoiceNumber: 'INV-M2', shipmentId: `receipts-${PO}` } });
    expect(entries.find((entry) => entry.action === 'exception.assign' && entry.outcome === 'ok')!.details).toMatchObject({ assignee: 'ops-olga' });
  });
});

describe('the supplier REST template applies the tolerance onboarding collected', () => {
  const PARTNER = 'portal-co';
  const TEMPLATE_PO = 'PO-1007';
  let apiKey: string;
  let line: ErpLine;
  const ack = (ackNumber: string, qty: number) => ({ poNumber: TEMPLATE_PO, ackNumber, status: 'accepted', lines: [{ line: 1, supplierItem: 'P-1', qty, unitPrice: line.unitPrice, status: 'accepted' }] });

  beforeAll(async () => {
    line = (await runtime.api<{ lines: ErpLine[] }>('GET', `/demo-erp/purchase-orders/${TEMPLATE_PO}`)).body.lines[0]!;
    const created = await api<{ credentials: { apiKey: string } }>('POST', '/api/templates/supplier-po-ack-rest/instantiate', {
      partnerId: PARTNER, params: { authMethod: 'api-key', itemMapCsv: `supplierItem,sku\nP-1,${line.sku}\n`, tolerance: { quantityPct: 5, pricePct: 2, dateDays: 3 } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    apiKey = created.body.credentials.apiKey;
    expect((await api('PUT', `/demo-erp/purchase-orders/${TEMPLATE_PO}/supplier`, { partnerId: PARTNER })).status).toBe(200);
  });

  it('holds an acknowledgement 10% short of the PO: 202 with its deviations, a tolerance exception, nothing posted to the ERP', async () => {
    const short = Math.round(line.qty * 0.9);
    const answer = await postTo(`/partners/${PARTNER}/po-acks`, apiKey, ack('PC-1', short));
    expect(answer.status, JSON.stringify(answer.body)).toBe(202);
    expect(answer.body).toMatchObject({ status: 'held for review', deviations: [expect.objectContaining({ line: 1, field: 'qty', ordered: line.qty, promised: short, limit: 5 })] });

    const list = await api<Page>('GET', `/api/exceptions?kind=tolerance&partner=${PARTNER}`);
    expect(list.body.exceptions).toHaveLength(1);
    expect(list.body.exceptions[0]).toMatchObject({ status: 'open', flowId: `${PARTNER}-po-ack`, nodeId: `${PARTNER}-po-ack.tolerance`, keys: { poNumber: TEMPLATE_PO, ackNumber: 'PC-1' } });
    expect(list.body.exceptions[0]!.details).toEqual([expect.objectContaining({ path: 'canonicalAck.lines[0].promisedQty', field: 'qty', expected: line.qty, actual: short, allowed: 5, unit: '%' })]);
    const order = await runtime.api<{ lines: ErpLine[] }>('GET', `/demo-erp/purchase-orders/${TEMPLATE_PO}`);
    expect(order.body.lines[0]!.ackStatus).toBe('none');
  });

  it('posts an acknowledgement within that tolerance to the ERP', async () => {
    const answer = await postTo(`/partners/${PARTNER}/po-acks`, apiKey, ack('PC-2', Math.round(line.qty * 0.96)));
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.erpReference).toEqual(expect.any(String));
    expect((await runtime.api<{ lines: ErpLine[] }>('GET', `/demo-erp/purchase-orders/${TEMPLATE_PO}`)).body.lines[0]!.ackStatus).not.toBe('none');
    expect((await api<Page>('GET', `/api/exceptions?kind=tolerance&partner=${PARTNER}`)).body.exceptions).toHaveLength(1);
  });
});

describe('after a restart', () => {
  it('keeps every exception with its assignee, resolution and comments', async () => {
    const before = await api<Page>('GET', '/api/exceptions');
    await runtime.stop();
    runtime = await startRuntime({ dataDir: runtime.dataDir });
    admin = await runtime.login();
    const after = await api<Page>('GET', '/api/exceptions');
    expect(after.body).toEqual(before.body);
    const resolved = after.body.exceptions.find((entry) => entry.status === 'resolved')!;
    expect((await api<Detail>('GET', `/api/exceptions/${resolved.id}`)).body.comments.map((comment) => comment.text)).toEqual(['asked the supplier for a credit note', 'closing']);
  }, 60_000);
});
