// X12 810 invoice <-> canonical Invoice: BIG header, IT1 lines with TXI, SAC charges, TDS totals (implied two decimals).
import type { Invoice, InvoiceCharge, InvoiceLine, Tax } from '../../../canonical/types.js';
import { elementValue, segment, type Segment, type SegmentData } from '../../segment.js';
import { locationToRecord, partyToRecord, recordToLocation, recordToParty, X12_PARTY_CODES } from '../../mapping/parties.js';
import { reverseTable, X12_CHARGE_CODES, X12_TAX_TYPES } from '../../mapping/codes.js';
import { compactObject, formatDecimal, readLineId, requireField, toCcyymmdd, toImpliedCents, writeLineId, type MappingContext } from '../../mapping/values.js';
import { positionsFrom, productIdPairs, readN1Loop, readProductIds, writeN1Loop } from './loops.js';
import { N1_LOOP_MAPPED } from './n1-mapped.js';
import { readItd, writeItd } from './terms.js';
import type { X12SetMapping } from './types.js';

const TAX_NAMES = reverseTable(X12_TAX_TYPES);
const CHARGE_NAMES = reverseTable(X12_CHARGE_CODES);
const INVOICE_TYPES: Record<string, Invoice['invoiceType']> = { CR: 'credit-note', DR: 'debit-note' };
const INVOICE_TYPE_CODES: Record<NonNullable<Invoice['invoiceType']>, string> = { invoice: '', 'credit-note': 'CR', 'debit-note': 'DR' };

function writeTax(tax: Tax): SegmentData {
  const code = X12_TAX_TYPES[tax.type] ?? (tax.type.length === 2 ? tax.type : 'ZZ');
  return segment('TXI', code, formatDecimal(tax.amount), formatDecimal(tax.rate), '', '', '', '', formatDecimal(tax.taxableAmount));
}

function readTax(txi: Segment, context: MappingContext): Tax {
  const code = context.required(txi, 1);
  return compactObject<Tax>({ type: TAX_NAMES[code] ?? code, rate: context.optionalNumber(txi, 3), taxableAmount: context.optionalNumber(txi, 8), amount: context.optionalNumber(txi, 2) ?? 0 });
}

