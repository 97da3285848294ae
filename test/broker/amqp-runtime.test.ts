// AMQP in a real runtime against a real RabbitMQ broker: publish with confirms, consume with acknowledgement after the path, error queue, unroutable messages, and a broker crash and a runtime kill -9 that lose nothing.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { connect, type ChannelModel, type ConfirmChannel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, tempDataDir, type RuntimeProcess } from '../support/runtime-process.js';
import { waitFor } from '../support/wait-for.js';
import { startRabbit, type RabbitProcess } from './rabbitmq-server.js';

interface LedgerDocument { id: string; direction: string; channel: string; status: string; correlationId: string; facts?: Record<string, unknown>; errors?: Array<{ code?: string; message: string }> }

const FLOW_ID = 'amqp-relay';
let rabbit: RabbitProcess;
let runtime: RuntimeProcess;
let token: string;
const dataDir = tempDataDir('tradelane-amqp-');

function relayFlow(): Array<Record<string, unknown>> {
  const broker = { host: '127.0.0.1', port: rabbit.port, username: 'guest', heartbeatSeconds: 5, credentials: { password: 'guest' } };
  // Enough attempts to outlast a broker restart (~6 s) and the node's reconnect backoff (up to 10 s).
  const retry = { maxAttempts: 40, baseDelayMs: 200, maxDelayMs: 2000 };
  const intake = (id: string, route: string, next: string) => ({ id, type: 'tl-intake', z: FLOW_ID, x: 100, y: 100, partnerId: 'broker-test', path: route, auth: 'none', wires: [[next]] });
  const named = (id: string, filename: string, next: string) => ({ id, type: 'change', z: FLOW_ID, x: 300, y: 300, rules: [{ t: 'set', p: 'filename', pt: 'msg', to: filename, tot: 'jsonata' }], wires: [[next]] });
  return [
    { id: FLOW_ID, type: 'tab', label: 'AMQP relay' },
    intake('in', 'orders', 'queue'),
    { id: 'queue', type: 'tl-queue', z: FLOW_ID, x: 200, y: 100, ...retry, wires: [['pub'], []] },
    { id: 'pub', type: 'tl-amqp-out', z: FLOW_ID, x: 300, y: 100, ...broker, routingKey: 'orders', declareQueue: 'orders', wires: [[]] },
    intake('lost-in', 'lost', 'lost-queue'),
    { id: 'lost-queue', type: 'tl-queue', z: FLOW_ID, x: 200, y: 200, ...retry, wires: [['lost-pub'], []] },
    { id: 'lost-pub', type: 'tl-amqp-out', z: FLOW_ID, x: 300, y: 200, ...broker, routingKey: 'no-such-queue', wires: [[]] },
    { id: 'sub', type: 'tl-amqp-in', z: FLOW_ID, x: 100, y: 300, ...broker, queue: 'orders', wires: [['sub-name']] },
    named('sub-name', 'correlationId & ".json"', 'store'),
    { id: 'store', type: 'file', z: FLOW_ID, x: 500, y: 300, filename: '', appendNewline: false, createDir: true, overwriteFile: 'true', wires: [[]] },
    { id: 'sub-bad', type: 'tl-amqp-in', z: FLOW_ID, x: 100, y: 400, ...broker, queue: 'bad-orders', wires: [['bad-name']] },
    // A name outside the files root fails the message on its path: it must end up in the error queue, not be lost.
    named('bad-name', '"../../outside.json"', 'store'),
  ];
}

async function documents(query: string): Promise<LedgerDocument[]> {
  return (await runtime.api<{ documents: LedgerDocument[] }>('GET', `/api/documents?${query}`, undefined, token)).body.documents;
}

