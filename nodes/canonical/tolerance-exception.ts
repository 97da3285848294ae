// Turns tl-tolerance's findings into an exception for the work queue: each deviation located at the field of the document that holds it.
import type { BusinessKeys, ExceptionInput, LedgerError } from '../sdk/index.js';
import type { ToleranceException } from './tolerance-rules.js';
import type { AdvanceShipNotice, PurchaseOrder, PurchaseOrderAcknowledgement } from './types.js';

export const TOLERANCE_EXCEPTION_KIND = 'tolerance';

const ACK_FIELD: Record<ToleranceException['field'], string> = { qty: 'promisedQty', unitPrice: 'promisedUnitPrice', date: 'promisedDate', uom: 'uom', line: 'line' };

function ackPath(ack: PurchaseOrderAcknowledgement, root: string, found: ToleranceException): string {
  if (!ack.lines.length) return `${root}.status`;
  const entries = ack.lines.map((line, index) => ({ line, index })).filter((entry) => entry.line.line === found.line);
  const field = ACK_FIELD[found.field];
  // Several entries may share a line (a split schedule): the one that holds the deviating value, else the first.
  const holder = entries.find((entry) => (entry.line as unknown as Record<string, unknown>)[field] === found.promised) ?? entries[0];
  return holder ? `${root}.lines[${holder.index}].${field}` : `${root}.lines`;
}

function shipNoticePath(asn: AdvanceShipNotice, po: PurchaseOrder, root: string, found: ToleranceException): string {
  if (found.field === 'date') return `${root}.${asn.estimatedDeliveryDate ? 'estimatedDeliveryDate' : 'shipDate'}`;
  for (const [orderIndex, order] of asn.orders.entries()) {
    if (order.poNumber !== po.poNumber) continue;
    for (const [packIndex, pack] of order.packs.entries()) {
      for (const [itemIndex, item] of pack.items.entries()) {
        if (item.line !== found.line || (found.field === 'uom' && item.uom !== found.promised)) continue;
        return `${root}.orders[${orderIndex}].packs[${packIndex}].items[${itemIndex}].${found.field === 'uom' ? 'uom' : found.field === 'line' ? 'line' : 'qty'}`;
      }
    }
  }
  return `${root}.orders`;
}

export interface ToleranceExceptionContext {
  kind: 'acknowledgement' | 'ship-notice';
  document: PurchaseOrderAcknowledgement | AdvanceShipNotice;
  purchaseOrder: PurchaseOrder;
  /** Where the document sits on the message, e.g. "payload". */
  root: string;
}

export function toleranceKeys(context: ToleranceExceptionContext): BusinessKeys {
  const { document, kind, purchaseOrder } = context;
  if (kind === 'acknowledgement') {
    const ackNumber = (document as PurchaseOrderAcknowledgement).ackNumber;
    return { poNumber: purchaseOrder.poNumber, ...(ackNumber ? { ackNumber } : {}) };
  }
  return { poNumber: purchaseOrder.poNumber, shipmentId: (document as AdvanceShipNotice).asnNumber };
}

export function toleranceDetails(context: ToleranceExceptionContext, found: ToleranceException[]): LedgerError[] {
  return found.map((entry) => ({
    path: context.kind === 'acknowledgement'
      ? ackPath(context.document as PurchaseOrderAcknowledgement, context.root, entry)
      : shipNoticePath(context.document as AdvanceShipNotice, context.purchaseOrder, context.root, entry),
    message: `line ${entry.line}: ${entry.reason}`,
    line: entry.line,
    field: entry.field,
    expected: entry.ordered,
    actual: entry.promised,
    allowed: entry.limit,
    deviation: entry.deviation,
    unit: entry.field === 'date' ? 'days' : entry.field === 'qty' || entry.field === 'unitPrice' ? '%' : null,
  }));
}

export function toleranceExceptionInput(context: ToleranceExceptionContext, found: ToleranceException[]): Omit<ExceptionInput, 'correlationId'> {
  const noun = context.kind === 'acknowledgement'
    ? `acknowledgement ${(context.document as PurchaseOrderAcknowledgement).ackNumber ?? '(no number)'}`
    : `ship notice ${(context.document as AdvanceShipNotice).asnNumber}`;
  const fields = [...new Set(found.map((entry) => entry.field))].join(', ');
  return {
    kind: TOLERANCE_EXCEPTION_KIND,
    keys: toleranceKeys(context),
    summary: `${noun} for ${context.purchaseOrder.poNumber} is beyond tolerance: ${found.length} deviation${found.length === 1 ? '' : 's'} (${fields})`,
    details: toleranceDetails(context, found),
  };
}
