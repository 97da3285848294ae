// tl-xref through the SDK harness: per-line item -> SKU, ship-to -> location, UOM conversion, and every miss policy.
import { describe, expect, it } from 'vitest';
import { createNodeHarness, type NodeHarness } from '../../nodes/sdk/index.js';
import { xrefNode } from '../../nodes/canonical/xref-node.js';

const itemTable = [
  { supplierItem: 'AC-8812', sku: 'NW-BOLT-M8' },
  { supplierItem: 'AC-7710', sku: 'NW-NUT-M8' },
];

function ack(items: string[]) {
  return { poNumber: 'PO-10045', lines: items.map((supplierItem, index) => ({ line: index + 1, supplierItem, promisedQty: 10, uom: 'EA' })) };
}

async function itemNode(properties: Record<string, unknown>): Promise<NodeHarness> {
  const node = await createNodeHarness(xrefNode, { table: 'supplier-items', key: 'supplierItem', eachLine: true, target: 'sku', valueColumn: 'sku', ...properties });
  node.services.xref.put('supplier-items', 'supplierItem', itemTable);
  return node;
}

describe('tl-xref lookup', () => {
  it('maps every line\'s supplier item to our SKU', async () => {
    const node = await itemNode({});
    const { outputs, error } = await node.send({ payload: ack(['AC-8812', 'AC-7710', 'AC-8812']) });
    expect(error).toBeUndefined();
    const lines = (outputs[0]![0]!.payload as ReturnType<typeof ack>).lines;
    expect(lines.map((line) => (line as Record<string, unknown>).sku)).toEqual(['NW-BOLT-M8', 'NW-NUT-M8', 'NW-BOLT-M8']);
    expect(outputs[0]![0]!.xrefMisses).toBeUndefined();
  });

  it('miss policy error: raises XREF_MISS naming every missing key and its line', async () => {
    const node = await itemNode({ onMiss: 'error' });
    const { outputs, error } = await node.send({ payload: ack(['AC-8812', 'AC-9999', 'ZZ-1']) });
    expect(outputs[0]).toHaveLength(0);
    expect(error?.code).toBe('XREF_MISS');
    expect(error?.message).toBe('table "supplier-items" has no row for "AC-9999" at $.payload.lines[1], "ZZ-1" at $.payload.lines[2]');
    expect(error?.details).toEqual({
      table: 'supplier-items',
      misses: [
        { table: 'supplier-items', key: 'AC-9999', path: '$.payload.lines[1]' },
        { table: 'supplier-items', key: 'ZZ-1', path: '$.payload.lines[2]' },
      ],
    });
  });

  it('miss policy pass-through: maps what it can, leaves the rest and records the misses', async () => {
    const node = await itemNode({ onMiss: 'pass-through' });
    const { outputs } = await node.send({ payload: ack(['AC-8812', 'AC-9999']) });
    const msg = outputs[0]![0]!;
    const lines = (msg.payload as { lines: Array<Record<string, unknown>> }).lines;
    expect(lines[0]!.sku).toBe('NW-BOLT-M8');
    expect(lines[1]).not.toHaveProperty('sku');
    expect(msg.xrefMisses).toEqual([{ table: 'supplier-items', key: 'AC-9999', path: '$.payload.lines[1]' }]);
  });

  it('miss policy default: writes the default value for missing keys and for lines without a key', async () => {
    const node = await itemNode({ onMiss: 'default', defaultValue: 'UNMAPPED' });
    const payload = ack(['AC-9999', 'AC-7710']);
    delete (payload.lines[0] as Record<string, unknown>).supplierItem;
    const { outputs } = await node.send({ payload });
    const lines = (outputs[0]![0]!.payload as { lines: Array<Record<string, unknown>> }).lines;
    expect(lines.map((line) => line.sku)).toEqual(['UNMAPPED', 'NW-NUT-M8']);
    expect(outputs[0]![0]!.xrefMisses).toEqual([{ table: 'supplier-items', key: null, path: '$.payload.lines[0]' }]);
  });

  it('looks a ship-to code up once per message and writes the whole row when no value column is set', async () => {
    const node = await createNodeHarness(xrefNode, { table: 'ship-to', key: '$partner & "|" & payload.shipTo.code', target: 'payload.shipTo.location' });
    node.services.xref.put('ship-to', 'key', [{ key: 'acme|ST-01', location: 'DC-EAST', name: 'East DC' }]);
    const { outputs } = await node.send({ partnerId: 'acme', payload: { shipTo: { code: 'ST-01' } } });
    expect(outputs[0]![0]!.payload).toEqual({ shipTo: { code: 'ST-01', location: { key: 'acme|ST-01', location: 'DC-EAST', name: 'East DC' } } });
  });

  it('reports a value column the table does not have instead of writing nothing', async () => {
    const node = await itemNode({ valueColumn: 'SKU' });
    const { error } = await node.send({ payload: ack(['AC-8812']) });
    expect(error).toMatchObject({ code: 'XREF_NO_COLUMN', message: 'table "supplier-items" has no column "SKU"; its columns are supplierItem, sku' });
  });

  it('needs a target in lookup mode', async () => {
    await expect(createNodeHarness(xrefNode, { table: 't', key: 'k' })).rejects.toMatchObject({ code: 'INVALID_CONFIG', message: expect.stringContaining('$.target') });
  });

  it('refuses a key expression with a syntax error, located', async () => {
    await expect(createNodeHarness(xrefNode, { table: 't', key: 'supplierItem &', target: 'sku' })).rejects.toMatchObject({ code: 'JSONATA_ERROR', details: { position: 14 } });
  });
});