export const invoice810: X12SetMapping<Invoice> = {
  setId: '810',
  functionalId: 'IN',
  documentType: 'Invoice',
  mapped: { BIG: [1, 2, 4, 7], CUR: [1, 2], ITD: [3, 5, 6, 7, 12], DTM: [1, 2], IT1: positionsFrom(1), PID: [1, 5], TXI: [1, 2, 3, 8], TDS: [1, 2], SAC: [1, 2, 5, 15], CTT: [1], ...N1_LOOP_MAPPED },

  toCanonical(segments: Segment[], context: MappingContext): Invoice {
    const invoice: Partial<Invoice> = {};
    const lines: InvoiceLine[] = [];
    const taxes: Tax[] = [];
    const charges: InvoiceCharge[] = [];
    let line: InvoiceLine | undefined;
    let big: Segment | undefined;
    let tds: Segment | undefined;
    let ctt: Segment | undefined;
    for (let index = 0; index < segments.length; index++) {
      const current = segments[index] as Segment;
      switch (current.id) {
        case 'BIG':
          big = current;
          invoice.invoiceDate = context.date(context.required(current, 1), current, 1);
          invoice.invoiceNumber = context.required(current, 2);
          invoice.poNumber = context.required(current, 4);
          invoice.invoiceType = INVOICE_TYPES[elementValue(current, 7)] ?? 'invoice';
          break;
        case 'CUR':
          invoice.currency = context.required(current, 2);
          break;
        case 'REF':
          if (elementValue(current, 1) === 'SI') invoice.asnNumber = context.required(current, 2);
          else context.skip(current);
          break;
        case 'N1': {
          const loop = readN1Loop(segments, index);
          index = loop.next - 1;
          if (loop.entityCode === 'SE' || loop.entityCode === 'SU') invoice.supplier = recordToParty(loop.record, X12_PARTY_CODES);
          else if (loop.entityCode === 'BY') invoice.buyer = recordToParty(loop.record, X12_PARTY_CODES);
          else if (loop.entityCode === 'RI') invoice.remitTo = recordToParty(loop.record, X12_PARTY_CODES);
          else if (loop.entityCode === 'ST') invoice.shipTo = recordToLocation(loop.record, X12_PARTY_CODES);
          else context.skip(current);
          break;
        }
        case 'ITD': {
          const read = readItd(current, context);
          invoice.terms = read.terms;
          if (read.dueDate) invoice.dueDate = read.dueDate;
          break;
        }
        case 'DTM':
          if (elementValue(current, 1) === '011') invoice.shipDate = context.date(context.required(current, 2), current, 2);
          else context.skip(current);
          break;
        case 'IT1': {
          const ids = readProductIds(current, 6);
          const [lineNumber, lineId] = readLineId(current, 1, lines.length + 1);
          line = compactObject<InvoiceLine>({
            line: lineNumber, lineId,
            sku: ids.sku, supplierItem: ids.supplierItem, gtin: ids.gtin, itemIds: ids.itemIds, qty: context.requiredNumber(current, 2), uom: context.required(current, 3), unitPrice: context.requiredNumber(current, 4),
          });
          lines.push(line);
          break;
        }
        case 'PID':
          if (line && elementValue(current, 5)) line.description = elementValue(current, 5);
          else context.skip(current);
          break;
        case 'TXI':
          if (line && !tds) (line.taxes ??= []).push(readTax(current, context));
          else taxes.push(readTax(current, context));
          break;
        case 'TDS':
          tds = current;
          line = undefined;
          break;
        case 'SAC': {
          const code = elementValue(current, 2);
          const description = elementValue(current, 15);
          charges.push(compactObject<InvoiceCharge>({
            type: context.required(current, 1) === 'A' ? 'allowance' : 'charge', code: CHARGE_NAMES[code] ?? (code && code !== 'ZZZZ' ? code : undefined),
            description: description || undefined, amount: context.requiredNumber(current, 5) / 100,
          }));
          break;
        }
        case 'CTT':
          ctt = current;
          break;
        default:
          context.skip(current);
          break;
      }
    }
    if (!big) throw context.missingSegment('BIG', '810 has no BIG segment', segments[0]);
    if (!tds) throw context.missingSegment('TDS', '810 needs a TDS total', segments[segments.length - 1]);
    if (ctt && Number(elementValue(ctt, 1)) !== lines.length) throw context.error('COUNT_MISMATCH', `CTT01 declares ${elementValue(ctt, 1)} line items but ${lines.length} IT1 were found`, ctt, 1);
    const subtotalCents = context.optionalNumber(tds, 2);
    const sum = (values: number[]) => Math.round(values.reduce((total, value) => total + value, 0) * 100) / 100;
    const totals = compactObject({
      subtotal: subtotalCents === undefined ? sum(lines.map((l) => l.qty * l.unitPrice)) : subtotalCents / 100,
      taxTotal: taxes.length ? sum(taxes.map((t) => t.amount)) : undefined,
      chargeTotal: charges.some((c) => c.type === 'charge') ? sum(charges.filter((c) => c.type === 'charge').map((c) => c.amount)) : undefined,
      allowanceTotal: charges.some((c) => c.type === 'allowance') ? sum(charges.filter((c) => c.type === 'allowance').map((c) => c.amount)) : undefined,
      total: context.requiredNumber(tds, 1) / 100,
    });
    return compactObject<Invoice>({
      invoiceNumber: invoice.invoiceNumber as string, invoiceType: invoice.invoiceType, invoiceDate: invoice.invoiceDate as string, dueDate: invoice.dueDate, shipDate: invoice.shipDate,
      poNumber: invoice.poNumber as string, asnNumber: invoice.asnNumber, supplier: invoice.supplier ?? { ids: {} }, buyer: invoice.buyer, remitTo: invoice.remitTo, shipTo: invoice.shipTo,
      currency: invoice.currency, terms: invoice.terms, lines, taxes: taxes.length ? taxes : undefined, charges: charges.length ? charges : undefined, totals,
    });
  },

  fromCanonical(invoice: Invoice): SegmentData[] {
    const segments: SegmentData[] = [
      segment('BIG', toCcyymmdd(requireField(invoice.invoiceDate, 'invoiceDate'), 'invoiceDate'), requireField(invoice.invoiceNumber, 'invoiceNumber'), '', requireField(invoice.poNumber, 'poNumber'), '', '', INVOICE_TYPE_CODES[invoice.invoiceType ?? 'invoice']),
      ...(invoice.currency ? [segment('CUR', 'SE', invoice.currency)] : []),
    ];
    if (invoice.asnNumber) segments.push(segment('REF', 'SI', invoice.asnNumber));
    segments.push(...writeN1Loop('SE', partyToRecord(requireField(invoice.supplier, 'supplier'), X12_PARTY_CODES)));
    if (invoice.buyer) segments.push(...writeN1Loop('BY', partyToRecord(invoice.buyer, X12_PARTY_CODES)));
    if (invoice.remitTo) segments.push(...writeN1Loop('RI', partyToRecord(invoice.remitTo, X12_PARTY_CODES)));
    if (invoice.shipTo) segments.push(...writeN1Loop('ST', locationToRecord(invoice.shipTo, X12_PARTY_CODES)));
    segments.push(...writeItd(invoice.terms, invoice.dueDate));
    if (invoice.shipDate) segments.push(segment('DTM', '011', toCcyymmdd(invoice.shipDate, 'shipDate')));
    requireField(invoice.lines, 'lines').forEach((line, index) => {
      const path = `lines[${index}]`;
      segments.push(segment('IT1', writeLineId(line), formatDecimal(requireField(line.qty, `${path}.qty`)), requireField(line.uom, `${path}.uom`), formatDecimal(requireField(line.unitPrice, `${path}.unitPrice`)), 'PE', ...productIdPairs(line)));
      if (line.description) segments.push(segment('PID', 'F', '', '', '', line.description));
      for (const tax of line.taxes ?? []) segments.push(writeTax(tax));
    });
    const totals = requireField(invoice.totals, 'totals');
    segments.push(segment('TDS', toImpliedCents(requireField(totals.total, 'totals.total')), toImpliedCents(requireField(totals.subtotal, 'totals.subtotal'))));
    for (const tax of invoice.taxes ?? []) segments.push(writeTax(tax));
    for (const charge of invoice.charges ?? []) {
      const code = charge.code ? X12_CHARGE_CODES[charge.code] ?? (charge.code.length === 4 ? charge.code : 'ZZZZ') : 'ZZZZ';
      const description = charge.description ?? (code === 'ZZZZ' ? charge.code : undefined);
      segments.push(segment('SAC', charge.type === 'allowance' ? 'A' : 'C', code, '', '', toImpliedCents(charge.amount), '', '', '', '', '', '', '', '', '', description));
    }
    segments.push(segment('CTT', invoice.lines.length));
    return segments;
  },
};
