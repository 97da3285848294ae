// Acknowledgement changes against the purchase order: quantity, price and date per line, unanswered lines, and what is compared without the order.
import { describe, expect, it } from 'vitest';
import { acknowledgementChanges } from '../../runtime/ledger/ack-changes.js';

const order = {
  poNumber: 'PO-1001', requestedDeliveryDate: '2026-12-10',
  lines: [
    { line: 1, sku: 'A-1', qty: 50, uom: 'EA', unitPrice: 2.5 },
    { line: 2, sku: 'B-2', qty: 10, uom: 'EA', unitPrice: 9, requestedDate: '2026-12-12' },
    { line: 3, sku: 'C-3', qty: 5, uom: 'EA' },
  ],
};
const ids = { acknowledgementId: 'd-ack', purchaseOrderId: 'd-po' };

describe('acknowledgementChanges', () => {
  it('lists per line what the supplier changed, keeps lines acknowledged as ordered with no changes, and names the lines it did not answer', () => {
    const ack = {
      poNumber: 'PO-1001', status: 'changed',
      lines: [
        { line: 1, status: 'changed', promisedQty: 40, uom: 'EA', promisedUnitPrice: 2.5, promisedDate: '2026-12-15', reason: 'short stock' },
        { line: 2, status: 'accepted', promisedQty: 10, uom: 'EA', promisedUnitPrice: 9.5, promisedDate: '2026-12-12T00:00:00Z' },
      ],
    };
    expect(acknowledgementChanges(ids, { kind: 'canonical', value: ack }, { kind: 'canonical', value: order })).toEqual({
      acknowledgementId: 'd-ack', purchaseOrderId: 'd-po', status: 'changed', unansweredLines: [3],
      lines: [
        { line: 1, sku: 'A-1', status: 'changed', reason: 'short stock', changes: [{ field: 'quantity', ordered: 50, promised: 40 }, { field: 'date', ordered: '2026-12-10', promised: '2026-12-15' }] },
        { line: 2, sku: 'B-2', status: 'accepted', changes: [{ field: 'unitPrice', ordered: 9, promised: 9.5 }] },
      ],
    });
  });

  it('compares against the quantities the acknowledgement repeats when the order is not stored, and says so', () => {
    const result = acknowledgementChanges({ acknowledgementId: 'd-ack' }, { kind: 'canonical', value: { status: 'accepted', lines: [{ line: 1, sku: 'A-1', status: 'accepted', orderedQty: 50, promisedQty: 45, uom: 'EA' }] } }, undefined);
    expect(result.lines).toEqual([{ line: 1, sku: 'A-1', status: 'accepted', changes: [{ field: 'quantity', ordered: 50, promised: 45 }] }]);
    expect(result.note).toBe("the purchase order's payload is not stored: only the quantities the acknowledgement repeats are compared");
  });

  it('compares the raw acknowledgement when the flow stores no canonical form, and says so', () => {
    const result = acknowledgementChanges(ids, { kind: 'raw', value: { lines: [{ line: 3, status: 'backordered' }] } }, { kind: 'canonical', value: order });
    expect(result).toMatchObject({ lines: [{ line: 3, sku: 'C-3', status: 'backordered', changes: [] }], unansweredLines: [1, 2] });
    expect(result.note).toMatch(/^the flow stores no canonical form of the acknowledgement/);
    expect(result.unavailable).toBeUndefined();
  });

  it('reports an acknowledgement whose canonical form is not stored instead of inventing lines', () => {
    expect(acknowledgementChanges(ids, undefined, { kind: 'canonical', value: order })).toMatchObject({ lines: [], unansweredLines: [], unavailable: expect.stringMatching(/is stored/) });
    expect(acknowledgementChanges(ids, { kind: 'raw', value: 'ISA*00*...' }, undefined).unavailable).toMatch(/with lines/);
  });
});
