// Business events on the real runtime: one publisher flow, two subscriber flows; fan-out, retries and dead letters,
// order per key, a kill -9 with queued events, a deleted subscriber's backlog, and removing an orphaned subscription.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, tempDataDir, type RuntimeProcess } from '../support/runtime-process.js';
import { waitFor } from '../support/wait-for.js';

const TOPIC = 'purchase-orders';

/** A local receiver per subscriber: records what arrived, answers 503 while down or for the first N tries of an ack. */
class Receiver {
  readonly received = new Map<string, string[]>();
  readonly attempts = new Map<string, number>();
  readonly down = new Set<string>();
  /** ackNumber -> the ack that must have arrived before it is accepted (it fails until then: for the order per key). */
  readonly failUntil = new Map<string, string>();
  private server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => { body += chunk.toString(); });
    req.on('end', () => {
      const target = (req.url ?? '/').slice(1);
      const ack = (JSON.parse(body || '{}') as { ackNumber?: string }).ackNumber ?? '';
      this.attempts.set(target, (this.attempts.get(target) ?? 0) + 1);
      const waitsFor = this.failUntil.get(ack);
      if (this.down.has(target) || (waitsFor !== undefined && !this.of(target).includes(waitsFor))) {
        res.writeHead(503).end();
        return;
      }
      this.received.set(target, [...(this.received.get(target) ?? []), ack]);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  url = '';

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  of(target: string): string[] {
    return this.received.get(target) ?? [];
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function publisherFlow(): Array<Record<string, unknown>> {
  return [
    { id: 'ev-pub', type: 'tab', label: 'Publish acknowledgements' },
    { id: 'ev-pub-in', type: 'tl-intake', z: 'ev-pub', x: 100, y: 100, partnerId: 'demo-supplier', path: 'event-acks', auth: 'none', wires: [['ev-pub-out']] },
    { id: 'ev-pub-out', type: 'tl-event-publish', z: 'ev-pub', x: 300, y: 100, topic: TOPIC, eventType: 'PurchaseOrderAcknowledged', key: 'payload.poNumber', wires: [[]] },
  ];
}

/** subscribe -> POST to the receiver -> fail the path unless the receiver answered 2xx. */
function subscriberFlow(id: string, subscription: string, url: string, options: Record<string, unknown>): Array<Record<string, unknown>> {
  return [
    { id, type: 'tab', label: `Subscriber ${subscription}` },
    { id: `${id}-sub`, type: 'tl-event-subscribe', z: id, x: 100, y: 100, topic: TOPIC, subscription, baseDelayMs: 20, maxDelayMs: 100, ...options, wires: [[`${id}-post`], []] },
    { id: `${id}-post`, type: 'http request', z: id, x: 300, y: 100, method: 'POST', ret: 'txt', paytoqs: 'ignore', url, tls: '', persist: false, proxy: '', authType: '', wires: [[`${id}-check`]] },
    { id: `${id}-check`, type: 'function', z: id, x: 500, y: 100, func: 'if (msg.statusCode >= 300) { throw new Error("receiver answered " + msg.statusCode); }\nreturn null;', outputs: 1, wires: [[]] },
  ];
}

interface TopicsAnswer {
  topics: Array<{ topic: string; publishers: Array<{ nodeId: string; flowId: string }>; subscriptions: Array<{ name: string; backlog: number; deployed: boolean; orphaned: boolean; flowId: string }> }>;
}

describe('business events on the runtime', () => {
  const receiver = new Receiver();
  const dataDir = tempDataDir('tradelane-events-');
  let runtime: RuntimeProcess;
  let token: string;
  const planningFlow = () => subscriberFlow('ev-planning', 'planning', `${receiver.url}/planning`, { orderByKey: true, maxAttempts: 1000 });
  const portalFlow = () => subscriberFlow('ev-portal', 'portal', `${receiver.url}/portal`, { maxAttempts: 3 });

  const publish = async (poNumber: string, ackNumber: string) => {
    const response = await fetch(`${runtime.url}/partners/demo-supplier/event-acks`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ poNumber, ackNumber, ackDate: '2026-12-01', status: 'accepted', lines: [{ line: 1, status: 'accepted' }] }),
    });
    return { status: response.status, body: await response.json() as { eventId?: string; correlationId?: string; details?: Array<{ path: string }> } };
  };
  const deploy = async (flow: Array<Record<string, unknown>>) => {
    const answer = await runtime.api('POST', '/api/flows', { flow }, token);
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  };
  const topics = async () => (await runtime.api<TopicsAnswer>('GET', '/api/events/topics', undefined, token)).body.topics.find((entry) => entry.topic === TOPIC);
  const subscription = async (name: string) => (await topics())?.subscriptions.find((entry) => entry.name === name);

  beforeAll(async () => {
    await receiver.start();
    runtime = await startRuntime({ dataDir });
    token = await runtime.login();
    await deploy(planningFlow());
    await deploy(portalFlow());
    await deploy(publisherFlow());
  }, 60_000);

  afterAll(async () => {
    await runtime?.kill();
    await receiver.close();
  });

  it('refuses an invalid event with a located 422', async () => {
    const response = await fetch(`${runtime.url}/partners/demo-supplier/event-acks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ poNumber: 'PO-X', status: 'accepted', lines: [] }) });
    expect(response.status).toBe(422);
    const body = await response.json() as { details: Array<{ path: string }> };
    expect(body.details.map((detail) => detail.path)).toContain('$.payload.ackDate');
  });

  it('delivers to both subscribers; the failing one retries and dead-letters, the other keeps the order per key', async () => {
    receiver.down.add('portal');
    // A-1 fails until B-1 got through: with one order for all keys, B-1 would wait behind A-1 forever.
    receiver.failUntil.set('A-1', 'B-1');
    const answers = [await publish('PO-A', 'A-1'), await publish('PO-A', 'A-2'), await publish('PO-B', 'B-1')];
    for (const answer of answers) expect(answer).toMatchObject({ status: 202, body: { eventId: expect.any(String) } });

    await waitFor(async () => receiver.of('planning'), (got) => got.length === 3, 30_000, 'three deliveries to planning');
    // A-2 waited for A-1's retries; B-1 did not.
    expect(receiver.of('planning').filter((ack) => ack.startsWith('A-'))).toEqual(['A-1', 'A-2']);
    expect(receiver.of('planning')[0]).toBe('B-1');

    type Letters = { items?: Array<{ id: string; nodeId: string; errorCount: number; correlationId: string }>; deadLetters?: Array<{ id: string; nodeId: string; errorCount: number; correlationId: string }> };
    const letters = await waitFor(
      async () => { const body = (await runtime.api<Letters>('GET', '/api/deadletters?flowId=ev-portal', undefined, token)).body; return body.items ?? body.deadLetters ?? []; },
      (list) => list.length === 3, 30_000, 'three dead letters of the portal subscription');
    expect(letters.every((letter) => letter.nodeId === 'ev-portal-sub' && letter.errorCount === 3)).toBe(true);
    expect(receiver.of('portal')).toEqual([]);

    // The existing dead-letter replay puts the event back into the portal subscription.
    receiver.down.delete('portal');
    const replayed = letters.find((letter) => letter.correlationId === answers[2]!.body.correlationId)!;
    const replay = await runtime.api('POST', `/api/deadletters/${replayed.id}/replay`, {}, token);
    expect(replay.status, JSON.stringify(replay.body)).toBe(200);
    await waitFor(async () => receiver.of('portal'), (got) => got.length === 1, 30_000, 'the replayed event at the portal');
    expect(receiver.of('portal')).toEqual(['B-1']);

    // The ledger has the publication and the subscription side's outcomes.
    type Documents = { documents: Array<{ direction: string; channel: string; status: string; flowId?: string }> };
    const documentsOf = (correlationId: string, wanted: number) => waitFor(
      async () => (await runtime.api<Documents>('GET', `/api/documents?correlationId=${correlationId}&channel=event`, undefined, token)).body.documents,
      (list) => list.filter((doc) => doc.status === 'posted' || doc.status === 'dead-lettered').length === wanted, 30_000, `event documents of ${correlationId} in the ledger`);
    const deadLettered = await documentsOf(answers[0]!.body.correlationId!, 2);
    expect(deadLettered).toHaveLength(3);
    expect(deadLettered).toEqual(expect.arrayContaining([
      expect.objectContaining({ direction: 'out', channel: 'event', status: 'sent', flowId: 'ev-pub' }),
      expect.objectContaining({ direction: 'in', channel: 'event', status: 'posted', flowId: 'ev-planning' }),
      expect.objectContaining({ direction: 'in', channel: 'event', status: 'dead-lettered', flowId: 'ev-portal' }),
    ]));
    // The replayed one moved from dead-lettered to posted on the portal side.
    const replayedDocuments = await documentsOf(answers[2]!.body.correlationId!, 2);
    expect(replayedDocuments.filter((doc) => doc.direction === 'in').map((doc) => doc.status)).toEqual(['posted', 'posted']);
  }, 90_000);

  it('delivers events queued at a kill -9 after the restart', async () => {
    receiver.down.add('planning');
    const before = receiver.attempts.get('planning') ?? 0;
    expect((await publish('PO-C', 'C-1')).status).toBe(202);
    expect((await publish('PO-C', 'C-2')).status).toBe(202);
    // C-1 is being retried (C-2 waits behind it) when the runtime dies.
    await waitFor(async () => receiver.attempts.get('planning') ?? 0, (count) => count >= before + 2, 30_000, 'failed attempts at planning');
    expect(receiver.of('planning').filter((ack) => ack.startsWith('C-'))).toEqual([]);
    await runtime.kill();
    receiver.down.delete('planning');
    runtime = await startRuntime({ dataDir });
    token = await runtime.login();
    await waitFor(async () => receiver.of('planning').filter((ack) => ack.startsWith('C-')), (got) => got.length === 2, 30_000, 'C-1 and C-2 after the restart');
    expect(receiver.of('planning').filter((ack) => ack.startsWith('C-'))).toEqual(['C-1', 'C-2']);
  }, 90_000);

  it('keeps a deleted subscriber\'s backlog, reports it as orphaned, and lets only an admin remove it', async () => {
    expect((await runtime.api('DELETE', '/api/flows/ev-planning', undefined, token)).status).toBe(200);
    await publish('PO-D', 'D-1');
    await publish('PO-D', 'D-2');
    const view = await topics();
    expect(view?.publishers).toEqual([expect.objectContaining({ nodeId: 'ev-pub-out', flowId: 'ev-pub' })]);
    expect(await subscription('planning')).toMatchObject({ deployed: false, orphaned: true, backlog: 2, flowId: 'ev-planning' });
    expect(await subscription('portal')).toMatchObject({ deployed: true, orphaned: false });

    // An operator sees the topics but may not remove a subscription.
    expect((await runtime.api('POST', '/api/users', { username: 'ops', password: 'operator-password-1', role: 'operator' }, token)).status).toBe(201);
    const operator = await runtime.login('ops', 'operator-password-1');
    expect((await runtime.api('GET', '/api/events/topics', undefined, operator)).status).toBe(200);
    expect((await runtime.api('DELETE', '/api/events/subscriptions/planning', undefined, operator)).status).toBe(403);

    // A deployed subscription is not removed.
    expect((await runtime.api('DELETE', '/api/events/subscriptions/portal', undefined, token)).status).toBe(409);

    // Redeployed, the subscriber gets its backlog, in order.
    await deploy(planningFlow());
    await waitFor(async () => receiver.of('planning').filter((ack) => ack.startsWith('D-')), (got) => got.length === 2, 30_000, 'the backlog after redeploy');
    expect(receiver.of('planning').filter((ack) => ack.startsWith('D-'))).toEqual(['D-1', 'D-2']);

    // Deleted again with one event waiting: an admin removes the orphan, and its backlog with it (audited).
    expect((await runtime.api('DELETE', '/api/flows/ev-planning', undefined, token)).status).toBe(200);
    await publish('PO-E', 'E-1');
    const removed = await runtime.api('DELETE', '/api/events/subscriptions/planning', undefined, token);
    expect(removed).toMatchObject({ status: 200, body: { name: 'planning', topic: TOPIC, droppedEvents: 1 } });
    expect(await subscription('planning')).toBeUndefined();
    type Audit = { entries: Array<{ action: string; target: string; outcome: string; details: Record<string, unknown> }> };
    const audit = (await runtime.api<Audit>('GET', '/api/audit?action=event.subscription.delete', undefined, token)).body.entries;
    expect(audit.filter((entry) => entry.outcome === 'ok')).toEqual([expect.objectContaining({ target: 'subscription:planning', details: { topic: TOPIC, droppedEvents: 1 } })]);
    // The refused attempt on the deployed one is audited too.
    expect(audit.filter((entry) => entry.outcome === 'failed').map((entry) => entry.target)).toEqual(['subscription:portal']);
    expect((await runtime.api('DELETE', '/api/events/subscriptions/planning', undefined, token)).status).toBe(404);
  }, 90_000);
});
