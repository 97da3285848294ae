// Reads the three documents of a three-way match off the message and refuses, with every problem located, what cannot be compared.
import { NodeError, type LocatedProblem } from '../sdk/index.js';
import type { LocatedShipNotice } from './match-rules.js';
import type { AdvanceShipNotice, Invoice, PurchaseOrder } from './types.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/** Problems of the fields a match reads from each line: a number, a unit and an item to match by. */
function lineProblems(lines: unknown[], path: string, fields: { qty: boolean; unitPrice: boolean; skuRequired: boolean }): LocatedProblem[] {
  const problems: LocatedProblem[] = [];
  lines.forEach((line, index) => {
    const at = `${path}[${index}]`;
    if (!isObject(line)) {
      problems.push({ path: at, message: 'must be an object' });
      return;
    }
    if (!Number.isInteger(line.line)) problems.push({ path: `${at}.line`, message: 'must be a line number' });
    if (fields.qty && !isNumber(line.qty)) problems.push({ path: `${at}.qty`, message: 'must be a number' });
    if (fields.unitPrice && !isNumber(line.unitPrice)) problems.push({ path: `${at}.unitPrice`, message: 'must be a number' });
    if (!isText(line.uom)) problems.push({ path: `${at}.uom`, message: 'must be a unit of measure' });
    if (fields.skuRequired ? !isText(line.sku) : !isText(line.sku) && !isText(line.supplierItem)) {
      problems.push({ path: `${at}.sku`, message: fields.skuRequired ? 'must be a SKU' : 'needs a sku or a supplierItem to match by' });
    }
  });
  return problems;
}

function refuse(code: string, message: string, problems: LocatedProblem[]): never {
  throw new NodeError(code, `${message}: ${problems.map((problem) => `${problem.path} ${problem.message}`).slice(0, 5).join('; ')}`, { details: problems });
}

export function readPurchaseOrder(value: unknown, path: string): PurchaseOrder {
  if (!isObject(value) || !Array.isArray(value.lines)) {
    refuse('PURCHASE_ORDER_MISSING', 'no purchase order to match against', [{ path, message: 'holds no purchase order; fetch it (e.g. with an ERP query node) before the match' }]);
  }
  const problems = [...(isText(value.poNumber) ? [] : [{ path: `${path}.poNumber`, message: 'must be the PO number' }]), ...lineProblems(value.lines, `${path}.lines`, { qty: true, unitPrice: false, skuRequired: true })];
  for (const [index, line] of value.lines.entries()) {
    if (isObject(line) && line.unitPrice !== undefined && !isNumber(line.unitPrice)) problems.push({ path: `${path}.lines[${index}].unitPrice`, message: 'must be a number' });
  }
  if (problems.length) refuse('PURCHASE_ORDER_INVALID', 'the purchase order cannot be matched', problems);
  return value as unknown as PurchaseOrder;
}

export function readInvoice(value: unknown, path: string): Invoice {
  if (!isObject(value) || !Array.isArray(value.lines)) refuse('INVOICE_MISSING', 'no invoice to match', [{ path, message: 'holds no invoice (an object with lines)' }]);
  const problems = [...(isText(value.poNumber) ? [] : [{ path: `${path}.poNumber`, message: 'must be the PO number the invoice bills' }]), ...lineProblems(value.lines, `${path}.lines`, { qty: true, unitPrice: true, skuRequired: false })];
  if (value.asnNumber !== undefined && !isText(value.asnNumber)) problems.push({ path: `${path}.asnNumber`, message: 'must be a ship notice number' });
  if (problems.length) refuse('INVOICE_INVALID', 'the invoice cannot be matched', problems);
  return value as unknown as Invoice;
}

function shipNoticeProblems(value: unknown, path: string): LocatedProblem[] {
  if (!isObject(value) || !Array.isArray(value.orders)) return [{ path, message: 'must be a ship notice (an object with orders)' }];
  const problems: LocatedProblem[] = isText(value.asnNumber) ? [] : [{ path: `${path}.asnNumber`, message: 'must be the ship notice number' }];
  value.orders.forEach((order, orderIndex) => {
    const at = `${path}.orders[${orderIndex}]`;
    if (!isObject(order) || !Array.isArray(order.packs)) {
      problems.push({ path: at, message: 'must be an order with packs' });
      return;
    }
    order.packs.forEach((pack, packIndex) => {
      if (!isObject(pack) || !Array.isArray(pack.items)) problems.push({ path: `${at}.packs[${packIndex}]`, message: 'must be a pack with items' });
      else problems.push(...lineProblems(pack.items, `${at}.packs[${packIndex}].items`, { qty: true, unitPrice: false, skuRequired: false }));
    });
  });
  return problems;
}

/**
 * The ship notices at the path: one notice or an array of them ([] when none arrived yet). Absent is refused unless
 * optional (a two-way match), because "not gathered" must never read as "nothing shipped".
 */
export function readShipNotices(value: unknown, path: string, required: boolean): LocatedShipNotice[] | undefined {
  if (value === undefined || value === null) {
    if (!required) return undefined;
    refuse('SHIP_NOTICE_MISSING', 'no ship notices to match against', [{ path, message: 'holds no ship notices; gather the PO\'s ASNs before the match ([] when none arrived), or make ship notices optional for a two-way match' }]);
  }
  const located = Array.isArray(value) ? value.map((asn, index) => ({ asn: asn as unknown, path: `${path}[${index}]` })) : [{ asn: value, path }];
  if (!required && located.length === 0) return undefined;
  const problems = located.flatMap((entry) => shipNoticeProblems(entry.asn, entry.path));
  if (problems.length) refuse('SHIP_NOTICE_INVALID', 'the ship notices cannot be matched', problems);
  return located as Array<{ asn: AdvanceShipNotice; path: string }>;
}

/** Earlier invoices of the PO (an array; absent or empty when none). */
export function readPreviousInvoices(value: unknown, path: string): Invoice[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) refuse('INVOICE_INVALID', 'the earlier invoices cannot be matched', [{ path, message: 'must be an array of invoices' }]);
  return value.map((invoice, index) => readInvoice(invoice, `${path}[${index}]`));
}
