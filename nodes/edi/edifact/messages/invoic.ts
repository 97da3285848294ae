// EDIFACT INVOIC (D.96A, D.01B) <-> canonical Invoice: LIN/QTY+47/PRI/MOA+203 lines, TAX/MOA, ALC charges, MOA totals.
import type { Invoice, InvoiceCharge, InvoiceLine, PaymentTerms, Tax } from '../../../canonical/types.js';
import { elementValue, segment, type Segment, type SegmentData } from '../../segment.js';
import { EDIFACT_PARTY_CODES, locationToRecord, partyToRecord, recordToLocation, recordToParty } from '../../mapping/parties.js';
import { EDIFACT_CHARGE_CODES, reverseTable } from '../../mapping/codes.js';
import { compactObject, formatDecimal, readLineId, requireField, writeLineId, type MappingContext } from '../../mapping/values.js';
import { dtm, readDtm, readItemIds, readNad, readPat, readPrice, writeCux, writeLin, writeNad, writePat, writePrices } from './groups.js';
import { EDIFACT_NAD_MAPPED } from './nad-mapped.js';

/** Invoice total qualifiers in order of preference: 77 invoice amount, 86 message total (EANCOM 2002), 39 invoice total, 9 amount due. */
const TOTAL_QUALIFIERS = ['77', '86', '39', '9'] as const;
import type { EdifactMessageMapping } from './types.js';

const DOCUMENT_CODES: Record<NonNullable<Invoice['invoiceType']>, string> = { invoice: '380', 'credit-note': '381', 'debit-note': '383' };
const INVOICE_TYPES: Record<string, Invoice['invoiceType']> = { '380': 'invoice', '381': 'credit-note', '383': 'debit-note' };
const CHARGE_NAMES = reverseTable(EDIFACT_CHARGE_CODES);

function writeTax(tax: Tax): SegmentData[] {
  const segments = [segment('TAX', '7', tax.type, '', '', tax.rate === undefined ? '' : ['', '', '', formatDecimal(tax.rate)])];
  segments.push(segment('MOA', ['124', formatDecimal(tax.amount)]));
  if (tax.taxableAmount !== undefined) segments.push(segment('MOA', ['125', formatDecimal(tax.taxableAmount)]));
  return segments;
}

