// Partner intake on the real runtime through deployed flows: auth (API key, HMAC, replay), body errors, validation and $xref mapping.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';
import { createPartner, deployFlow, hmacHeaders, postToPartner } from './helpers.js';

const ORDER_SCHEMA = {
  type: 'object',
  required: ['poNumber', 'lines'],
  properties: {
    poNumber: { type: 'string', pattern: '^PO-[0-9]+$' },
    lines: {
      type: 'array', minItems: 1,
      items: { type: 'object', required: ['line', 'item', 'qty'], properties: { line: { type: 'integer', minimum: 1 }, item: { type: 'string' }, qty: { type: 'number' } } },
    },
  },
};

const MAPPING = '{ "poNumber": payload.poNumber, "lines": [payload.lines.{ "line": line, "supplierItem": item, "sku": $xref("acme-items", item).sku, "qty": qty }] }';

/** intake -> validate -> transform ($xref) -> xref lookup (miss policy) -> respond, with 422 answers for invalid documents and misses. */
function orderFlow(id: string, partnerId: string, auth: string, onMiss: 'error' | 'default') {
  return [
    { id: `${id}-in`, type: 'tl-intake', partnerId, path: 'orders', auth, contentTypes: ['json', 'xml'], bodyLimitBytes: 4096, wires: [[`${id}-validate`]] },
    { id: `${id}-validate`, type: 'tl-validate', schema: 'inline', inlineSchema: ORDER_SCHEMA, onInvalid: 'output',
      rules: [{ expression: '$count(lines[qty <= 0]) = 0', message: 'every line needs a positive quantity', path: '$.lines' }],
      wires: [[`${id}-map`], [`${id}-invalid`]] },
    { id: `${id}-map`, type: 'tl-transform', expression: MAPPING, wires: [[`${id}-xref`]] },
    { id: `${id}-xref`, type: 'tl-xref', table: 'acme-items', key: 'supplierItem', eachLine: true, valueColumn: 'sku', target: 'sku', onMiss, defaultValue: 'UNMAPPED', wires: [[`${id}-ok`]] },
    { id: `${id}-ok`, type: 'tl-respond', statusCode: 200, bodyExpression: '{"lines": payload.lines, "misses": xrefMisses, "contentType": contentType}' },
    { id: `${id}-invalid`, type: 'tl-respond', statusCode: 422, bodyExpression: '{"error": "order is invalid", "details": validationErrors, "correlationId": correlationId}' },
    { id: `${id}-catch`, type: 'catch', scope: [`${id}-xref`], uncaught: false, wires: [[`${id}-failed`]] },
    { id: `${id}-failed`, type: 'tl-respond', statusCode: 422, bodyExpression: '{"error": failure.message, "code": failure.code, "correlationId": correlationId}' },
  ];
}

const ORDER = { poNumber: 'PO-7001', lines: [{ line: 1, item: 'ACME-1', qty: 5 }, { line: 2, item: 'ACME-2', qty: 3 }] };