describe('tl-xref uom-convert', () => {
  async function uomNode(properties: Record<string, unknown> = {}): Promise<NodeHarness> {
    const node = await createNodeHarness(xrefNode, {
      table: 'uom', key: 'supplierItem & ":" & uom', mode: 'uom-convert', eachLine: true, valueColumn: 'toUom', pricePath: 'unitPrice', ...properties,
    });
    node.services.xref.put('uom', 'key', [{ key: 'AC-7710:CS', factor: '12', toUom: 'EA' }, { key: 'AC-0001:BX', factor: 'lots', toUom: 'EA' }]);
    return node;
  }

  it('multiplies the quantity, divides the price and sets the unit', async () => {
    const node = await uomNode();
    const { outputs } = await node.send({ payload: { lines: [{ line: 1, supplierItem: 'AC-7710', qty: 2, uom: 'CS', unitPrice: 24 }] } });
    expect((outputs[0]![0]!.payload as { lines: unknown[] }).lines[0]).toEqual({ line: 1, supplierItem: 'AC-7710', qty: 24, uom: 'EA', unitPrice: 2 });
  });

  it('with the default policy and no default factor, leaves unknown units as they are', async () => {
    const node = await uomNode({ onMiss: 'default' });
    const line = { line: 1, supplierItem: 'AC-8812', qty: 5, uom: 'EA', unitPrice: 0.4 };
    const { outputs } = await node.send({ payload: { lines: [line] } });
    expect((outputs[0]![0]!.payload as { lines: unknown[] }).lines[0]).toEqual(line);
  });

  it('with a default factor, applies it on a miss', async () => {
    const node = await uomNode({ onMiss: 'default', defaultValue: '10' });
    const { outputs } = await node.send({ payload: { lines: [{ line: 1, supplierItem: 'AC-8812', qty: 5, uom: 'DZ', unitPrice: 3 }] } });
    expect((outputs[0]![0]!.payload as { lines: unknown[] }).lines[0]).toEqual({ line: 1, supplierItem: 'AC-8812', qty: 50, uom: 'DZ', unitPrice: 0.3 });
  });

  it('reports a non-numeric factor in the table instead of producing NaN', async () => {
    const node = await uomNode();
    const { error } = await node.send({ payload: { lines: [{ line: 1, supplierItem: 'AC-0001', qty: 1, uom: 'BX' }] } });
    expect(error?.code).toBe('XREF_BAD_FACTOR');
  });

  it('rejects a non-numeric default factor at deploy', async () => {
    await expect(uomNode({ onMiss: 'default', defaultValue: 'ten' })).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
  });
});
