// Hostile or broken documents at intake: bodies nested thousands of levels deep (JSON, XML), and key headers that are too long or odd.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';
import { createPartner, deployFlow, postToPartner } from '../domain/helpers.js';

const DEPTH = 5000;
/** The intake default (DEFAULT_MAX_NESTING_DEPTH): the flow sets no limit of its own. */
const LIMIT = 64;

describe('intake refuses what it cannot safely hand to a flow', () => {
  let runtime: RuntimeProcess;
  let apiKey: string;
  const post = (body: string, headers: Record<string, string> = {}) =>
    postToPartner(runtime, '/partners/acme/docs', body, { 'content-type': 'application/json', 'x-api-key': apiKey, ...headers });

  beforeAll(async () => {
    runtime = await startRuntime();
    const token = await runtime.login();
    apiKey = (await createPartner(runtime, token, { id: 'acme', name: 'Acme' })).credentials.apiKey!;
    await deployFlow(runtime, token, 'docs', [
      { id: 'docs-in', type: 'tl-intake', partnerId: 'acme', path: 'docs', auth: 'api-key', contentTypes: ['json', 'xml'], wires: [['docs-ok']] },
      { id: 'docs-ok', type: 'tl-respond', statusCode: 200, bodyExpression: '{"correlationId": correlationId, "key": idempotencyKey}' },
    ]);
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it('answers a JSON body nested 5,000 levels deep at once with 400 and where the limit was crossed', async () => {
    const response = await post(`{"po":${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}}`);
    expect(response.status).toBe(400);
    expect(response.body.error).toContain(`deeper than ${LIMIT}`);
    expect(response.body.details![0]).toMatchObject({ path: '$', line: 1, column: '{"po":'.length + LIMIT, depth: LIMIT + 1, limit: LIMIT });
  });

  it('answers an XML body nested 5,000 levels deep with 400 and the line and column of the element', async () => {
    const xml = `<?xml version="1.0"?>\n<!-- deep -->\n${'<a x="1>">'.repeat(DEPTH)}${'</a>'.repeat(DEPTH)}`;
    const response = await post(xml, { 'content-type': 'application/xml' });
    expect(response.status).toBe(400);
    expect(response.body.details![0]).toMatchObject({ path: '$', line: 3, column: LIMIT * '<a x="1>">'.length + 1, depth: LIMIT + 1 });
  });

  it('still accepts a document at the limit', async () => {
    expect((await post(`${'['.repeat(LIMIT)}${']'.repeat(LIMIT)}`)).status).toBe(200);
    expect((await post(`${'<a>'.repeat(LIMIT)}${'</a>'.repeat(LIMIT)}`, { 'content-type': 'application/xml' })).status).toBe(200);
  });

  it('refuses an over-long or malformed Idempotency-Key and X-Correlation-Id with a located 400 instead of truncating them', async () => {
    const long = await post('{}', { 'idempotency-key': 'k'.repeat(129) });
    expect(long.status).toBe(400);
    expect(long.body.details).toEqual([{ path: 'header.Idempotency-Key', message: 'is 129 characters long; at most 128 are allowed' }]);
    const odd = await post('{}', { 'x-correlation-id': 'a b;c', 'idempotency-key': 'ok-1' });
    expect(odd.status).toBe(400);
    expect(odd.body.details).toEqual([{ path: 'header.X-Correlation-Id', message: expect.stringContaining('1 to 128 characters') }]);
    expect(odd.body.correlationId).not.toBe('a b;c');
    const longCorrelation = await post('{}', { 'x-correlation-id': 'c'.repeat(200) });
    expect(longCorrelation.status).toBe(400);
  });

  it('passes valid key headers through unchanged', async () => {
    const response = await post('{}', { 'idempotency-key': 'acme:855:PO-1/ACK=2+x@y', 'x-correlation-id': 'c'.repeat(128) });
    expect(response).toMatchObject({ status: 200, body: { key: 'acme:855:PO-1/ACK=2+x@y', correlationId: 'c'.repeat(128) } });
  });
});
