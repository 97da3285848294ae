// Failure class 2: valid documents the standard allows are read (no invented canonical requirements), and the 997/CONTRL tells the truth.
import { describe, expect, it } from 'vitest';
import type { AdvanceShipNotice, Invoice, PurchaseOrder } from '../../nodes/canonical/types.js';
import { parseEdi } from '../../nodes/edi/parse.js';
import { buildAcknowledgements, generateAcknowledgements } from '../../nodes/edi/acknowledge.js';
import { createNodeHarness } from '../../nodes/sdk/index.js';
import { xrefNode } from '../../nodes/canonical/xref-node.js';
import { validateCanonical } from '../../nodes/canonical/canonical-validator.js';
import { fixture, recount } from './helpers.js';
import { roundTrip } from './roundtrip-helpers.js';
import { GTIN_ONLY_850 } from './fidelity-fixtures.js';

describe('X12 sets without canonical over-requirements', () => {
  it('reads GTIN-only lines with alphanumeric line ids, no ship-to and no currency, and round-trips them', async () => {
    const { documents } = await roundTrip(GTIN_ONLY_850, '850', '004010');
    const order = documents[0] as PurchaseOrder;
    expect(order.shipTo).toBeUndefined();
    expect(order.currency).toBeUndefined();
    expect(order.lines.map((line) => [line.line, line.lineId, line.sku, line.gtin, line.itemIds])).toEqual([
      [1, 'A1', undefined, '012345678905', undefined],
      [2, '002', undefined, '4012345000016', [{ qualifier: 'MG', value: 'MFR-77' }]],
    ]);
  });

  it('lets a flow resolve the SKU of a GTIN-only line through an xref table', async () => {
    const order = parseEdi(GTIN_ONLY_850).transactions[0]!.document as PurchaseOrder;
    const xref = await createNodeHarness(xrefNode, { table: 'gtin-items', key: 'gtin', eachLine: true, target: 'sku', valueColumn: 'sku' });
    xref.services.xref.put('gtin-items', 'gtin', [{ gtin: '012345678905', sku: 'NW-BOLT-M8' }, { gtin: '4012345000016', sku: 'NW-NUT-M8' }]);
    const { outputs } = await xref.send({ payload: order });
    const resolved = outputs[0]![0]!.payload as PurchaseOrder;
    expect(resolved.lines.map((line) => line.sku)).toEqual(['NW-BOLT-M8', 'NW-NUT-M8']);
    expect(validateCanonical('PurchaseOrder', resolved)).toEqual([]);
  });

  it('accepts an 856 whose CTT01 counts items, with a warning, and a TD5 without SCAC', async () => {
    const text = fixture('x12-856-4010-sopi.edi').replace('CTT*8~', 'CTT*3~').replace('TD5**2*UPSN*U*UPS~', 'TD5**92*CARRIER-7*U~');
    const result = parseEdi(text);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([expect.objectContaining({ code: 'COUNT_DIFFERS', segmentId: 'CTT', elementPosition: 1, byteOffset: text.indexOf('CTT*3') })]);
    const asn = result.transactions[0]!.document as AdvanceShipNotice;
    expect(asn.carrier).toEqual({ code: 'CARRIER-7', codeQualifier: '92', mode: 'parcel' });
    // A CTT01 that matches neither count is still an error.
    expect(parseEdi(text.replace('CTT*3~', 'CTT*5~')).errors[0]).toMatchObject({ code: 'COUNT_MISMATCH', segmentId: 'CTT' });
    const noSubtotalCount = text.replace('CTT*3~', 'CTT*8~');
    const { documents } = await roundTrip(noSubtotalCount, '856', '004010');
    expect((documents[0] as AdvanceShipNotice).carrier.scac).toBeUndefined();
  });
});

