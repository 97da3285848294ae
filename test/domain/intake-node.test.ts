// tl-intake through the SDK harness: API key and HMAC auth with a replay window, content types, located parse errors.
import { describe, expect, it } from 'vitest';
import { createMemoryServices, createNodeHarness, ManualClock } from '../../nodes/sdk/index.js';
import { intakeNode, signRequest } from '../../nodes/supplier-portal/index.js';

const PATH = '/partners/acme/orders';
const HMAC_SECRET = 'tlh_unit-test-secret';

async function intake(config: Record<string, unknown> = {}, clock = new ManualClock()) {
  const services = createMemoryServices({ clock });
  services.partners.add({ id: 'acme', name: 'Acme', status: 'active', authMethod: 'hmac' }, 'right-key', { hmacSecret: HMAC_SECRET });
  services.partners.add({ id: 'frozen', name: 'Frozen', status: 'suspended' }, 'frozen-key', { hmacSecret: HMAC_SECRET });
  const harness = await createNodeHarness(intakeNode, { partnerId: 'acme', path: 'orders', responseTimeoutMs: 100, ...config }, { services });
  return { harness, clock, http: services.http };
}

let sequence = 0;
/** v2-signed headers; each call is a new request (its own correlation id), so the replay cache does not refuse it. */
function signed(body: string, timestamp: number, secret = HMAC_SECRET): Record<string, string> {
  const correlationId = `corr-${++sequence}`;
  const signature = signRequest(secret, { timestamp: String(timestamp), method: 'POST', path: PATH, correlationId, body });
  return { 'content-type': 'application/json', 'x-correlation-id': correlationId, 'x-tradelane-timestamp': String(timestamp), 'x-tradelane-signature': signature };
}

