// tl-intake in the ledger: every request recorded, refused ones with status, HTTP status and located errors, accepted ones updated by the answer.
import { describe, expect, it } from 'vitest';
import { createMemoryServices, createNodeHarness, ManualClock } from '../../nodes/sdk/index.js';
import { intakeNode, respondNode, signRequest } from '../../nodes/supplier-portal/index.js';

const PATH = '/partners/acme/po-acks';
const ACK = { poNumber: 'PO-1001', ackNumber: 'A-1', status: 'accepted', lines: [{ line: 1, status: 'accepted' }] };

async function intake(config: Record<string, unknown> = {}) {
  const clock = new ManualClock();
  const services = createMemoryServices({ clock });
  services.partners.add({ id: 'acme', name: 'Acme', status: 'active' }, 'right-key', { hmacSecret: 'tlh_secret' });
  const harness = await createNodeHarness(intakeNode, { partnerId: 'acme', path: 'po-acks', responseTimeoutMs: 100, documentType: 'acknowledgement', ...config }, { services, nodeId: 'in-1', flowId: 'acks' });
  return { harness, http: services.http, ledger: services.ledger, clock };
}

/** The single document recorded for a correlation id. */
function only(ledger: { all(): Array<{ correlationId: string }> }, correlationId: string) {
  const found = ledger.all().filter((document) => document.correlationId === correlationId);
  expect(found).toHaveLength(1);
  return found[0] as ReturnType<typeof ledger.all>[number] & Record<string, unknown>;
}

describe('tl-intake records refusals', () => {
  it('records a wrong and a missing API key as refused 401 with the located header, the declared size and no body', async () => {
    const { http, ledger, harness } = await intake();
    await http.request('POST', PATH, { headers: { 'x-api-key': 'tlk_guessed-9911', 'x-correlation-id': 'c-wrong', 'content-length': '17' }, body: JSON.stringify({ a: 'secret-ish' }) });
    await http.request('POST', PATH, { headers: { 'x-correlation-id': 'c-missing' }, body: '{}' });
    const wrong = only(ledger, 'c-wrong');
    expect(wrong).toMatchObject({
      direction: 'in', channel: 'intake', documentType: 'acknowledgement', status: 'refused', httpStatus: 401, partnerId: 'acme', flowId: 'acks', nodeId: 'in-1', sizeBytes: 17,
      errors: [{ path: 'header.X-Api-Key', message: 'API key is not valid for this partner' }], facts: { path: PATH, reason: 'unauthorized' },
    });
    expect(wrong.raw).toBeUndefined();
    expect(JSON.stringify(wrong)).not.toContain('9911');
    expect(only(ledger, 'c-missing')).toMatchObject({ status: 'refused', httpStatus: 401, errors: [{ message: 'API key header is missing' }] });
    expect(harness.emitted[0]).toHaveLength(0);
  });

  it('records a bad signature after the body was read, with the body kept for support', async () => {
    const { http, ledger } = await intake({ auth: 'hmac' });
    const body = JSON.stringify(ACK);
    const timestamp = String(Math.floor(Date.parse('2026-01-01T00:00:00Z') / 1000));
    const signature = signRequest('another-secret', { timestamp, method: 'POST', path: PATH, correlationId: 'c-sig', body });
    const response = await http.request('POST', PATH, { headers: { 'x-correlation-id': 'c-sig', 'x-tradelane-timestamp': timestamp, 'x-tradelane-signature': signature, 'content-type': 'application/json' }, body });
    expect(response.status).toBe(401);
    const recorded = only(ledger, 'c-sig');
    expect(recorded).toMatchObject({ status: 'refused', httpStatus: 401, raw: body, sizeBytes: Buffer.byteLength(body), errors: [{ path: 'header.X-Tradelane-Signature' }] });
    expect(JSON.stringify(recorded)).not.toContain(signature.slice(3));
  });

  it('records malformed JSON, too-deep nesting, bad headers and a wrong content type with their located errors', async () => {
    const { http, ledger } = await intake({ maxNestingDepth: 3 });
    const headers = (correlationId: string, extra: Record<string, string> = {}) => ({ 'x-api-key': 'right-key', 'x-correlation-id': correlationId, 'content-type': 'application/json', ...extra });
    await http.request('POST', PATH, { headers: headers('c-json'), body: '{\n "a": tru\n}' });
    await http.request('POST', PATH, { headers: headers('c-deep'), body: '{"a":{"b":{"c":{"d":1}}}}' });
    await http.request('POST', PATH, { headers: headers('c-key', { 'idempotency-key': 'bad key with spaces' }), body: '{}' });
    await http.request('POST', PATH, { headers: headers('c-csv', { 'content-type': 'text/csv' }), body: 'a\n1' });
    expect(only(ledger, 'c-json')).toMatchObject({ status: 'refused', httpStatus: 400, raw: '{\n "a": tru\n}', errors: [{ path: '$', line: 2, column: 7 }] });
    expect(only(ledger, 'c-deep')).toMatchObject({ status: 'refused', httpStatus: 400, errors: [{ path: '$', depth: 4, limit: 3 }] });
    expect(only(ledger, 'c-key')).toMatchObject({ status: 'refused', httpStatus: 400, errors: [{ path: 'header.Idempotency-Key' }], facts: { reason: 'invalid request headers' } });
    expect(only(ledger, 'c-csv')).toMatchObject({ status: 'refused', httpStatus: 415, errors: [{ path: 'header.Content-Type', message: 'expected application/json' }] });
  });
});