describe('EDIFACT messages without canonical over-requirements', () => {
  it('reads ORDERS without NAD+ST/DP, CUX or PIA+BP, and round-trips it', async () => {
    const text = recount(fixture('edifact-orders-d01b.edi')
      .replace("NAD+ST+5412345000020::9++East distribution center+100 Harbor Way:Dock 3+Newark+NJ+07105+US'\nRFF+ZZZ:DC-EAST'\n", '')
      .replace("CUX+2:EUR:9'\n", '')
      .replace("PIA+1+NW-BOLT-M8:BP+AC-8812:SA'\n", ''));
    const { documents } = await roundTrip(text, 'ORDERS', 'D.01B');
    const order = documents[0] as PurchaseOrder;
    expect([order.shipTo, order.currency, order.lines[0]!.sku, order.lines[0]!.gtin]).toEqual([undefined, undefined, undefined, '4012345000016']);
  });

  it('reads an EANCOM 2002 INVOIC whose total is MOA+86', async () => {
    const text = fixture('edifact-invoic-d01b.edi').replace("MOA+77:691.17'", "MOA+86:691.17'");
    const { documents } = await roundTrip(text, 'INVOIC', 'D.01B');
    expect((documents[0] as Invoice).totals.total).toBe(691.17);
    expect(parseEdi(recount(text.replace("MOA+86:691.17'\n", ''))).errors[0]).toMatchObject({ code: 'REQUIREMENT_NOT_MET', segmentId: 'BGM' });
  });

  it('reads a DESADV whose RFF+ON is only at header level', async () => {
    const lines = fixture('edifact-desadv-d96a.edi').split('\n');
    const withoutItemRff = lines.filter((line) => !line.startsWith('RFF+ON')).join('\n');
    const text = recount(withoutItemRff.replace("RFF+BM:BOL-99812'", "RFF+BM:BOL-99812'\nRFF+ON:PO-10045'"));
    const { documents } = await roundTrip(text, 'DESADV', 'D.96A');
    const asn = documents[0] as AdvanceShipNotice;
    expect(asn.orders.map((order) => order.poNumber)).toEqual(['PO-10045']);
    expect(asn.orders[0]!.packs.flatMap((pack) => pack.items).length).toBeGreaterThan(0);
  });

  it('reads a DESADV whose TDT names no SCAC', async () => {
    const text = fixture('edifact-desadv-d96a.edi').replace("TDT+20++3:ltl++ODFL:172:182:Old Dominion'", "TDT+20++3:ltl'");
    const { documents } = await roundTrip(text, 'DESADV', 'D.96A');
    expect((documents[0] as AdvanceShipNotice).carrier).toEqual({ mode: 'ltl' });
  });
});

describe('functional acknowledgements never call a present element missing', () => {
  /** Every AK4 "1" (mandatory element missing) must point at an element that is really empty in the acknowledged set. */
  function missingClaimsAreTrue(text: string): void {
    const parsed = parseEdi(text, { to: 'both' });
    for (const { acknowledgement } of buildAcknowledgements(parsed)) {
      for (const set of acknowledgement.transactions) {
        const transaction = parsed.transactions.find((candidate) => candidate.controlNumber === set.controlNumber)!;
        for (const error of set.errors) {
          const segment = transaction.segments![error.segmentPosition! - 2];
          if (error.code === '1' && error.elementPosition) expect(segment?.elements[error.elementPosition - 1] ?? '').toBe('');
          // AK3 "3" (mandatory segment missing) must not name a segment that is there.
          if (error.code === '3' && error.elementPosition === undefined) expect(transaction.segments!.some((s) => s.id === error.segmentId)).toBe(false);
        }
      }
    }
  }

  it('answers a set that lacks only a canonical requirement with AK5 E and no AK3/AK4', async () => {
    const text = recount(fixture('x12-856-4010-sopi.edi').replace('DTM*011*20261129~\n', ''));
    const [written] = await generateAcknowledgements(parseEdi(text));
    expect(written!.acknowledgement.transactions[0]).toMatchObject({ status: 'accepted-with-errors', errors: [], errorCodes: [] });
    expect(written!.edi.text).toContain('AK5*E~');
    expect(written!.edi.text).not.toContain('AK3');
    missingClaimsAreTrue(text);
  });

  it('names a really missing element and a really missing segment', async () => {
    const emptyBeg03 = fixture('x12-850-4010-crlf.edi').replace('BEG*00*SA*PO-10045**', 'BEG*00*SA***');
    const [written] = await generateAcknowledgements(parseEdi(emptyBeg03));
    expect(written!.edi.text).toContain('AK3*BEG*2**8~AK4*3**1~');
    missingClaimsAreTrue(emptyBeg03);
    const noTds = recount(fixture('x12-810-4010.edi').split('\n').filter((line) => !line.startsWith('TDS')).join('\n'));
    const ack = buildAcknowledgements(parseEdi(noTds))[0]!.acknowledgement;
    expect(ack.transactions[0]!.errors).toEqual([expect.objectContaining({ code: '3', segmentId: 'TDS' })]);
    missingClaimsAreTrue(noTds);
    // The 850 that used to be refused for a missing ship-to is acknowledged as accepted.
    expect(buildAcknowledgements(parseEdi(GTIN_ONLY_850))[0]!.acknowledgement.transactions[0]!.status).toBe('accepted');
  });
});
