// Attack: a captured HMAC-signed partner request is sent again (as is, to another path, with other key headers, or after a restart).
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryServices, createNodeHarness, ManualClock } from '../../nodes/sdk/index.js';
import { intakeNode } from '../../nodes/supplier-portal/index.js';
import { startRuntime, type RuntimeProcess } from '../support/runtime-process.js';
import { createPartner, deployFlow, postToPartner } from '../domain/helpers.js';

const ACKS = '/partners/globex/acks';
const OTHER = '/partners/globex/asns';

function intakeFlow(partnerId: string, path: string) {
  return [
    { id: `${partnerId}-${path}-in`, type: 'tl-intake', partnerId, path, auth: 'hmac', wires: [[`${partnerId}-${path}-ok`]] },
    { id: `${partnerId}-${path}-ok`, type: 'tl-respond', statusCode: 200, bodyExpression: '{"applied": payload.ackNumber, "key": idempotencyKey}' },
  ];
}

/** Signed as docs/partners.md tells a partner to, independently of our own signing code. */
function signV2(secret: string, timestamp: string, path: string, body: string, keys: { idempotencyKey?: string; correlationId?: string }): string {
  const canonical = `v2:${timestamp}\nPOST\n${path}\n${keys.idempotencyKey ?? ''}\n${keys.correlationId ?? ''}\n${body}`;
  return `v2=${createHmac('sha256', secret).update(canonical).digest('hex')}`;
}

function signLegacyV1(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

function signedHeaders(secret: string, path: string, body: string, keys: { idempotencyKey?: string; correlationId?: string } = {}): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  return {
    'content-type': 'application/json',
    'x-tradelane-timestamp': timestamp,
    'x-tradelane-signature': signV2(secret, timestamp, path, body, keys),
    ...(keys.idempotencyKey ? { 'idempotency-key': keys.idempotencyKey } : {}),
    ...(keys.correlationId ? { 'x-correlation-id': keys.correlationId } : {}),
  };
}

describe('replaying a signed partner request', () => {
  let runtime: RuntimeProcess;
  let token: string;
  let secret: string;
  let legacySecret: string;

  beforeAll(async () => {
    runtime = await startRuntime();
    token = await runtime.login();
    secret = (await createPartner(runtime, token, { id: 'globex', name: 'Globex', authMethod: 'hmac' })).credentials.hmacSecret!;
    legacySecret = (await createPartner(runtime, token, { id: 'oldco', name: 'Old Co', authMethod: 'hmac', legacyV1Signatures: true })).credentials.hmacSecret!;
    await deployFlow(runtime, token, 'globex-acks', [...intakeFlow('globex', 'acks'), ...intakeFlow('globex', 'asns'), ...intakeFlow('oldco', 'acks')]);
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it('applies a signed ack once; the same request sent again is refused with 401 and a located reason', async () => {
    const body = JSON.stringify({ ackNumber: 'ACK-1' });
    const headers = signedHeaders(secret, ACKS, body, { idempotencyKey: 'ack-1' });
    const first = await postToPartner(runtime, ACKS, body, headers);
    expect(first).toMatchObject({ status: 200, body: { applied: 'ACK-1', key: 'ack-1' } });
    for (let attempt = 0; attempt < 3; attempt++) {
      const replay = await postToPartner(runtime, ACKS, body, headers);
      expect(replay.status).toBe(401);
      expect(replay.body.details![0]).toMatchObject({ path: 'header.X-Tradelane-Signature', message: expect.stringContaining('already used') });
    }
  });

  it('refuses a captured signature moved to another endpoint or given other key headers', async () => {
    const body = JSON.stringify({ ackNumber: 'ACK-2' });
    const headers = signedHeaders(secret, ACKS, body, { idempotencyKey: 'ack-2', correlationId: 'corr-ack-2' });
    expect((await postToPartner(runtime, OTHER, body, headers)).status).toBe(401);
    expect((await postToPartner(runtime, ACKS, body, { ...headers, 'idempotency-key': 'ack-2-again' })).status).toBe(401);
    expect((await postToPartner(runtime, ACKS, body, { ...headers, 'x-correlation-id': 'corr-other' })).status).toBe(401);
    expect((await postToPartner(runtime, ACKS, body, headers)).status).toBe(200);
  });

  it('refuses the retired v1 scheme unless the partner\'s compatibility switch is on, and still refuses its replay', async () => {
    const body = JSON.stringify({ ackNumber: 'ACK-3' });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const v1 = (key: string, path: string) => ({ 'content-type': 'application/json', 'x-tradelane-timestamp': timestamp, 'x-tradelane-signature': signLegacyV1(key, timestamp, body), 'x-correlation-id': path.replace(/\//g, '.') });
    const refused = await postToPartner(runtime, ACKS, body, v1(secret, ACKS));
    expect(refused.status).toBe(401);
    expect(refused.body.details![0]).toMatchObject({ path: 'header.X-Tradelane-Signature', message: expect.stringContaining('v1 signature scheme') });
    const legacy = v1(legacySecret, '/partners/oldco/acks');
    expect((await postToPartner(runtime, '/partners/oldco/acks', body, legacy)).status).toBe(200);
    expect((await postToPartner(runtime, '/partners/oldco/acks', body, legacy)).status).toBe(401);
  });

  it('still refuses a replay after the runtime restarted within the window', async () => {
    const body = JSON.stringify({ ackNumber: 'ACK-4' });
    const headers = signedHeaders(secret, ACKS, body, { idempotencyKey: 'ack-4' });
    expect((await postToPartner(runtime, ACKS, body, headers)).status).toBe(200);
    const dataDir = runtime.dataDir;
    await runtime.stop();
    runtime = await startRuntime({ dataDir });
    const replay = await postToPartner(runtime, ACKS, body, headers);
    expect(replay.status).toBe(401);
    expect(replay.body.details![0]).toMatchObject({ message: expect.stringContaining('already used') });
  });
});

describe('the list of seen signatures', () => {
  it('keeps a signature only while its timestamp is inside the window, then forgets it', async () => {
    const clock = new ManualClock();
    const services = createMemoryServices({ clock });
    services.partners.add({ id: 'globex', name: 'Globex', status: 'active', authMethod: 'hmac' }, undefined, { hmacSecret: 'tlh_window' });
    const harness = await createNodeHarness(intakeNode, { partnerId: 'globex', path: 'acks', auth: 'hmac', replayWindowSeconds: 60, responseTimeoutMs: 100 }, { services });
    const send = (correlationId: string) => {
      const timestamp = String(Math.floor(clock.now() / 1000));
      const body = '{}';
      const signature = signV2('tlh_window', timestamp, ACKS, body, { correlationId });
      const headers = { 'x-tradelane-timestamp': timestamp, 'x-tradelane-signature': signature, 'x-correlation-id': correlationId };
      return { signature, request: () => services.http.request('POST', ACKS, { headers, body }) };
    };
    const seen = services.keyValue('intake-replay');
    const first = send('corr-1');
    expect((await first.request()).status).toBe(504); // entered the flow
    expect((await first.request()).status).toBe(401);
    const key = `globex:${first.signature.slice(3)}`;
    expect(await seen.get(key)).toBeDefined();
    clock.advance(62_000);
    expect((await send('corr-2').request()).status).toBe(504);
    expect(await seen.get(key)).toBeUndefined();
    expect((await first.request()).status).toBe(401); // now too old for the timestamp check instead
    await harness.close();
  });
});