function postOrder(route: string, correlationId: string, body: unknown): Promise<Response> {
  return fetch(`${runtime.url}/partners/broker-test/${route}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Correlation-Id': correlationId }, body: JSON.stringify(body) });
}

const stored = (correlationId: string) => path.join(dataDir, 'files', `${correlationId}.json`);

/** A test-side client, as another application on the broker would be; what it publishes is confirmed before it disconnects. */
async function withChannel<T>(use: (channel: ConfirmChannel) => Promise<T>): Promise<T> {
  const connection: ChannelModel = await connect(rabbit.url);
  try {
    const channel = await connection.createConfirmChannel();
    const result = await use(channel);
    await channel.waitForConfirms();
    return result;
  } finally {
    await connection.close();
  }
}

beforeAll(async () => {
  rabbit = await startRabbit();
  runtime = await startRuntime({ dataDir, args: ['--no-demo'] });
  token = await runtime.login();
  const deployed = await runtime.api('PUT', `/api/flows/${FLOW_ID}`, { flow: relayFlow(), message: 'AMQP relay' }, token);
  expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
}, 120_000);

afterAll(async () => {
  await runtime?.stop();
  await rabbit?.stop();
});

describe('AMQP in a deployed flow', () => {
  it('publishes what a partner posted, consumes it from the broker, and the ledger records both sides', async () => {
    expect((await postOrder('orders', 'amqp-1', { poNumber: 'PO-1' })).status).toBe(202);
    await waitFor(async () => existsSync(stored('amqp-1')), Boolean, 20_000, 'the consumed order written');
    expect(JSON.parse(readFileSync(stored('amqp-1'), 'utf8'))).toEqual({ poNumber: 'PO-1' });
    const sent = await documents('channel=broker&direction=out&correlationId=amqp-1');
    expect(sent).toEqual([expect.objectContaining({ status: 'sent', facts: expect.objectContaining({ routingKey: 'orders' }) })]);
    const consumed = await waitFor(() => documents('channel=broker&direction=in&correlationId=amqp-1'), ([doc]) => doc?.status === 'accepted', 10_000, 'the consumed message accepted');
    expect(consumed[0]!.facts).toMatchObject({ queue: 'orders', messageId: sent[0]!.facts!.messageId });
  });

  it('a message no queue is bound for is returned by the broker and dead-lettered, not silently dropped', async () => {
    expect((await postOrder('lost', 'amqp-lost', { poNumber: 'PO-LOST' })).status).toBe(202);
    const [failed] = await waitFor(() => documents('channel=broker&direction=out&correlationId=amqp-lost'), ([doc]) => doc?.status === 'failed', 15_000, 'the unroutable publish');
    expect(failed!.errors?.[0]).toMatchObject({ code: 'AMQP_UNROUTABLE' });
    await waitFor(() => documents('channel=intake&correlationId=amqp-lost'), ([doc]) => doc?.status === 'dead-lettered', 15_000, 'the intake document dead-lettered');
  });

  it('a message whose path fails, or whose JSON is broken, moves to the error queue with the reason and leaves its queue', async () => {
    await withChannel(async (channel) => {
      channel.sendToQueue('bad-orders', Buffer.from('{"poNumber":"PO-BAD"}'), { contentType: 'application/json', correlationId: 'amqp-bad', persistent: true });
      channel.sendToQueue('orders', Buffer.from('{not json'), { contentType: 'application/json', correlationId: 'amqp-broken', persistent: true });
    });
    const all: Array<{ queue: string; code: unknown; body: string }> = [];
    await waitFor(() => withChannel(async (channel) => {
      for (const queue of ['bad-orders.error', 'orders.error']) {
        const message = await channel.get(queue, { noAck: true });
        if (message) all.push({ queue, code: message.properties.headers?.['x-tradelane-error-code'], body: message.content.toString() });
      }
      return all.length;
    }), (count) => count >= 2, 20_000, 'both messages in the error queues');
    expect(all.sort((a, b) => a.queue.localeCompare(b.queue))).toEqual([
      { queue: 'bad-orders.error', code: expect.any(String), body: '{"poNumber":"PO-BAD"}' },
      { queue: 'orders.error', code: 'INVALID_MESSAGE', body: '{not json' },
    ]);
    const counts = await withChannel(async (channel) => [(await channel.checkQueue('bad-orders')).messageCount, (await channel.checkQueue('orders')).messageCount]);
    expect(counts).toEqual([0, 0]);
    const [bad] = await documents('channel=broker&direction=in&correlationId=amqp-bad');
    expect(bad).toMatchObject({ status: 'failed', facts: expect.objectContaining({ errorQueue: 'bad-orders.error' }) });
  });

  it('orders accepted while the broker is down wait in the durable queue and are all delivered once it is back', async () => {
    await rabbit.kill();
    for (const id of ['amqp-r1', 'amqp-r2', 'amqp-r3']) expect((await postOrder('orders', id, { poNumber: id })).status).toBe(202);
    await rabbit.restart();
    await waitFor(async () => ['amqp-r1', 'amqp-r2', 'amqp-r3'].filter((id) => existsSync(stored(id))), (done) => done.length === 3, 60_000, 'the three orders consumed after the broker restart')
      .catch(async (error: Error) => { throw new Error(`${error.message}; ledger r2: ${JSON.stringify((await documents('correlationId=amqp-r2')).map((doc) => [doc.channel, doc.direction, doc.status, doc.errors, doc.facts, (doc as unknown as { receivedAt: string }).receivedAt]))}`); });
    // Attempts while the broker was down sent nothing and left no document; one caught as the broker died may have
    // failed. Each order was published exactly once.
    for (const id of ['amqp-r1', 'amqp-r2', 'amqp-r3']) {
      const statuses = (await documents(`channel=broker&direction=out&correlationId=${id}`)).map((doc) => doc.status);
      expect(statuses.filter((status) => status === 'sent'), id).toEqual(['sent']);
      expect(statuses.length, id).toBeLessThanOrEqual(2);
    }
  }, 120_000);

  it('messages that reach the broker while the runtime is down (kill -9) are consumed once it is back', async () => {
    await runtime.kill();
    await withChannel(async (channel) => {
      for (const id of ['amqp-k1', 'amqp-k2']) channel.sendToQueue('orders', Buffer.from(JSON.stringify({ poNumber: id })), { contentType: 'application/json', correlationId: id, persistent: true });
    });
    runtime = await startRuntime({ dataDir, args: ['--no-demo'] });
    token = await runtime.login();
    await waitFor(async () => ['amqp-k1', 'amqp-k2'].filter((id) => existsSync(stored(id))), (done) => done.length === 2, 30_000, 'both consumed after the restart');
  }, 90_000);

  it('never returns the broker password', async () => {
    const flow = await runtime.api<{ flow: Array<{ id: string; credentials?: unknown }> }>('GET', `/api/flows/${FLOW_ID}`, undefined, token);
    expect(flow.body.flow.find((node) => node.id === 'pub')?.credentials).toEqual({ password: { set: true } });
  });
});