describe('tl-intake authentication', () => {
  it('accepts the right API key and refuses a wrong or missing one with the header located', async () => {
    const { harness, http } = await intake();
    const ok = await http.request('POST', PATH, { headers: { 'x-api-key': 'right-key', 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(ok.status).toBe(504); // entered the flow; nothing answered
    expect(harness.emitted[0]![0]).toMatchObject({ payload: { a: 1 }, partnerId: 'acme', contentType: 'json' });

    const wrong = await http.request('POST', PATH, { headers: { 'x-api-key': 'wrong' }, body: '{}' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ error: 'unauthorized', details: [{ path: 'header.X-Api-Key', message: 'API key is not valid for this partner' }] });
    const missing = await http.request('POST', PATH, { body: '{}' });
    expect((missing.body as { details: Array<{ message: string }> }).details[0]!.message).toBe('API key header is missing');
    expect(harness.emitted[0]).toHaveLength(1);
  });

  it('accepts a valid HMAC signature and refuses a signature over another body', async () => {
    const { harness, http, clock } = await intake({ auth: 'hmac' });
    const now = Math.floor(clock.now() / 1000);
    const body = '{"poNumber":"PO-1"}';
    const ok = await http.request('POST', PATH, { headers: signed(body, now), body });
    expect(ok.status).toBe(504);
    expect(harness.emitted[0]).toHaveLength(1);

    const tampered = await http.request('POST', PATH, { headers: signed(body, now), body: '{"poNumber":"PO-2"}' });
    expect(tampered.status).toBe(401);
    expect((tampered.body as { details: Array<{ path: string }> }).details[0]!.path).toBe('header.X-Tradelane-Signature');
    const wrongSecret = await http.request('POST', PATH, { headers: signed(body, now, 'another-secret'), body });
    expect(wrongSecret.status).toBe(401);
    expect(harness.emitted[0]).toHaveLength(1);
  });

  it('refuses a correctly signed request replayed after the window, and honours a configured window', async () => {
    const { http, clock } = await intake({ auth: 'hmac', replayWindowSeconds: 60 });
    const body = '{}';
    const headers = signed(body, Math.floor(clock.now() / 1000));
    clock.advance(61_000);
    const replayed = await http.request('POST', PATH, { headers, body });
    expect(replayed.status).toBe(401);
    expect(replayed.body).toMatchObject({ details: [{ path: 'header.X-Tradelane-Timestamp', message: expect.stringContaining('replay window is 60 s') }] });
    const future = await http.request('POST', PATH, { headers: signed(body, Math.floor(clock.now() / 1000) + 120), body });
    expect(future.status).toBe(401);
    const fresh = await http.request('POST', PATH, { headers: signed(body, Math.floor(clock.now() / 1000) - 59), body });
    expect(fresh.status).toBe(504);
  });

  it('refuses missing HMAC headers and non-numeric timestamps', async () => {
    const { http } = await intake({ auth: 'hmac' });
    const noSignature = await http.request('POST', PATH, { headers: { 'x-tradelane-timestamp': '1767225600' }, body: '{}' });
    expect(noSignature.body).toMatchObject({ details: [{ path: 'header.X-Tradelane-Signature', message: 'signature header is missing' }] });
    const badTimestamp = await http.request('POST', PATH, { headers: { 'x-tradelane-timestamp': 'yesterday', 'x-tradelane-signature': 'sha256=00' }, body: '{}' });
    expect(badTimestamp.status).toBe(401);
  });

  it('follows the partner\'s auth method with auth "partner", and refuses a suspended partner', async () => {
    const { http, clock } = await intake({ auth: 'partner' });
    const body = '{}';
    expect((await http.request('POST', PATH, { headers: { 'x-api-key': 'right-key' }, body })).status).toBe(401);
    expect((await http.request('POST', PATH, { headers: signed(body, Math.floor(clock.now() / 1000)), body })).status).toBe(504);

    const frozen = await intake({ partnerId: 'frozen', auth: 'hmac' });
    const response = await frozen.http.request('POST', '/partners/frozen/orders', { headers: signed(body, Math.floor(frozen.clock.now() / 1000)), body });
    expect(response.status).toBe(401);
  });
});

describe('tl-intake content types', () => {
  const all = { auth: 'none', contentTypes: ['json', 'xml', 'csv', 'x12', 'edifact'] };

  it('parses XML into an element tree with string values', async () => {
    const { harness, http } = await intake(all);
    await http.request('POST', PATH, { headers: { 'content-type': 'application/xml; charset=utf-8' }, body: '<?xml version="1.0"?><ack po="PO-1"><line><item>007</item></line></ack>' });
    expect(harness.emitted[0]![0]).toMatchObject({ contentType: 'xml', payload: { ack: { '@_po': 'PO-1', line: { item: '007' } } } });
  });

  it('answers malformed XML with 400 and its line and column', async () => {
    const { harness, http } = await intake(all);
    const response = await http.request('POST', PATH, { headers: { 'content-type': 'text/xml' }, body: '<ack>\n  <po>1</po>\n  <line></lin>\n</ack>' });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: expect.stringContaining('line 3'), details: [{ path: '$', line: 3, column: expect.any(Number) }] });
    expect(harness.emitted[0]).toHaveLength(0);
  });

  it('turns CSV rows into objects and locates a broken row', async () => {
    const { harness, http } = await intake(all);
    await http.request('POST', PATH, { headers: { 'content-type': 'text/csv' }, body: 'sku,qty\nA-1, 5\nB-2,7\n' });
    expect(harness.emitted[0]![0]).toMatchObject({ contentType: 'csv', payload: [{ sku: 'A-1', qty: '5' }, { sku: 'B-2', qty: '7' }] });
    const broken = await http.request('POST', PATH, { headers: { 'content-type': 'text/csv' }, body: 'sku,qty\nA-1,5\nB-2,7,extra\n' });
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ details: [{ line: 3, path: '$[1]' }] });
  });

  it('passes X12 through as raw text with contentType x12, and refuses text that is no interchange', async () => {
    const { harness, http } = await intake(all);
    const x12 = 'ISA*00*          *00*          *ZZ*ACME           *ZZ*DIST           *260101*1200*U*00401*000000001*0*P*>~';
    await http.request('POST', PATH, { headers: { 'content-type': 'application/edi-x12' }, body: x12 });
    expect(harness.emitted[0]![0]).toMatchObject({ contentType: 'x12', payload: x12 });
    await http.request('POST', PATH, { headers: { 'content-type': 'text/plain' }, body: x12 });
    expect(harness.emitted[0]![1]).toMatchObject({ contentType: 'x12' });
    const notX12 = await http.request('POST', PATH, { headers: { 'content-type': 'application/edi-x12' }, body: 'GS*PO*X~' });
    expect(notX12.status).toBe(400);
  });

  it('answers 415 for a content type the node does not accept, naming the accepted ones', async () => {
    const { http } = await intake({ auth: 'none' });
    const response = await http.request('POST', PATH, { headers: { 'content-type': 'text/csv' }, body: 'a\n1' });
    expect(response.status).toBe(415);
    expect(response.body).toMatchObject({ details: [{ path: 'header.Content-Type', message: 'expected application/json' }] });
  });

  it('keeps located JSON errors, the correlation ID and the idempotency key', async () => {
    const { harness, http } = await intake({ auth: 'none' });
    const bad = await http.request('POST', PATH, { headers: { 'x-correlation-id': 'corr-1' }, body: '{\n "a": }' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ correlationId: 'corr-1', details: [{ line: 2, column: 7 }] });
    expect(bad.headers['x-correlation-id']).toBe('corr-1');
    await http.request('POST', PATH, { headers: { 'content-type': 'application/json', 'idempotency-key': 'k-1', 'x-correlation-id': 'corr-2' }, body: '{}' });
    expect(harness.emitted[0]![0]).toMatchObject({ correlationId: 'corr-2', idempotencyKey: 'k-1' });
  });
});
