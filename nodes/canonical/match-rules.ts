// Pure three-way match of an invoice against its purchase order and ship notices: item, unit, price and quantity per SKU, under a tolerance.
import type { AdvanceShipNotice, Invoice, InvoiceLine, PurchaseOrder, PurchaseOrderLine, ShipNoticeItem } from './types.js';

export type MatchField = 'item' | 'uom' | 'unitPrice' | 'qty' | 'currency' | 'asnNumber';

/** One located deviation; it is also what the exception stores as a detail (a type, not an interface, so it is a LedgerError). */
export type MatchMismatch = {
  /** Where in the message the deviating value sits, e.g. payload.lines[1].unitPrice. */
  path: string;
  message: string;
  field: MatchField;
  /** Invoice line number (ship notice line number for an over-shipment); null for header fields. */
  line: number | null;
  sku: string | null;
  /** What the value was compared with. */
  against: 'purchaseOrder' | 'shipNotice';
  expected: number | string | null;
  actual: number | string | null;
  /** The tolerance in percent that applied; null where none can (unit, item, currency). */
  allowedPct: number | null;
  /** How far off, in percent of expected; null where not measurable (nothing shipped, unit mismatch). */
  deviationPct: number | null;
};

export interface MatchPolicy {
  quantityPct: number;
  pricePct: number;
}

/** A ship notice with where it sits on the message, so its items can be located. */
export interface LocatedShipNotice {
  asn: AdvanceShipNotice;
  path: string;
}

export interface MatchInput {
  purchaseOrder: PurchaseOrder;
  invoice: Invoice;
  invoicePath: string;
  /** undefined: no ship notice in play (a two-way match of invoice against PO). */
  shipNotices?: LocatedShipNotice[];
  /** Invoices already accepted for this PO: their quantities count against what was ordered and shipped. */
  previousInvoices?: Invoice[];
  policy: MatchPolicy;
}

/** Float noise must not turn an exact 5% into "beyond 5%". */
const EPSILON = 1e-9;

const round = (value: number) => Math.round(value * 1e6) / 1e6;

function deviationPct(expected: number, actual: number): number | null {
  if (expected === 0) return null;
  return Math.round((Math.abs(actual - expected) / expected) * 100 * 100) / 100;
}

function beyond(expected: number, actual: number, pct: number): boolean {
  return actual > expected * (1 + pct / 100) + EPSILON;
}

interface PoIndex {
  bySku: Map<string, PurchaseOrderLine[]>;
  skuOfSupplierItem: Map<string, string>;
}

function indexPurchaseOrder(po: PurchaseOrder): PoIndex {
  const bySku = new Map<string, PurchaseOrderLine[]>();
  const skuOfSupplierItem = new Map<string, string>();
  for (const line of po.lines) {
    // A PO line known only by GTIN or supplier item has no SKU to match on until an xref node resolves it.
    if (!line.sku) continue;
    bySku.set(line.sku, [...(bySku.get(line.sku) ?? []), line]);
    if (line.supplierItem) skuOfSupplierItem.set(line.supplierItem, line.sku);
  }
  return { bySku, skuOfSupplierItem };
}

/** Our SKU for a line: its sku (as an xref node or the buyer part number set it), else the PO line with the same supplier item. */
function skuOf(index: PoIndex, line: { sku?: string; supplierItem?: string }): string | undefined {
  if (line.sku) return line.sku;
  return line.supplierItem ? index.skuOfSupplierItem.get(line.supplierItem) : undefined;
}

interface SkuTotals {
  /** First invoice line of the SKU: quantity deviations are located there. */
  firstLine: { line: InvoiceLine; index: number };
  invoiced: number;
  foreignUnit: boolean;
}

class MatchRun {
  readonly mismatches: MatchMismatch[] = [];
  private readonly index: PoIndex;
  private readonly po: PurchaseOrder;
  private readonly unit = new Map<string, string>();

  constructor(private readonly input: MatchInput) {
    this.po = input.purchaseOrder;
    this.index = indexPurchaseOrder(this.po);
    for (const [sku, lines] of this.index.bySku) this.unit.set(sku, lines[0]!.uom);
  }

  private add(mismatch: MatchMismatch): void {
    this.mismatches.push(mismatch);
  }

  private linePath(index: number, field: string): string {
    return `${this.input.invoicePath}.lines[${index}].${field}`;
  }

