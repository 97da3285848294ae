// tl-validate through the SDK harness: schema errors by path, business rules after the schema, output vs error mode.
import { describe, expect, it, vi } from 'vitest';
import { createNodeHarness } from '../../nodes/sdk/index.js';
import { validateNode } from '../../nodes/canonical/validate-node.js';
import { canonicalExamples } from '../../nodes/canonical/examples.js';

// Counts JSONata compilations so the test can tell compile-once from compile-per-message.
const compiled = vi.hoisted(() => ({ count: 0 }));
vi.mock('jsonata', async (importOriginal) => {
  const original = (await importOriginal<{ default: (expression: string, options?: object) => unknown }>()).default;
  return { default: (expression: string, options?: object) => { compiled.count += 1; return original(expression, options); } };
});

const ack = () => structuredClone(canonicalExamples.PurchaseOrderAcknowledgement);

const rules = [
  { expression: 'status = "rejected" or $count(lines) > 0', message: 'an accepted or changed acknowledgement must list its lines' },
  { expression: '$count(lines[status = "backordered" and $not($exists(promisedDate))]) = 0', message: 'a backordered line needs a promised date', path: '$.lines' },
];

describe('tl-validate', () => {
  it('sends a valid acknowledgement to output 1 unchanged', async () => {
    const node = await createNodeHarness(validateNode, { schema: 'PurchaseOrderAcknowledgement', rules });
    const payload = ack();
    const { outputs, error } = await node.send({ payload });
    expect(error).toBeUndefined();
    expect(outputs[0]).toHaveLength(1);
    expect(outputs[1]).toHaveLength(0);
    expect(outputs[0]![0]!.payload).toEqual(canonicalExamples.PurchaseOrderAcknowledgement);
    expect(outputs[0]![0]!.validationErrors).toBeUndefined();
  });

  it('reports all schema errors with JSON paths on output 2 and does not run rules on a malformed document', async () => {
    const node = await createNodeHarness(validateNode, { schema: 'PurchaseOrderAcknowledgement', rules });
    const payload = ack() as unknown as Record<string, unknown> & { lines: Array<Record<string, unknown>> };
    delete payload.poNumber;
    payload.ackDate = '2026-13-45';
    payload.lines[0]!.promisedQty = 'five hundred';
    payload.lines[1]!.status = 'maybe';
    const { outputs } = await node.send({ payload });
    expect(outputs[0]).toHaveLength(0);
    const errors = outputs[1]![0]!.validationErrors;
    expect(errors).toEqual([
      { path: '$.poNumber', message: 'is required' },
      { path: '$.ackDate', message: 'must match format "date"' },
      { path: '$.lines[0].promisedQty', message: 'must be number' },
      { path: '$.lines[1].status', message: 'must be one of "accepted", "rejected", "changed", "backordered"' },
    ]);
  });

  it('runs business rules once the schema passes and reports each failed rule with its message and path', async () => {
    const node = await createNodeHarness(validateNode, { schema: 'PurchaseOrderAcknowledgement', rules });
    const payload = ack();
    payload.lines[1]!.status = 'backordered';
    delete payload.lines[1]!.promisedDate;
    const { outputs } = await node.send({ payload });
    expect(outputs[1]![0]!.validationErrors).toEqual([{ path: '$.lines', message: 'a backordered line needs a promised date' }]);

    const empty = { ...ack(), lines: [] };
    const second = await node.send({ payload: empty });
    expect(second.outputs[1]![0]!.validationErrors).toEqual([{ path: '$', message: 'an accepted or changed acknowledgement must list its lines' }]);
  });

  it('gives rules $msg and $partner, and counts a rule that cannot be evaluated as failed with the reason', async () => {
    const node = await createNodeHarness(validateNode, {
      schema: 'PurchaseOrderAcknowledgement',
      rules: [
        { expression: '$partner = partnerId', message: 'document partner must match the sender' },
        { expression: '$msg.channel = "portal"', message: 'only portal acknowledgements here' },
        { expression: '$number(poNumber) > 0', message: 'PO number must be numeric' },
      ],
    });
    const { outputs } = await node.send({ payload: ack(), partnerId: 'globex', channel: 'edi' });
    const errors = outputs[1]![0]!.validationErrors as Array<{ path: string; message: string }>;
    expect(errors.map((e) => e.message)).toEqual([
      'document partner must match the sender',
      'only portal acknowledgements here',
      expect.stringMatching(/^PO number must be numeric \(rule could not be evaluated: Unable to cast value to a number/),
    ]);

    const ok = await node.send({ payload: { ...ack(), poNumber: '10045' }, partnerId: 'acme', channel: 'portal' });
    expect(ok.outputs[0]).toHaveLength(1);
  });

  it('raises VALIDATION_FAILED with the located problems when configured to error', async () => {
    const node = await createNodeHarness(validateNode, { schema: 'PurchaseOrderAcknowledgement', onInvalid: 'error' });
    const payload = { ...ack(), status: 'partial', currency: 'dollars' };
    const { outputs, error } = await node.send({ payload });
    expect(outputs.flat()).toHaveLength(0);
    expect(error?.code).toBe('VALIDATION_FAILED');
    expect(error?.message).toBe('invalid PurchaseOrderAcknowledgement: $.status must be one of "accepted", "changed", "rejected" and 1 more');
    expect(error?.details).toEqual([
      { path: '$.status', message: 'must be one of "accepted", "changed", "rejected"' },
      { path: '$.currency', message: 'must match pattern "^[A-Z]{3}$"' },
    ]);
  });

  it('validates against an inline schema and another message property', async () => {
    const node = await createNodeHarness(validateNode, {
      schema: 'inline',
      property: 'order.header',
      inlineSchema: { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^SO-' } } },
    });
    expect((await node.send({ order: { header: { id: 'SO-1' } } })).outputs[0]).toHaveLength(1);
    const bad = await node.send({ order: { header: { id: 'PO-1' } } });
    expect(bad.outputs[1]![0]!.validationErrors).toEqual([{ path: '$.id', message: 'must match pattern "^SO-"' }]);
    const missing = await node.send({ payload: {} });
    expect(missing.outputs[1]![0]!.validationErrors).toEqual([{ path: '$', message: 'must be object' }]);
  });

  it('refuses to start with a rule syntax error, an inline choice without schema, or an uncompilable schema', async () => {
    await expect(createNodeHarness(validateNode, { schema: 'Invoice', rules: [{ expression: 'totals.total >', message: 'x' }] }))
      .rejects.toMatchObject({ code: 'JSONATA_ERROR', details: { position: 14, token: '(end)', line: 1, column: 15 } });
    await expect(createNodeHarness(validateNode, { schema: 'inline' })).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
    await expect(createNodeHarness(validateNode, { schema: 'inline', inlineSchema: { type: 'object', properties: { a: { type: 'nonsense' } } } }))
      .rejects.toMatchObject({ code: 'INVALID_CONFIG', message: expect.stringContaining('inlineSchema does not compile') });
    await expect(createNodeHarness(validateNode, { schema: 'Shipment' })).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
  });

  it('compiles rules once at create, not per message', async () => {
    const before = compiled.count;
    const node = await createNodeHarness(validateNode, { schema: 'Item', rules: [{ expression: 'status = "active"', message: 'item must be active' }] });
    expect(compiled.count - before).toBe(1);
    const item = structuredClone(canonicalExamples.Item);
    for (let i = 0; i < 3; i += 1) expect((await node.send({ payload: item })).outputs[0]).toHaveLength(1);
    expect(compiled.count - before).toBe(1);
    const inactive = await node.send({ payload: { ...item, status: 'inactive' } });
    expect((inactive.outputs[1]![0]!.validationErrors as unknown[])).toHaveLength(1);
  });
});