describe('tl-intake records accepted documents and the answer', () => {
  it('records the raw body and keys as received, puts the id on msg.ledgerId, and takes the final status from the answer', async () => {
    const { harness, http, ledger } = await intake();
    const body = JSON.stringify(ACK);
    const pending = http.request('POST', PATH, { headers: { 'x-api-key': 'right-key', 'x-correlation-id': 'c-ok', 'idempotency-key': 'k-1', 'content-type': 'application/json' }, body });
    await new Promise((resolve) => setImmediate(resolve));
    const [msg] = harness.emitted[0]!;
    const recorded = only(ledger, 'c-ok');
    expect(msg).toMatchObject({ ledgerId: recorded.id, documentType: 'acknowledgement' });
    expect(recorded).toMatchObject({ status: 'received', raw: body, keys: { poNumber: 'PO-1001', ackNumber: 'A-1' }, facts: { idempotencyKey: 'k-1', format: 'json', path: PATH } });

    const respond = await createNodeHarness(respondNode, { statusCode: 202, bodyExpression: '{"status": "queued"}' });
    await respond.send(msg!);
    expect((await pending).status).toBe(202);
    expect(ledger.patches.at(-1)).toEqual({ reference: { documentId: recorded.id }, patch: { status: 'accepted', httpStatus: 202 } });
  });

  it('records a 422 answer as refused with the answer\'s details, and a 5xx answer as failed', async () => {
    const { harness, http, ledger } = await intake();
    const send = (correlationId: string) => http.request('POST', PATH, { headers: { 'x-api-key': 'right-key', 'x-correlation-id': correlationId, 'content-type': 'application/json' }, body: '{"poNumber":"nope"}' });
    const invalid = send('c-422');
    const unavailable = send('c-503');
    await new Promise((resolve) => setImmediate(resolve));
    const [first, second] = harness.emitted[0]!;
    const reject = await createNodeHarness(respondNode, { statusCode: 422, bodyExpression: '{"error": "invalid ack", "details": [{"path": "$.poNumber", "message": "must match ^PO-"}]}' });
    const busy = await createNodeHarness(respondNode, { statusCode: 503, bodyExpression: '{"error": "queue is full"}' });
    await reject.send(first!);
    await busy.send(second!);
    expect((await invalid).status).toBe(422);
    expect((await unavailable).status).toBe(503);
    expect(only(ledger, 'c-422')).toMatchObject({ status: 'refused', httpStatus: 422, errors: [{ path: '$.poNumber', message: 'must match ^PO-' }] });
    expect(only(ledger, 'c-503')).toMatchObject({ status: 'failed', httpStatus: 503, errors: [{ path: '$', message: 'queue is full' }] });
  });

  it('records a 504 when nothing answers, and ignores an answer that comes too late', async () => {
    const { harness, http, ledger } = await intake({ responseTimeoutMs: 100 });
    const response = await http.request('POST', PATH, { headers: { 'x-api-key': 'right-key', 'x-correlation-id': 'c-late', 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(504);
    expect(only(ledger, 'c-late')).toMatchObject({ status: 'failed', httpStatus: 504, facts: { timedOut: true }, errors: [{ path: '$', message: 'no response within 100 ms' }] });
    const respond = await createNodeHarness(respondNode, { statusCode: 200 });
    await respond.send(harness.emitted[0]![0]!);
    expect(only(ledger, 'c-late')).toMatchObject({ status: 'failed', httpStatus: 504 });
  });

  it('records untyped endpoints as http-request and keys found under the common field names', async () => {
    const { http, ledger } = await intake({ documentType: '', auth: 'none' });
    await http.request('POST', PATH, { headers: { 'x-correlation-id': 'c-untyped', 'content-type': 'application/json' }, body: '{"invoiceNumber": "INV-9", "poNumber": "PO-7"}' }, 50).catch(() => undefined);
    expect(only(ledger, 'c-untyped')).toMatchObject({ documentType: 'http-request', keys: { invoiceNumber: 'INV-9', poNumber: 'PO-7' } });
  });
});