  run(): MatchMismatch[] {
    const { invoice } = this.input;
    const comparePrices = this.checkCurrency();
    const shipNotices = this.shipNoticesInPlay();
    const totals = new Map<string, SkuTotals>();
    invoice.lines.forEach((line, index) => {
      const sku = this.checkItem(line, index);
      if (!sku) return;
      const poLines = this.index.bySku.get(sku)!;
      const total = totals.get(sku) ?? { firstLine: { line, index }, invoiced: 0, foreignUnit: false };
      totals.set(sku, total);
      total.invoiced = round(total.invoiced + line.qty);
      if (line.uom !== poLines[0]!.uom) {
        total.foreignUnit = true;
        this.add({ path: this.linePath(index, 'uom'), field: 'uom', line: line.line, sku, against: 'purchaseOrder', expected: poLines[0]!.uom, actual: line.uom, allowedPct: null, deviationPct: null,
          message: `line ${line.line}: unit ${line.uom} differs from ordered unit ${poLines[0]!.uom} for ${sku}, so quantities and prices cannot be compared (convert units with an xref node first)` });
        return;
      }
      if (comparePrices) this.checkPrice(line, index, sku, poLines);
    });
    for (const [sku, total] of totals) if (!total.foreignUnit) this.checkQuantities(sku, total, shipNotices);
    return this.mismatches;
  }

  private checkCurrency(): boolean {
    const { invoice } = this.input;
    if (!invoice.currency || !this.po.currency || invoice.currency === this.po.currency) return true;
    this.add({ path: `${this.input.invoicePath}.currency`, field: 'currency', line: null, sku: null, against: 'purchaseOrder', expected: this.po.currency, actual: invoice.currency, allowedPct: null, deviationPct: null,
      message: `invoice is in ${invoice.currency} but purchase order ${this.po.poNumber} is in ${this.po.currency}, so prices cannot be compared` });
    return false;
  }

  /** The ship notices whose quantities count: those the invoice names (asnNumber), else all; only their orders for this PO. */
  private shipNoticesInPlay(): { all: LocatedShipNotice[]; referenced?: LocatedShipNotice[] } | undefined {
    const { shipNotices, invoice } = this.input;
    if (!shipNotices) return undefined;
    if (!invoice.asnNumber) return { all: shipNotices };
    const referenced = shipNotices.filter((entry) => entry.asn.asnNumber === invoice.asnNumber);
    if (!referenced.length) {
      const known = shipNotices.map((entry) => entry.asn.asnNumber);
      this.add({ path: `${this.input.invoicePath}.asnNumber`, field: 'asnNumber', line: null, sku: null, against: 'shipNotice', expected: known.join(', ') || null, actual: invoice.asnNumber, allowedPct: null, deviationPct: null,
        message: `invoice bills ship notice ${invoice.asnNumber}, which is not among the ship notices of ${this.po.poNumber} (${known.join(', ') || 'none'})` });
    }
    return { all: shipNotices, referenced };
  }

  private checkItem(line: InvoiceLine, index: number): string | undefined {
    const sku = skuOf(this.index, line);
    if (sku && this.index.bySku.has(sku)) return sku;
    const path = this.linePath(index, line.sku || !line.supplierItem ? 'sku' : 'supplierItem');
    const message = sku
      ? `line ${line.line}: ${sku} is not on purchase order ${this.po.poNumber}`
      : `line ${line.line}: no SKU${line.supplierItem ? `, and supplier item ${line.supplierItem} is not on purchase order ${this.po.poNumber}` : ''} (resolve supplier items to SKUs with an xref node first)`;
    this.add({ path, field: 'item', line: line.line, sku: sku ?? null, against: 'purchaseOrder', expected: null, actual: sku ?? line.supplierItem ?? null, allowedPct: null, deviationPct: null, message });
    return undefined;
  }

  private checkPrice(line: InvoiceLine, index: number, sku: string, poLines: PurchaseOrderLine[]): void {
    const reference = poLines.find((candidate) => candidate.line === line.line) ?? poLines[0]!;
    const { pricePct } = this.input.policy;
    const base = { path: this.linePath(index, 'unitPrice'), field: 'unitPrice' as const, line: line.line, sku, against: 'purchaseOrder' as const, actual: line.unitPrice, allowedPct: pricePct };
    if (reference.unitPrice === undefined) {
      this.add({ ...base, expected: null, deviationPct: null, message: `line ${line.line}: PO line ${reference.line} (${sku}) has no unit price, so the invoiced ${line.unitPrice} cannot be verified` });
      return;
    }
    const deviation = deviationPct(reference.unitPrice, line.unitPrice);
    if (deviation !== null ? deviation <= pricePct + EPSILON : line.unitPrice === 0) return;
    const direction = line.unitPrice < reference.unitPrice ? 'below' : 'above';
    this.add({ ...base, expected: reference.unitPrice, deviationPct: deviation,
      message: `line ${line.line}: unit price ${line.unitPrice} for ${sku} is ${deviation ?? 'infinitely'}${deviation !== null ? '%' : ''} ${direction} ordered ${reference.unitPrice} (tolerance ${pricePct}%)` });
  }

  private invoicedBefore(sku: string): number {
    let total = 0;
    for (const previous of this.input.previousInvoices ?? []) {
      for (const line of previous.lines) if (skuOf(this.index, line) === sku && line.uom === this.unit.get(sku)) total += line.qty;
    }
    return round(total);
  }