export const invoicMessage: EdifactMessageMapping<Invoice> = {
  type: 'INVOIC',
  documentType: 'Invoice',
  mapped: { BGM: [1, 2, 3], DTM: [1], RFF: [1], CUX: [1], PAT: [1, 2, 3], PCD: [1], ALC: [1, 5], TAX: [1, 2, 5], MOA: [1], LIN: [1, 3], PIA: [1, 2, 3, 4, 5, 6], IMD: [1, 3], QTY: [1], PRI: [1], UNS: [1], CNT: [1], ...EDIFACT_NAD_MAPPED },

  toCanonical(segments: Segment[], context: MappingContext): Invoice {
    const invoice: Partial<Invoice> = {};
    const lines: InvoiceLine[] = [];
    const taxes: Tax[] = [];
    const charges: InvoiceCharge[] = [];
    const totals: Partial<Invoice['totals']> = {};
    const summaryAmounts = new Map<string, number>();
    let terms: PaymentTerms | undefined;
    let line: InvoiceLine | undefined;
    let tax: Tax | undefined;
    let charge: InvoiceCharge | undefined;
    let summary = false;
    let bgm: Segment | undefined;
    for (let index = 0; index < segments.length; index++) {
      const current = segments[index] as Segment;
      switch (current.id) {
        case 'BGM':
          bgm = current;
          invoice.invoiceType = INVOICE_TYPES[elementValue(current, 1, 1)] ?? 'invoice';
          invoice.invoiceNumber = context.required(current, 2, 1);
          break;
        case 'DTM': {
          const { qualifier, date } = readDtm(current, context);
          if (qualifier === '137') invoice.invoiceDate = date;
          else if (qualifier === '13') invoice.dueDate = date;
          else if (qualifier === '11') invoice.shipDate = date;
          else context.skip(current);
          break;
        }
        case 'RFF': {
          const qualifier = elementValue(current, 1, 1);
          if (qualifier === 'ON') invoice.poNumber = context.required(current, 1, 2);
          else if (qualifier === 'AAK') invoice.asnNumber = context.required(current, 1, 2);
          else context.skip(current);
          break;
        }
        case 'NAD': {
          const nad = readNad(segments, index);
          index = nad.next - 1;
          if (nad.qualifier === 'SU' || nad.qualifier === 'SE') invoice.supplier = recordToParty(nad.record, EDIFACT_PARTY_CODES);
          else if (nad.qualifier === 'BY') invoice.buyer = recordToParty(nad.record, EDIFACT_PARTY_CODES);
          else if (nad.qualifier === 'PE') invoice.remitTo = recordToParty(nad.record, EDIFACT_PARTY_CODES);
          else if (nad.qualifier === 'ST' || nad.qualifier === 'DP') invoice.shipTo = recordToLocation(nad.record, EDIFACT_PARTY_CODES);
          else context.skip(current);
          break;
        }
        case 'CUX':
          invoice.currency = context.required(current, 1, 2);
          break;
        case 'PAT':
          terms = readPat(current, terms ?? {}, context);
          break;
        case 'PCD':
          if (terms && elementValue(current, 1, 1) === '12') terms.discountPercent = context.requiredNumber(current, 1, 2);
          break;
        case 'ALC': {
          const code = elementValue(current, 5, 1);
          charge = compactObject<InvoiceCharge>({ type: elementValue(current, 1) === 'A' ? 'allowance' : 'charge', code: CHARGE_NAMES[code] ?? (code || undefined), description: elementValue(current, 5, 4) || undefined, amount: 0 });
          charges.push(charge);
          tax = undefined;
          break;
        }
        case 'TAX': {
          tax = compactObject<Tax>({ type: context.required(current, 2), rate: context.optionalNumber(current, 5, 4), amount: 0 });
          if (line && !summary) (line.taxes ??= []).push(tax);
          else taxes.push(tax);
          charge = undefined;
          break;
        }
        case 'MOA': {
          const qualifier = elementValue(current, 1, 1);
          const amount = context.requiredNumber(current, 1, 2);
          if (qualifier === '124' && tax) tax.amount = amount;
          else if (qualifier === '125' && tax) tax.taxableAmount = amount;
          else if (qualifier === '8' && charge) charge.amount = amount;
          else if (qualifier === '203' && line && !summary) line.amount = amount;
          else if (summary && qualifier === '79') totals.subtotal = amount;
          else if (summary && (TOTAL_QUALIFIERS as readonly string[]).includes(qualifier) && !summaryAmounts.has(qualifier)) summaryAmounts.set(qualifier, amount);
          else context.skip(current);
          break;
        }
        case 'LIN':
          line = { line: 0, qty: 0, uom: '', unitPrice: 0 };
          [line.line, line.lineId] = readLineId(current, 1, lines.length + 1);
          readItemIds(current, line);
          lines.push(line);
          tax = undefined;
          charge = undefined;
          break;
        case 'PIA':
          if (line) readItemIds(current, line);
          else context.skip(current);
          break;
        case 'IMD':
          if (line && elementValue(current, 3, 4)) line.description = elementValue(current, 3, 4);
          else context.skip(current);
          break;
        case 'QTY':
          if (line && elementValue(current, 1, 1) === '47') {
            line.qty = context.requiredNumber(current, 1, 2);
            line.uom = elementValue(current, 1, 3) || 'EA';
          } else context.skip(current);
          break;
        case 'PRI': {
          // The net price (AAA) is the unit price; a gross price (AAB) is kept beside it and never overwrites it.
          const prices: { net?: number; gross?: number } = {};
          if (!line || !readPrice(current, prices, context)) context.skip(current);
          else {
            if (prices.net !== undefined) line.unitPrice = prices.net;
            if (prices.gross !== undefined) line.grossUnitPrice = prices.gross;
          }
          break;
        }
        case 'UNS':
          summary = true;
          tax = undefined;
          break;
        case 'CNT':
          break;
        default:
          context.skip(current);
          break;
      }
    }
    if (!bgm) throw context.missingSegment('BGM', 'INVOIC has no BGM segment', segments[0]);
    if (!invoice.invoiceDate) throw context.missingSegment('DTM', 'INVOIC needs DTM+137 (document date)', bgm);
    if (!invoice.poNumber) throw context.requirement('INVOIC needs RFF+ON with the order number for the canonical poNumber', bgm);
    totals.total = TOTAL_QUALIFIERS.map((qualifier) => summaryAmounts.get(qualifier)).find((amount) => amount !== undefined);
    if (totals.total === undefined) throw context.requirement('INVOIC needs an invoice total after UNS: MOA+77, MOA+86, MOA+39 or MOA+9', bgm);
    const chosen = TOTAL_QUALIFIERS.find((qualifier) => summaryAmounts.has(qualifier));
    for (const [qualifier, amount] of summaryAmounts) if (amount !== totals.total) context.warn('COUNT_DIFFERS', `MOA+${qualifier} ${summaryAmounts.get(qualifier)} differs from the total taken from MOA+${chosen}`, bgm);
    const sum = (values: number[]) => Math.round(values.reduce((total, value) => total + value, 0) * 100) / 100;
    const chargeAmounts = charges.filter((c) => c.type === 'charge').map((c) => c.amount);
    const allowanceAmounts = charges.filter((c) => c.type === 'allowance').map((c) => c.amount);
    return compactObject<Invoice>({
      invoiceNumber: invoice.invoiceNumber as string, invoiceType: invoice.invoiceType, invoiceDate: invoice.invoiceDate, dueDate: invoice.dueDate, shipDate: invoice.shipDate,
      poNumber: invoice.poNumber, asnNumber: invoice.asnNumber, supplier: invoice.supplier ?? { ids: {} }, buyer: invoice.buyer, remitTo: invoice.remitTo, shipTo: invoice.shipTo,
      currency: invoice.currency, terms, lines: lines.map((l) => compactObject(l)), taxes: taxes.length ? taxes : undefined, charges: charges.length ? charges : undefined,
      totals: compactObject({
        subtotal: totals.subtotal ?? sum(lines.map((l) => l.amount ?? l.qty * l.unitPrice)),
        taxTotal: taxes.length ? sum(taxes.map((t) => t.amount)) : undefined,
        chargeTotal: chargeAmounts.length ? sum(chargeAmounts) : undefined,
        allowanceTotal: allowanceAmounts.length ? sum(allowanceAmounts) : undefined,
        total: totals.total,
      }),
    });
  },

  fromCanonical(invoice: Invoice): SegmentData[] {
    const segments: SegmentData[] = [
      segment('BGM', DOCUMENT_CODES[invoice.invoiceType ?? 'invoice'], requireField(invoice.invoiceNumber, 'invoiceNumber'), '9'),
      ...dtm('137', requireField(invoice.invoiceDate, 'invoiceDate'), 'invoiceDate'),
      ...dtm('11', invoice.shipDate, 'shipDate'),
      segment('RFF', ['ON', requireField(invoice.poNumber, 'poNumber')]),
    ];
    if (invoice.asnNumber) segments.push(segment('RFF', ['AAK', invoice.asnNumber]));
    segments.push(...writeNad('SU', partyToRecord(requireField(invoice.supplier, 'supplier'), EDIFACT_PARTY_CODES)));
    if (invoice.buyer) segments.push(...writeNad('BY', partyToRecord(invoice.buyer, EDIFACT_PARTY_CODES)));
    if (invoice.remitTo) segments.push(...writeNad('PE', partyToRecord(invoice.remitTo, EDIFACT_PARTY_CODES)));
    if (invoice.shipTo) segments.push(...writeNad('ST', locationToRecord(invoice.shipTo, EDIFACT_PARTY_CODES)));
    segments.push(...writeCux(invoice.currency, '4'), ...writePat(invoice.terms, invoice.dueDate));
    for (const charge of invoice.charges ?? []) {
      const code = charge.code ? EDIFACT_CHARGE_CODES[charge.code] ?? charge.code : '';
      segments.push(segment('ALC', charge.type === 'allowance' ? 'A' : 'C', '', '', '', code || charge.description ? [code, '', '', charge.description ?? ''] : ''), segment('MOA', ['8', formatDecimal(charge.amount)]));
    }
    requireField(invoice.lines, 'lines').forEach((line, index) => {
      const path = `lines[${index}]`;
      segments.push(...writeLin(writeLineId(line), line));
      if (line.description) segments.push(segment('IMD', 'F', '', ['', '', '', line.description]));
      segments.push(segment('QTY', ['47', formatDecimal(requireField(line.qty, `${path}.qty`)), requireField(line.uom, `${path}.uom`)]));
      if (line.amount !== undefined) segments.push(segment('MOA', ['203', formatDecimal(line.amount)]));
      segments.push(...writePrices(requireField(line.unitPrice, `${path}.unitPrice`), line.grossUnitPrice));
      for (const tax of line.taxes ?? []) segments.push(...writeTax(tax));
    });
    const totals = requireField(invoice.totals, 'totals');
    segments.push(segment('UNS', 'S'), segment('CNT', ['2', String(invoice.lines.length)]));
    segments.push(segment('MOA', ['79', formatDecimal(requireField(totals.subtotal, 'totals.subtotal'))]), segment('MOA', ['77', formatDecimal(requireField(totals.total, 'totals.total'))]));
    for (const tax of invoice.taxes ?? []) segments.push(...writeTax(tax));
    return segments;
  },
};
