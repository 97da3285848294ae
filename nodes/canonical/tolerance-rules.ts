// Pure tolerance comparison of an acknowledgement or ship notice against its purchase order: quantity %, price %, date slip.
import type { TolerancePolicy } from '../sdk/index.js';
import type { AdvanceShipNotice, PurchaseOrder, PurchaseOrderAcknowledgement, PurchaseOrderAcknowledgementLine, PurchaseOrderLine } from './types.js';

export type ToleranceField = 'qty' | 'unitPrice' | 'date' | 'uom' | 'line';

export interface ToleranceException {
  line: number;
  field: ToleranceField;
  ordered: number | string | null;
  promised: number | string | null;
  /** Percent for qty and unitPrice, days for date; null when not measurable (unit mismatch, unknown line). */
  deviation: number | null;
  limit: number | null;
  reason: string;
}

const DAY_MS = 86_400_000;
/** Float noise must not turn an exact 5% change into "beyond 5%". */
const EPSILON = 1e-9;

function percentDeviation(ordered: number, actual: number): number {
  if (ordered === 0) return actual === 0 ? 0 : Infinity;
  return Math.round((Math.abs(actual - ordered) / ordered) * 100 * 100) / 100;
}

function days(isoDate: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return undefined;
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${Math.abs(count) === 1 ? '' : 's'}`;
}

function formatPercent(value: number): string {
  return Number.isFinite(value) ? `${value}%` : 'infinitely';
}

function direction(ordered: number, actual: number): string {
  return actual < ordered ? 'below' : 'above';
}

function requestedDateOf(po: PurchaseOrder, line: PurchaseOrderLine): string | undefined {
  return line.requestedDate ?? po.requestedDeliveryDate;
}

function quantityCheck(line: PurchaseOrderLine, actual: number, policy: TolerancePolicy, noun: string, prefix = ''): ToleranceException | undefined {
  const deviation = percentDeviation(line.qty, actual);
  if (deviation <= policy.quantityPct + EPSILON) return undefined;
  return {
    line: line.line,
    field: 'qty',
    ordered: line.qty,
    promised: actual,
    deviation: Number.isFinite(deviation) ? deviation : null,
    limit: policy.quantityPct,
    reason: `${prefix}${noun} ${actual} ${line.uom} is ${formatPercent(deviation)} ${direction(line.qty, actual)} ordered ${line.qty} ${line.uom} (tolerance ${policy.quantityPct}%)`,
  };
}

function dateCheck(po: PurchaseOrder, line: PurchaseOrderLine, actual: string | undefined, policy: TolerancePolicy, noun: string): ToleranceException | undefined {
  const requested = requestedDateOf(po, line);
  if (!requested || !actual) return undefined;
  const requestedDay = days(requested);
  const actualDay = days(actual);
  if (requestedDay === undefined || actualDay === undefined) return undefined;
  const slip = actualDay - requestedDay;
  if (slip <= policy.dateDays) return undefined;
  return {
    line: line.line,
    field: 'date',
    ordered: requested,
    promised: actual,
    deviation: slip,
    limit: policy.dateDays,
    reason: `${noun} ${actual} is ${plural(slip, 'day')} after requested ${requested} (tolerance ${plural(policy.dateDays, 'day')})`,
  };
}

function unitMismatch(line: PurchaseOrderLine, unit: string): ToleranceException {
  return {
    line: line.line,
    field: 'uom',
    ordered: line.uom,
    promised: unit,
    deviation: null,
    limit: null,
    reason: `unit ${unit} differs from ordered unit ${line.uom}, so quantities cannot be compared (convert units with an xref node first)`,
  };
}

function unknownLine(po: PurchaseOrder, lineNumber: number): ToleranceException {
  return { line: lineNumber, field: 'line', ordered: null, promised: lineNumber, deviation: null, limit: null, reason: `line ${lineNumber} is not on purchase order ${po.poNumber}` };
}

function linesByNumber(po: PurchaseOrder): Map<number, PurchaseOrderLine> {
  return new Map(po.lines.map((line) => [line.line, line]));
}

function priceCheck(line: PurchaseOrderLine, promised: number, policy: TolerancePolicy): ToleranceException | undefined {
  if (line.unitPrice === undefined) return undefined;
  const deviation = percentDeviation(line.unitPrice, promised);
  if (deviation <= policy.pricePct + EPSILON) return undefined;
  return {
    line: line.line,
    field: 'unitPrice',
    ordered: line.unitPrice,
    promised,
    deviation: Number.isFinite(deviation) ? deviation : null,
    limit: policy.pricePct,
    reason: `promised unit price ${promised} is ${formatPercent(deviation)} ${direction(line.unitPrice, promised)} ordered ${line.unitPrice} (tolerance ${policy.pricePct}%)`,
  };
}

/** The quantity an acknowledgement entry commits to: its promisedQty, else all of it (accepted) or none (rejected). */
function committedQuantity(entry: PurchaseOrderAcknowledgementLine, ordered: number): number | undefined {
  if (entry.promisedQty !== undefined) return entry.promisedQty;
  if (entry.status === 'accepted') return ordered;
  if (entry.status === 'rejected') return 0;
  return undefined;
}

/**
 * Every deviation of an acknowledgement from its PO that exceeds the policy; empty when within tolerance.
 * A PO line may be acknowledged in several entries (a split schedule: 300 now, 200 later): quantities are summed
 * per line, while unit, price and date are checked per entry.
 */
export function compareAcknowledgement(po: PurchaseOrder, ack: PurchaseOrderAcknowledgement, policy: TolerancePolicy): ToleranceException[] {
  const poLines = linesByNumber(po);
  const exceptions: ToleranceException[] = [];
  if (ack.status === 'rejected' && ack.lines.length === 0) {
    for (const line of po.lines) {
      const rejected = quantityCheck(line, 0, policy, 'promised quantity', 'order rejected: ');
      if (rejected) exceptions.push(rejected);
    }
    return exceptions;
  }
  const entriesByLine = new Map<number, PurchaseOrderAcknowledgementLine[]>();
  for (const entry of ack.lines) entriesByLine.set(entry.line, [...(entriesByLine.get(entry.line) ?? []), entry]);

  for (const [lineNumber, entries] of entriesByLine) {
    const line = poLines.get(lineNumber);
    if (!line) {
      exceptions.push(unknownLine(po, lineNumber));
      continue;
    }
    const foreignUnit = entries.find((entry) => entry.uom && entry.uom !== line.uom)?.uom;
    if (foreignUnit) exceptions.push(unitMismatch(line, foreignUnit));
    else {
      const quantities = entries.map((entry) => committedQuantity(entry, line.qty));
      if (quantities.every((qty) => qty !== undefined)) {
        const total = Math.round(quantities.reduce((sum, qty) => sum + qty, 0) * 1e6) / 1e6;
        const prefix = entries.every((entry) => entry.status === 'rejected') ? 'line rejected: ' : '';
        const quantity = quantityCheck(line, total, policy, 'promised quantity', prefix);
        if (quantity) exceptions.push(quantity);
      }
      for (const entry of entries) {
        const price = entry.status !== 'rejected' && entry.promisedUnitPrice !== undefined ? priceCheck(line, entry.promisedUnitPrice, policy) : undefined;
        if (price) exceptions.push(price);
      }
    }
    for (const entry of entries) {
      const late = entry.status !== 'rejected' ? dateCheck(po, line, entry.promisedDate, policy, 'promised date') : undefined;
      if (late) exceptions.push(late);
    }
  }
  return exceptions;
}

/** Deviations of a ship notice's orders for this PO: shipped quantity per line, unit, and delivery (or ship) date. */
export function compareShipNotice(po: PurchaseOrder, asn: AdvanceShipNotice, policy: TolerancePolicy): ToleranceException[] {
  const poLines = linesByNumber(po);
  const shipped = new Map<number, { qty: number; units: Set<string> }>();
  for (const order of asn.orders.filter((entry) => entry.poNumber === po.poNumber)) {
    for (const pack of order.packs) {
      for (const item of pack.items) {
        const total = shipped.get(item.line) ?? { qty: 0, units: new Set<string>() };
        total.qty += item.qty;
        total.units.add(item.uom);
        shipped.set(item.line, total);
      }
    }
  }
  const arrival = asn.estimatedDeliveryDate ?? asn.shipDate;
  const arrivalNoun = asn.estimatedDeliveryDate ? 'estimated delivery' : 'ship date';
  const exceptions: ToleranceException[] = [];
  for (const [lineNumber, total] of shipped) {
    const line = poLines.get(lineNumber);
    if (!line) {
      exceptions.push(unknownLine(po, lineNumber));
      continue;
    }
    const foreignUnit = [...total.units].find((unit) => unit !== line.uom);
    if (foreignUnit) exceptions.push(unitMismatch(line, foreignUnit));
    else {
      const quantity = quantityCheck(line, Math.round(total.qty * 1e6) / 1e6, policy, 'shipped quantity');
      if (quantity) exceptions.push(quantity);
    }
    const late = dateCheck(po, line, arrival, policy, arrivalNoun);
    if (late) exceptions.push(late);
  }
  return exceptions;
}