  /** Shipped quantity of the SKU on these ship notices (their orders for this PO); null when a unit differs (reported). */
  private shipped(sku: string, notices: LocatedShipNotice[], report: boolean): { qty: number; crossedAt?: { path: string; item: ShipNoticeItem } } | null {
    let qty = 0;
    const ordered = this.orderedOf(sku);
    let crossedAt: { path: string; item: ShipNoticeItem } | undefined;
    for (const { asn, path } of notices) {
      asn.orders.forEach((order, orderIndex) => {
        if (order.poNumber !== this.po.poNumber) return;
        order.packs.forEach((pack, packIndex) => pack.items.forEach((item, itemIndex) => {
          if (skuOf(this.index, item) !== sku) return;
          const itemPath = `${path}.orders[${orderIndex}].packs[${packIndex}].items[${itemIndex}]`;
          if (item.uom !== this.unit.get(sku)) {
            qty = NaN;
            if (report) this.add({ path: `${itemPath}.uom`, field: 'uom', line: item.line, sku, against: 'purchaseOrder', expected: this.unit.get(sku)!, actual: item.uom, allowedPct: null, deviationPct: null,
              message: `ship notice ${asn.asnNumber}: unit ${item.uom} differs from ordered unit ${this.unit.get(sku)} for ${sku}, so shipped quantities cannot be compared` });
            return;
          }
          qty += item.qty;
          if (!crossedAt && beyond(ordered, qty, this.input.policy.quantityPct)) crossedAt = { path: `${itemPath}.qty`, item };
        }));
      });
    }
    return Number.isNaN(qty) ? null : { qty: round(qty), ...(crossedAt ? { crossedAt } : {}) };
  }

  private orderedOf(sku: string): number {
    return round(this.index.bySku.get(sku)!.reduce((sum, line) => sum + line.qty, 0));
  }

  private checkQuantities(sku: string, total: SkuTotals, notices: ReturnType<MatchRun['shipNoticesInPlay']>): void {
    const { quantityPct } = this.input.policy;
    const ordered = this.orderedOf(sku);
    const uom = this.unit.get(sku)!;
    const before = this.invoicedBefore(sku);
    const { line, index } = total.firstLine;
    const base = { path: this.linePath(index, 'qty'), field: 'qty' as const, line: line.line, sku, allowedPct: quantityPct };
    const earlier = before ? ` (${before} ${uom} invoiced before)` : '';
    let reportedAgainstShipped = false;
    if (notices) {
      const all = this.shipped(sku, notices.all, true);
      if (all === null) return;
      if (all.crossedAt) {
        this.add({ path: all.crossedAt.path, field: 'qty', line: all.crossedAt.item.line, sku, against: 'purchaseOrder', expected: ordered, actual: all.qty, allowedPct: quantityPct, deviationPct: deviationPct(ordered, all.qty),
          message: `${all.qty} ${uom} of ${sku} shipped against ${ordered} ${uom} ordered (tolerance ${quantityPct}%)` });
      }
      const billed = notices.referenced ? this.shipped(sku, notices.referenced, false) : all;
      const invoiced = notices.referenced ? total.invoiced : round(total.invoiced + before);
      if (billed && beyond(billed.qty, invoiced, quantityPct)) {
        reportedAgainstShipped = true;
        const where = notices.referenced ? ` on ship notice ${this.input.invoice.asnNumber}` : '';
        this.add({ ...base, against: 'shipNotice', expected: billed.qty, actual: invoiced, deviationPct: deviationPct(billed.qty, invoiced),
          message: `line ${line.line}: ${invoiced} ${uom} of ${sku} invoiced${notices.referenced ? '' : earlier} but ${billed.qty ? `${billed.qty} ${uom}` : 'nothing'} shipped${where} (tolerance ${quantityPct}%)` });
      }
    }
    const invoicedTotal = round(total.invoiced + before);
    if (!reportedAgainstShipped && beyond(ordered, invoicedTotal, quantityPct)) {
      this.add({ ...base, against: 'purchaseOrder', expected: ordered, actual: invoicedTotal, deviationPct: deviationPct(ordered, invoicedTotal),
        message: `line ${line.line}: ${invoicedTotal} ${uom} of ${sku} invoiced${earlier} against ${ordered} ${uom} ordered (tolerance ${quantityPct}%)` });
    }
  }
}

/**
 * Every deviation of the invoice from its PO and ship notices beyond the policy; empty when it matches.
 * Quantities are totalled per SKU: invoiced <= shipped <= ordered, each within the quantity tolerance; less is a partial, not a mismatch.
 */
export function matchInvoice(input: MatchInput): MatchMismatch[] {
  return new MatchRun(input).run();
}
