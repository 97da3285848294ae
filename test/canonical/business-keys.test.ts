// Business keys per canonical document, and what tl-validate records on the message's ledger document.
import { describe, expect, it } from 'vitest';
import { createNodeHarness } from '../../nodes/sdk/index.js';
import { businessKeysOf, keyFactsOf, ledgerTypeOf, purchaseOrderNumbersOf } from '../../nodes/canonical/business-keys.js';
import { canonicalExamples } from '../../nodes/canonical/examples.js';
import { validateNode } from '../../nodes/canonical/validate-node.js';

describe('businessKeysOf', () => {
  it('reads each canonical document\'s keys, by ledger type or canonical name', () => {
    expect(businessKeysOf('purchaseOrder', canonicalExamples.PurchaseOrder)).toEqual({ poNumber: 'PO-10045' });
    expect(businessKeysOf('PurchaseOrderAcknowledgement', canonicalExamples.PurchaseOrderAcknowledgement)).toEqual({ poNumber: 'PO-10045', ackNumber: 'ACK-77301' });
    expect(businessKeysOf('asn', canonicalExamples.AdvanceShipNotice)).toEqual({ shipmentId: 'SH-550021', poNumber: 'PO-10045' });
    expect(businessKeysOf('Invoice', canonicalExamples.Invoice)).toEqual({ invoiceNumber: 'INV-2026-3391', poNumber: 'PO-10045', shipmentId: 'SH-550021' });
    expect(businessKeysOf('returnAuthorization', canonicalExamples.ReturnAuthorization)).toEqual({ poNumber: 'PO-10045', invoiceNumber: 'INV-2026-3391' });
    expect(keyFactsOf('returnAuthorization', canonicalExamples.ReturnAuthorization)).toEqual({ rmaNumber: 'RMA-3301' });
  });

  it('takes a customer order number from the PO or its extensions', () => {
    expect(businessKeysOf('purchaseOrder', { poNumber: 'PO-1', customerOrderNumber: 'CO-9' })).toEqual({ poNumber: 'PO-1', customerOrderNumber: 'CO-9' });
    expect(businessKeysOf('purchaseOrder', { poNumber: 'PO-1', extensions: { customerOrderNumber: 'CO-10' } })).toEqual({ poNumber: 'PO-1', customerOrderNumber: 'CO-10' });
  });

  it('links an ASN over several orders to the first, and lists them all as a fact', () => {
    const asn = { asnNumber: 'SH-1', orders: [{ poNumber: 'PO-2' }, { poNumber: 'PO-3' }, { poNumber: 'PO-2' }] };
    expect(businessKeysOf('asn', asn)).toEqual({ shipmentId: 'SH-1', poNumber: 'PO-2' });
    expect(purchaseOrderNumbersOf('asn', asn)).toEqual(['PO-2', 'PO-3']);
    expect(keyFactsOf('asn', asn)).toEqual({ poNumbers: 'PO-2 PO-3' });
  });

  it('falls back to the common field names for untyped and ERP documents, ignores non-text keys and never throws', () => {
    expect(businessKeysOf(undefined, { poNumber: 'PO-5', ackNumber: 7, invoiceNumber: { nested: true }, asnNumber: '  ' })).toEqual({ poNumber: 'PO-5', ackNumber: '7' });
    expect(businessKeysOf('x12-interchange', 'ISA*...')).toEqual({});
    expect(businessKeysOf('asn', null)).toEqual({});
    expect(businessKeysOf('asn', [1, 2])).toEqual({});
  });

  it('maps canonical names to ledger types and leaves others alone', () => {
    expect(ledgerTypeOf('AdvanceShipNotice')).toBe('asn');
    expect(ledgerTypeOf('acknowledgement')).toBe('acknowledgement');
    expect(ledgerTypeOf('FunctionalAcknowledgement')).toBeUndefined();
  });
});

describe('tl-validate in the ledger', () => {
  it('records the canonical type, keys and canonical form of a valid document, and names the type on the message', async () => {
    const node = await createNodeHarness(validateNode, { schema: 'AdvanceShipNotice' });
    const documentId = node.services.ledger.record({ direction: 'in', channel: 'intake', documentType: 'http-request', status: 'received', correlationId: 'c-1' });
    const { outputs } = await node.send({ correlationId: 'c-1', ledgerId: documentId, payload: structuredClone(canonicalExamples.AdvanceShipNotice) });
    expect(outputs[0]![0]).toMatchObject({ documentType: 'asn' });
    expect(node.services.ledger.documents.get(documentId)).toMatchObject({
      documentType: 'asn', status: 'received', keys: { shipmentId: 'SH-550021', poNumber: 'PO-10045' }, canonical: canonicalExamples.AdvanceShipNotice,
    });
  });

  it('records located errors and the keys it could read; leaves the status to a waiting caller, else fails the document', async () => {
    const node = await createNodeHarness(validateNode, { schema: 'PurchaseOrderAcknowledgement' });
    const ledger = node.services.ledger;
    const waiting = ledger.record({ direction: 'in', channel: 'intake', documentType: 'http-request', status: 'received', correlationId: 'c-2' });
    const unattended = ledger.record({ direction: 'in', channel: 'intake', documentType: 'http-request', status: 'received', correlationId: 'c-3' });
    const invalid = { poNumber: 'PO-1001', ackNumber: 'A-9', status: 'maybe', lines: [] };
    const res = { sent: false, header: () => undefined, send: () => undefined };
    await node.send({ correlationId: 'c-2', ledgerId: waiting, payload: invalid, res });
    await node.send({ correlationId: 'c-3', ledgerId: unattended, payload: structuredClone(invalid) });
    const first = ledger.documents.get(waiting)!;
    expect(first).toMatchObject({ status: 'received', keys: { poNumber: 'PO-1001', ackNumber: 'A-9' } });
    expect(first.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: '$.status' })]));
    expect(first.canonical).toBeUndefined();
    expect(ledger.documents.get(unattended)).toMatchObject({ status: 'failed', errors: first.errors });
  });

  it('reads keys by the type intake named for an inline schema, and keeps the recorded type', async () => {
    const node = await createNodeHarness(validateNode, { schema: 'inline', inlineSchema: { type: 'object', required: ['asnNumber', 'orders'] } });
    const documentId = node.services.ledger.record({ direction: 'in', channel: 'intake', documentType: 'asn', status: 'received', correlationId: 'c-4' });
    await node.send({ correlationId: 'c-4', ledgerId: documentId, documentType: 'asn', payload: { asnNumber: 'SH-7', orders: [{ poNumber: 'PO-8' }, { poNumber: 'PO-9' }] } });
    const recorded = node.services.ledger.documents.get(documentId)!;
    expect(recorded).toMatchObject({ documentType: 'asn', keys: { shipmentId: 'SH-7', poNumber: 'PO-8' }, facts: { poNumbers: 'PO-8 PO-9' } });
    expect(recorded.canonical).toBeUndefined();
  });

  it('records nothing for a message without a ledger document', async () => {
    const node = await createNodeHarness(validateNode, { schema: 'Invoice' });
    await node.send({ payload: structuredClone(canonicalExamples.Invoice) });
    await node.send({ payload: {} });
    expect(node.services.ledger.patches).toHaveLength(0);
    expect(node.services.ledger.all()).toHaveLength(0);
  });
});
