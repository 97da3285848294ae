// Pure tolerance comparison of an acknowledgement or ship notice against its purchase order: quantity %, price %, date slip.
import type { TolerancePolicy } from '../sdk/index.js';
import type { AdvanceShipNotice, PurchaseOrder, PurchaseOrderAcknowledgement, PurchaseOrderLine } from './types.js';

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

/** Every deviation of an acknowledgement from its PO that exceeds the policy; empty when within tolerance. */
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
  for (const ackLine of ack.lines) {
    const line = poLines.get(ackLine.line);
    if (!line) {
      exceptions.push(unknownLine(po, ackLine.line));
      continue;
    }
    if (ackLine.uom && ackLine.uom !== line.uom) {
      exceptions.push(unitMismatch(line, ackLine.uom));
    } else {
      const promisedQty = ackLine.promisedQty ?? (ackLine.status === 'accepted' ? line.qty : ackLine.status === 'rejected' ? 0 : undefined);
      const prefix = ackLine.status === 'rejected' ? 'line rejected: ' : '';
      const quantity = promisedQty === undefined ? undefined : quantityCheck(line, promisedQty, policy, 'promised quantity', prefix);
      if (quantity) exceptions.push(quantity);
      if (ackLine.status !== 'rejected' && ackLine.promisedUnitPrice !== undefined && line.unitPrice !== undefined) {
        const deviation = percentDeviation(line.unitPrice, ackLine.promisedUnitPrice);
        if (deviation > policy.pricePct + EPSILON) {
          exceptions.push({
            line: line.line,
            field: 'unitPrice',
            ordered: line.unitPrice,
            promised: ackLine.promisedUnitPrice,
            deviation: Number.isFinite(deviation) ? deviation : null,
            limit: policy.pricePct,
            reason: `promised unit price ${ackLine.promisedUnitPrice} is ${formatPercent(deviation)} ${direction(line.unitPrice, ackLine.promisedUnitPrice)} ordered ${line.unitPrice} (tolerance ${policy.pricePct}%)`,
          });
        }
      }
    }
    if (ackLine.status !== 'rejected') {
      const late = dateCheck(po, line, ackLine.promisedDate, policy, 'promised date');
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