describe('partner intake flows', () => {
  let runtime: RuntimeProcess;
  let token: string;
  let apiKey: string;
  let hmacSecret: string;

  beforeAll(async () => {
    runtime = await startRuntime();
    token = await runtime.login();
    apiKey = (await createPartner(runtime, token, { id: 'acme', name: 'Acme' })).credentials.apiKey!;
    hmacSecret = (await createPartner(runtime, token, { id: 'globex', name: 'Globex', authMethod: 'hmac' })).credentials.hmacSecret!;
    const csv = 'supplierItem,sku\nACME-1,SKU-10001\nACME-2,SKU-10002\n';
    const imported = await fetch(`${runtime.url}/api/xref/acme-items/csv?keyColumn=supplierItem`, { method: 'PUT', headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` }, body: csv });
    expect(imported.status).toBe(201);
    await deployFlow(runtime, token, 'acme-orders', orderFlow('acme', 'acme', 'api-key', 'error'));
    await deployFlow(runtime, token, 'globex-orders', orderFlow('globex', 'globex', 'partner', 'default'));
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  const postAcme = (body: string, headers: Record<string, string> = {}) =>
    postToPartner(runtime, '/partners/acme/orders', body, { 'content-type': 'application/json', 'x-api-key': apiKey, ...headers });

  describe('authentication', () => {
    it('maps a valid order and refuses a wrong API key with 401', async () => {
      const ok = await postAcme(JSON.stringify(ORDER));
      expect(ok.status).toBe(200);
      const wrong = await postAcme(JSON.stringify(ORDER), { 'x-api-key': 'tlk_wrong' });
      expect(wrong.status).toBe(401);
      expect(wrong.body.details![0]).toMatchObject({ path: 'header.X-Api-Key' });
    });

    it('accepts a valid HMAC signature and refuses a bad one with 401', async () => {
      const body = JSON.stringify(ORDER);
      const ok = await postToPartner(runtime, '/partners/globex/orders', body, hmacHeaders(hmacSecret, '/partners/globex/orders', body));
      expect(ok.status).toBe(200);
      const bad = await postToPartner(runtime, '/partners/globex/orders', body, hmacHeaders('tlh_not-the-secret', '/partners/globex/orders', body));
      expect(bad.status).toBe(401);
      expect(bad.body.details![0]).toMatchObject({ path: 'header.X-Tradelane-Signature' });
      const tampered = await postToPartner(runtime, '/partners/globex/orders', body.replace('PO-7001', 'PO-7002'), hmacHeaders(hmacSecret, '/partners/globex/orders', body));
      expect(tampered.status).toBe(401);
    });

    it('refuses a validly signed request replayed outside the 300 s window with 401', async () => {
      const body = JSON.stringify(ORDER);
      const captured = hmacHeaders(hmacSecret, '/partners/globex/orders', body, Math.floor(Date.now() / 1000) - 301);
      const replayed = await postToPartner(runtime, '/partners/globex/orders', body, captured);
      expect(replayed.status).toBe(401);
      expect(replayed.body.details![0]).toMatchObject({ path: 'header.X-Tradelane-Timestamp', message: expect.stringContaining('replay window is 300 s') });
    });
  });

  describe('body errors', () => {
    it('answers malformed JSON with 400 and its line and column', async () => {
      const response = await postAcme('{\n  "poNumber": "PO-1",\n  "lines": [,]\n}');
      expect(response.status).toBe(400);
      expect(response.body.details![0]).toMatchObject({ line: 3, column: 13 });
      expect(response.body.correlationId).toBeTruthy();
    });

    it('answers malformed XML with 400 and its line and column', async () => {
      const response = await postAcme('<order>\n  <poNumber>PO-1</poNumber>\n  <lines></line>\n</order>', { 'content-type': 'application/xml' });
      expect(response.status).toBe(400);
      expect(response.body.error).toContain('line 3');
      expect(response.body.details![0]).toMatchObject({ line: 3, column: expect.any(Number) });
    });

    it('answers a schema-invalid order with 422 listing JSON paths', async () => {
      const response = await postAcme(JSON.stringify({ poNumber: 'X-1', lines: [{ line: 0, item: 'ACME-1' }] }));
      expect(response.status).toBe(422);
      expect(response.body.details!.map((detail) => detail.path)).toEqual(expect.arrayContaining(['$.poNumber', '$.lines[0].line', '$.lines[0].qty']));
    });

    it('answers a business-rule failure with the rule\'s own message', async () => {
      const response = await postAcme(JSON.stringify({ poNumber: 'PO-1', lines: [{ line: 1, item: 'ACME-1', qty: 0 }] }));
      expect(response.status).toBe(422);
      expect(response.body.details).toEqual([{ path: '$.lines', message: 'every line needs a positive quantity' }]);
    });

    it('answers a body over the limit with 413', async () => {
      const big = JSON.stringify({ ...ORDER, note: 'x'.repeat(5000) });
      const response = await postAcme(big);
      expect(response.status).toBe(413);
    });
  });

  describe('mapping with $xref', () => {
    it('turns supplier items into SKUs, from JSON and from XML', async () => {
      const json = await postAcme(JSON.stringify(ORDER));
      expect(json.body.lines).toEqual([
        { line: 1, supplierItem: 'ACME-1', sku: 'SKU-10001', qty: 5 },
        { line: 2, supplierItem: 'ACME-2', sku: 'SKU-10002', qty: 3 },
      ]);
      const body = JSON.stringify(ORDER);
      const signed = await postToPartner(runtime, '/partners/globex/orders', body, hmacHeaders(hmacSecret, '/partners/globex/orders', body));
      expect(signed.body.lines).toEqual(json.body.lines);
    });

    it('raises XREF_MISS for an unknown item when the miss policy is "error"', async () => {
      const response = await postAcme(JSON.stringify({ poNumber: 'PO-7003', lines: [{ line: 1, item: 'ACME-1', qty: 1 }, { line: 2, item: 'ACME-404', qty: 1 }] }));
      expect(response.status).toBe(422);
      expect(response.body.code).toBe('XREF_MISS');
      expect(response.body.error).toContain('ACME-404');
    });

    it('writes the default value for an unknown item when the miss policy is "default"', async () => {
      const body = JSON.stringify({ poNumber: 'PO-7004', lines: [{ line: 1, item: 'ACME-2', qty: 1 }, { line: 2, item: 'ACME-404', qty: 1 }] });
      const response = await postToPartner(runtime, '/partners/globex/orders', body, hmacHeaders(hmacSecret, '/partners/globex/orders', body));
      expect(response.status).toBe(200);
      expect((response.body.lines as Array<{ sku: string }>).map((line) => line.sku)).toEqual(['SKU-10002', 'UNMAPPED']);
      expect(response.body.misses).toEqual([expect.objectContaining({ table: 'acme-items', key: 'ACME-404' })]);
    });

    it('follows a table change without redeploying the flow', async () => {
      const updated = await runtime.api('PUT', '/api/xref/acme-items', { keyColumn: 'supplierItem', rows: [{ supplierItem: 'ACME-1', sku: 'SKU-30001' }, { supplierItem: 'ACME-2', sku: 'SKU-10002' }] }, token);
      expect(updated.status).toBe(200);
      const response = await postAcme(JSON.stringify(ORDER));
      expect((response.body.lines as Array<{ sku: string }>)[0]!.sku).toBe('SKU-30001');
    });
  });
});
