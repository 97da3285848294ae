// What an acknowledgement changed against its purchase order, line by line: quantity, unit price and date, from the two canonical payloads.

/** One field the supplier answered differently from the order. */
export interface FieldChange {
  field: 'quantity' | 'unitPrice' | 'date';
  ordered: number | string | null;
  promised: number | string | null;
}

export interface AcknowledgedLine {
  line: number;
  sku?: string;
  /** The line status the supplier sent: accepted, changed, rejected, backordered. */
  status: string;
  changes: FieldChange[];
  reason?: string;
}

export interface AcknowledgementChanges {
  acknowledgementId: string;
  purchaseOrderId?: string;
  /** The acknowledgement's header status: accepted, changed, rejected. */
  status?: string;
  lines: AcknowledgedLine[];
  /** Lines of the order the acknowledgement does not mention. */
  unansweredLines: number[];
  /** Why no line could be compared (no payload of the acknowledgement with lines is stored). */
  unavailable?: string;
  /** What limits the comparison that was made (compared as the partner sent it; the order's payload is not stored). */
  note?: string;
}

type Json = Record<string, unknown>;

/** A stored payload parsed: the canonical form, or the raw one when the flow stored no canonical form. */
export interface StoredDocumentJson {
  kind: 'canonical' | 'raw';
  value: unknown;
}

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const linesOf = (document: Json): Json[] => (Array.isArray(document.lines) ? document.lines.filter(isObject) : []);
const valueOf = (value: unknown): number | string | null => (typeof value === 'number' || typeof value === 'string' ? value : null);

function change(field: FieldChange['field'], ordered: unknown, promised: unknown): FieldChange | undefined {
  // Only a value the supplier sent can differ; a date is compared by its day (2026-12-01 equals 2026-12-01T00:00:00Z).
  if (promised === undefined || promised === null) return undefined;
  const same = field === 'date' ? String(ordered ?? '').slice(0, 10) === String(promised).slice(0, 10) : Number(ordered) === Number(promised);
  return same ? undefined : { field, ordered: valueOf(ordered), promised: valueOf(promised) };
}

function compareLine(ackLine: Json, orderLine: Json | undefined, orderDate: unknown): AcknowledgedLine {
  const ordered = orderLine ?? {};
  const changes = [
    change('quantity', ordered.qty ?? ackLine.orderedQty, ackLine.promisedQty),
    change('unitPrice', ordered.unitPrice, ackLine.promisedUnitPrice),
    change('date', ordered.requestedDate ?? orderDate, ackLine.promisedDate),
  ].filter((found): found is FieldChange => found !== undefined);
  const sku = typeof ackLine.sku === 'string' ? ackLine.sku : typeof ordered.sku === 'string' ? ordered.sku : undefined;
  return {
    line: Number(ackLine.line), status: String(ackLine.status ?? 'accepted'), changes,
    ...(sku ? { sku } : {}), ...(typeof ackLine.reason === 'string' ? { reason: ackLine.reason } : {}),
  };
}

function notesOf(acknowledgement: StoredDocumentJson, order: StoredDocumentJson | undefined): string | undefined {
  const notes = [
    acknowledgement.kind === 'raw' ? 'the flow stores no canonical form of the acknowledgement: compared as the partner sent it' : undefined,
    !order ? 'the purchase order\'s payload is not stored: only the quantities the acknowledgement repeats are compared' : undefined,
  ].filter(Boolean);
  return notes.length ? notes.join('; ') : undefined;
}

/** Compares an acknowledgement with its order; without the order, against the quantities the ack repeats. */
export function acknowledgementChanges(ids: { acknowledgementId: string; purchaseOrderId?: string }, stored: StoredDocumentJson | undefined, storedOrder: StoredDocumentJson | undefined): AcknowledgementChanges {
  const base = { acknowledgementId: ids.acknowledgementId, ...(ids.purchaseOrderId ? { purchaseOrderId: ids.purchaseOrderId } : {}), lines: [], unansweredLines: [] };
  const acknowledgement = stored?.value;
  if (!stored || !isObject(acknowledgement) || !Array.isArray(acknowledgement.lines)) return { ...base, unavailable: 'no payload of the acknowledgement with lines is stored (payload retention, capture off, or not JSON)' };
  const order = isObject(storedOrder?.value) ? storedOrder.value : undefined;
  const byLine = new Map((order ? linesOf(order) : []).map((line) => [Number(line.line), line]));
  const lines = linesOf(acknowledgement).map((line) => compareLine(line, byLine.get(Number(line.line)), order?.requestedDeliveryDate));
  const answered = new Set(lines.map((line) => line.line));
  const note = notesOf(stored, order ? storedOrder : undefined);
  return {
    ...base,
    ...(typeof acknowledgement.status === 'string' ? { status: acknowledgement.status } : {}),
    lines,
    unansweredLines: [...byLine.keys()].filter((line) => !answered.has(line)).sort((a, b) => a - b),
    ...(note ? { note } : {}),
  };
}
