// Canonical schemas: each compiles, its example validates, broken documents fail with every problem located by JSON path.
import { describe, expect, it } from 'vitest';
import { compileSchema, createAjv } from '../../nodes/sdk/index.js';
import { CANONICAL_DOCUMENT_NAMES, canonicalSchemas, getCanonicalSchema } from '../../nodes/canonical/schemas/index.js';
import { canonicalExamples } from '../../nodes/canonical/examples.js';
import { validateCanonical } from '../../nodes/canonical/canonical-validator.js';

const ajv = createAjv();
const checkers = Object.fromEntries(CANONICAL_DOCUMENT_NAMES.map((name) => [name, compileSchema(ajv, canonicalSchemas[name])]));
const check = (name: (typeof CANONICAL_DOCUMENT_NAMES)[number], doc: unknown) => checkers[name]!(doc);
const clone = <T>(value: T): T => structuredClone(value);

describe('canonical schema registry', () => {
  it.each(CANONICAL_DOCUMENT_NAMES)('%s is draft 2020-12 with a versioned $id and its example validates', (name) => {
    const schema = canonicalSchemas[name];
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(`https://tradelane.dev/schemas/canonical/${name}/1.json`);
    expect(check(name, canonicalExamples[name])).toEqual([]);
  });

  it.each(CANONICAL_DOCUMENT_NAMES)('%s rejects an empty object, naming each missing required property', (name) => {
    const problems = check(name, {});
    const required = canonicalSchemas[name].required ?? [];
    expect(required.length).toBeGreaterThan(0);
    expect(problems.map((p) => p.path).sort()).toEqual(required.map((key) => `$.${key}`).sort());
  });

  it('finds schemas by name, Name/version and $id, and nothing for unknown names', () => {
    const ack = canonicalSchemas.PurchaseOrderAcknowledgement;
    expect(getCanonicalSchema('PurchaseOrderAcknowledgement')).toBe(ack);
    expect(getCanonicalSchema('PurchaseOrderAcknowledgement/1')).toBe(ack);
    expect(getCanonicalSchema('https://tradelane.dev/schemas/canonical/PurchaseOrderAcknowledgement/1.json')).toBe(ack);
    expect(getCanonicalSchema('PurchaseOrderAcknowledgement/2')).toBeUndefined();
    expect(getCanonicalSchema('Shipment')).toBeUndefined();
  });
});

describe('located schema errors', () => {
  it('reports every problem of a broken purchase order with its JSON path', () => {
    const po = clone(canonicalExamples.PurchaseOrder) as unknown as Record<string, unknown> & { lines: Array<Record<string, unknown>> };
    po.orderDate = '20/11/2026';
    po.currency = 'usd';
    po.lines[0]!.qty = 0;
    delete po.lines[1]!.uom;
    po.lines[1]!.quantity = 20;
    const problems = check('PurchaseOrder', po);
    expect(problems).toEqual(expect.arrayContaining([
      { path: '$.orderDate', message: 'must match format "date"' },
      { path: '$.currency', message: expect.stringContaining('must match pattern') },
      { path: '$.lines[0].qty', message: 'must be > 0' },
      { path: '$.lines[1].uom', message: 'is required' },
      { path: '$.lines[1].quantity', message: 'is not an allowed property' },
    ]));
    expect(problems).toHaveLength(5);
  });

  it('rejects unknown acknowledgement statuses at header and line level and a promised quantity without unit', () => {
    const ack = clone(canonicalExamples.PurchaseOrderAcknowledgement) as unknown as Record<string, unknown> & { lines: Array<Record<string, unknown>> };
    ack.status = 'partial';
    ack.lines[0]!.status = 'shipped';
    delete ack.lines[1]!.uom;
    const problems = check('PurchaseOrderAcknowledgement', ack);
    expect(problems).toContainEqual({ path: '$.status', message: 'must be one of "accepted", "changed", "rejected"' });
    expect(problems).toContainEqual({ path: '$.lines[0].status', message: 'must be one of "accepted", "rejected", "changed", "backordered"' });
    expect(problems.some((p) => p.path === '$.lines[1]' && p.message.includes('uom'))).toBe(true);
  });

  it('requires 18-digit SSCCs and a SCAC on ship notices, deep in the hierarchy', () => {
    const asn = clone(canonicalExamples.AdvanceShipNotice);
    asn.orders[0]!.packs[1]!.sscc = '12345';
    asn.carrier.scac = 'old dominion';
    asn.orders[0]!.packs[0]!.items[0]!.qty = -1;
    const paths = check('AdvanceShipNotice', asn).map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['$.orders[0].packs[1].sscc', '$.carrier.scac', '$.orders[0].packs[0].items[0].qty']));
  });

  it('rejects a party without identifiers and a bad GLN', () => {
    const po = clone(canonicalExamples.PurchaseOrder);
    po.supplier.ids = {};
    po.buyer.ids.gln = '123';
    const paths = check('PurchaseOrder', po).map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['$.supplier.ids', '$.buyer.ids.gln']));
  });

  it('accepts partner-specific fields under extensions', () => {
    const invoice = clone(canonicalExamples.Invoice);
    invoice.extensions = { portalBatch: 'B-7' };
    invoice.lines[0]!.extensions = { hazmat: true };
    expect(check('Invoice', invoice)).toEqual([]);
  });
});

describe('validateCanonical', () => {
  it('validates by name or versioned id and refuses unknown documents', () => {
    expect(validateCanonical('Invoice/1', canonicalExamples.Invoice)).toEqual([]);
    expect(validateCanonical('Invoice', { ...canonicalExamples.Invoice, currency: 'EURO' })).toEqual([{ path: '$.currency', message: 'must match pattern "^[A-Z]{3}$"' }]);
    expect(() => validateCanonical('Shipment', {})).toThrow('unknown canonical document "Shipment"');
  });
});
