// The overdue sweep on both SQL engines: one alert per breach across repeated sweeps and restarts, late answers clearing it, 997 and ASN rules, the overdue view and SLA board.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresServerProcess } from '../support/postgres-server.js';
import { signatureValid, startWebhookReceiver, type WebhookReceiver } from '../support/alert-receivers.js';
import { WebhookAlertChannel } from '../../runtime/ledger/alert-channels.js';
import type { PartnerInfo } from '../../runtime/ledger/sla-reports.js';
import { closeOpenRigs, engines, HOUR, manualClock, MINUTE, slaRig, type DatabaseHome, type ManualClock, type SlaRig } from './sla-support.js';

let postgres: PostgresServerProcess;
beforeAll(async () => { postgres = await startPostgres(); });
afterEach(closeOpenRigs);
afterAll(async () => { await postgres?.kill(); });

const iso = (at: number) => new Date(at).toISOString();

describe.each(engines(() => postgres))('overdue sweep on $name', ({ home: newHome, sharedByProcesses }) => {
  let receiver: WebhookReceiver;
  const secret = 'alert-webhook-test-secret';
  const partners: PartnerInfo[] = [
    { id: 'acme', name: 'Acme Supply', sla: { ackWithinHours: 1, functionalAckWithinMinutes: 15, asnBeforeArrivalHours: 24, asnWithinHoursOfShipment: 4 } },
    { id: 'beta', name: 'Beta Parts', sla: { ackWithinHours: 2 } },
    { id: 'globex', name: 'Globex', sla: {} },
  ];

  beforeAll(async () => { receiver = await startWebhookReceiver(); });
  afterAll(async () => { await receiver?.close(); });

  /** A fresh database per test; each test "restarts" by opening new instances on it. */
  async function fresh(clock: ManualClock): Promise<{ home: DatabaseHome; open(): Promise<SlaRig>; rig: SlaRig; restart(): Promise<SlaRig> }> {
    const home = await newHome();
    const open = () => slaRig(home, clock, () => partners, [new WebhookAlertChannel({ url: receiver.url, secret: async () => secret, now: clock.now })]);
    const state = { home, open, rig: await open(), restart: async () => { await state.rig.close(); state.rig = await open(); return state.rig; } };
    return state;
  }

  it('raises one alert per overdue purchase order, once over repeated sweeps and a restart, and delivers it once, signed', async () => {
    const clock = manualClock();
    const env = await fresh(clock);
    const sentAt = clock.at;
    const po = env.rig.record({ direction: 'out', channel: 'edi', documentType: 'purchaseOrder', status: 'sent', partnerId: 'acme', keys: { poNumber: 'PO-1001' } });
    const noRule = env.rig.record({ direction: 'out', channel: 'edi', documentType: 'purchaseOrder', status: 'sent', partnerId: 'globex', keys: { poNumber: 'PO-G1' } });
    clock.advance(59 * MINUTE);
    expect((await env.rig.sweep.run()).raised).toBe(0);
    clock.advance(2 * MINUTE);
    expect((await env.rig.sweep.run()).raised).toBe(1);
    expect((await env.rig.sweep.run()).raised).toBe(0);
    expect((await env.rig.queries.get(po))!.status).toBe('overdue');
    expect((await env.rig.queries.get(noRule))!.status).toBe('sent');

    let rig = await env.restart();
    expect((await rig.sweep.run()).raised).toBe(0);
    // Two runtimes on one database sweeping at the same moment (Postgres: cluster mode): both see the breach, the unique key lets one alert in.
    rig.record({ direction: 'out', channel: 'edi', documentType: 'purchaseOrder', status: 'sent', partnerId: 'beta', keys: { poNumber: 'PO-1002' } });
    await rig.writer.flush();
    clock.advance(2 * HOUR);
    const second = await env.open();
    const sweeps = sharedByProcesses ? await Promise.all([rig.sweep.run(), second.sweep.run()]) : [await rig.sweep.run(), await second.sweep.run()];
    expect(sweeps.map((sweep) => sweep.raised).sort()).toEqual([0, 1]);
    await second.close();
    expect((await rig.alerts.list({ poNumber: 'PO-1002' })).alerts).toHaveLength(1);
    expect(await rig.alerts.raise({ dedupeKey: `sla.ack-overdue:${po}`, kind: 'sla.ack-overdue', severity: 'warning', subject: 'again' }, [])).toMatchObject({ created: false });
    const { alerts } = await rig.alerts.list({ poNumber: 'PO-1001' });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'sla.ack-overdue', severity: 'warning', status: 'open', partnerId: 'acme', poNumber: 'PO-1001', documentId: po, documentType: 'purchaseOrder', dueAt: iso(sentAt + HOUR) });

    expect(await rig.delivery.runOnce()).toBe(2);
    expect(await rig.delivery.runOnce()).toBe(0);
    rig = await env.restart();
    expect(await rig.delivery.runOnce()).toBe(0);
    const received = receiver.requests.filter((request) => request.headers['x-tradelane-alert-id'] === alerts[0]!.id);
    expect(received).toHaveLength(1);
    expect(signatureValid(secret, received[0]!)).toBe(true);
    expect(signatureValid('another-secret', received[0]!)).toBe(false);
    expect(received[0]!.headers['idempotency-key']).toBe(alerts[0]!.id);
    expect(JSON.parse(received[0]!.body)).toMatchObject({ type: 'alert.raised', alert: { id: alerts[0]!.id, kind: 'sla.ack-overdue', poNumber: 'PO-1001', partnerId: 'acme' } });
    const detail = (await rig.alerts.detail(alerts[0]!.id))!;
    expect(detail.events.map((event) => [event.type, event.actor])).toEqual([['raised', 'system'], ['delivered', 'system']]);
    expect(detail.deliveries).toEqual([{ channel: 'webhook', target: receiver.url.split('?')[0], status: 'delivered', attempts: 1, deliveredAt: iso(clock.at) }]);
    await rig.close();
  });

  it('resolves the alert automatically when the acknowledgement comes late, and the order becomes acknowledged; a refused one does not count', async () => {
    const clock = manualClock();
    const env = await fresh(clock);
    const late = env.rig.record({ direction: 'out', channel: 'edi', documentType: 'purchaseOrder', status: 'sent', partnerId: 'acme', keys: { poNumber: 'PO-1003' } });
    const refusedOnly = env.rig.record({ direction: 'out', channel: 'edi', documentType: 'purchaseOrder', status: 'sent', partnerId: 'acme', keys: { poNumber: 'PO-1004' } });
    clock.advance(61 * MINUTE);
    await env.rig.sweep.run();
    const [alert] = (await env.rig.alerts.list({ poNumber: 'PO-1003' })).alerts;
    await env.rig.alerts.acknowledge(alert!.id, 'otto', 'calling the supplier');
    clock.advance(30 * MINUTE);
    const ackAt = clock.at;
    env.rig.record({ documentType: 'acknowledgement', partnerId: 'acme', keys: { poNumber: 'PO-1003', ackNumber: 'ACK-1' } });
    env.rig.record({ documentType: 'acknowledgement', status: 'refused', partnerId: 'acme', keys: { poNumber: 'PO-1004' }, httpStatus: 422 });
    const rig = await env.restart();
    expect(await rig.sweep.run()).toMatchObject({ raised: 0, cleared: 1 });

    const detail = (await rig.alerts.detail(alert!.id))!;
    expect(detail.alert).toMatchObject({ status: 'resolved', resolvedBy: 'system', acknowledgedBy: 'otto' });
    expect(detail.alert.resolution).toBe(`acknowledged late: the acknowledgement arrived ${iso(ackAt)}`);
    expect(detail.events.map((event) => [event.type, event.actor])).toEqual([['raised', 'system'], ['acknowledged', 'otto'], ['resolved', 'system']]);
    expect(detail.events[1]!.comment).toBe('calling the supplier');
    expect((await rig.queries.get(late))!.status).toBe('acknowledged');
    expect((await rig.queries.get(refusedOnly))!.status).toBe('overdue');
    expect((await rig.alerts.list({ poNumber: 'PO-1004' })).alerts.map((open) => open.status)).toEqual(['open']);
    expect(await rig.sweep.run()).toMatchObject({ raised: 0, cleared: 0 });
    await rig.close();
  });

  it('raises an alert for an interchange still waiting for its 997 after the window, and clears it when the 997 arrives; a PO keeps its own status', async () => {
    const clock = manualClock();
    const env = await fresh(clock);
    const { rig } = env;
    const interchange = rig.record({
      direction: 'out', channel: 'edi', documentType: 'x12-interchange', status: 'sent', partnerId: 'acme', keys: { poNumber: 'PO-1005' },
      edi: { standard: 'x12', interchangeControl: '000000101', ackStatus: 'expected' },
    });
    const order = rig.record({ direction: 'out', channel: 'edi', documentType: 'purchaseOrder', status: 'sent', partnerId: 'acme', keys: { poNumber: 'PO-1006' }, edi: { standard: 'x12', interchangeControl: '000000102', ackStatus: 'expected' } });
    const answered = rig.record({ direction: 'out', channel: 'edi', documentType: 'x12-interchange', status: 'sent', partnerId: 'acme', edi: { standard: 'x12', interchangeControl: '000000103', ackStatus: 'expected' } });
    clock.advance(5 * MINUTE);
    rig.writer.update({ documentId: answered }, { edi: { ackStatus: 'accepted' } });
    rig.record({ documentType: 'acknowledgement', partnerId: 'acme', keys: { poNumber: 'PO-1006' } });
    clock.advance(11 * MINUTE);
    await rig.sweep.run();

    const kinds = (await rig.alerts.list({ kind: 'sla.functional-ack-overdue' })).alerts;
    expect(kinds.map((alert) => alert.documentId).sort()).toEqual([interchange, order].sort());
    expect((await rig.queries.get(interchange))!.status).toBe('overdue');
    expect((await rig.queries.get(order))!.status).toBe('acknowledged');
    expect((await rig.queries.get(answered))!.status).toBe('sent');

    rig.writer.update({ documentId: interchange }, { edi: { ackStatus: 'accepted' } });
    expect((await rig.sweep.run()).cleared).toBe(1);
    const cleared = (await rig.alerts.list({ kind: 'sla.functional-ack-overdue', status: 'resolved' })).alerts;
    expect(cleared.map((alert) => [alert.documentId, alert.resolution])).toEqual([[interchange, 'functional acknowledgement received late (accepted)']]);
    expect((await rig.queries.get(interchange))!.status).toBe('acknowledged');
    await rig.close();
  });

  it('checks ship notices against the delivery date (facts, acknowledgement promise or canonical lines) and the ship date', async () => {
    const clock = manualClock(Date.parse('2026-12-01T08:00:00Z'));
    const env = await fresh(clock);
    const { rig } = env;
    const po = (poNumber: string, extra: Record<string, unknown> = {}) => rig.record({ direction: 'out', channel: 'edi', documentType: 'purchaseOrder', status: 'sent', partnerId: 'acme', keys: { poNumber }, ...extra });
    po('PO-2001', { facts: { requestedDeliveryDate: '2026-12-03' } });
    po('PO-2002', { canonical: { poNumber: 'PO-2002', requestedDeliveryDate: '2026-12-10' } });
    po('PO-2003');
    po('PO-2004', { facts: { requestedDeliveryDate: '2026-12-03' } });
    po('PO-2005', { facts: { requestedDeliveryDate: '2026-12-20' } });
    po('PO-2006', { canonical: { poNumber: 'PO-2006', lines: [{ requestedDate: '2026-12-05' }, { requestedDate: '2026-12-02' }] } });
    // The supplier promises PO-2002 for 2 December: its ship notice is due a day before, which has passed.
    for (const poNumber of ['PO-2001', 'PO-2002', 'PO-2003', 'PO-2004', 'PO-2005', 'PO-2006']) {
      rig.record({ documentType: 'acknowledgement', partnerId: 'acme', keys: { poNumber }, ...(poNumber === 'PO-2002' ? { facts: { promisedDate: '2026-12-02' } } : {}) });
    }
    clock.advance(4 * HOUR);
    const onTime = rig.record({ documentType: 'asn', partnerId: 'acme', keys: { poNumber: 'PO-2004', shipmentId: 'SH-4' }, facts: { shipDate: '2026-12-01' } });
    const lateNotice = rig.record({ documentType: 'asn', partnerId: 'acme', keys: { poNumber: 'PO-2005', shipmentId: 'SH-5' }, canonical: { asnNumber: 'SH-5', shipDate: '2026-11-28' } });
    await rig.sweep.run();

    const missing = async () => (await rig.alerts.list({ kind: 'sla.asn-missing' })).alerts.map((alert) => [alert.poNumber, alert.status, alert.dueAt]).sort();
    expect(await missing()).toEqual([['PO-2002', 'open', '2026-12-01T00:00:00.000Z'], ['PO-2006', 'open', '2026-12-01T00:00:00.000Z']]);
    const late = (await rig.alerts.list({ kind: 'sla.asn-late' })).alerts;
    expect(late.map((alert) => [alert.documentId, alert.keys.shipmentId, alert.dueAt, alert.severity])).toEqual([[lateNotice, 'SH-5', '2026-11-29T03:59:59.999Z', 'warning']]);
    expect((await rig.queries.get(onTime))!.status).toBe('accepted');

    clock.at = Date.parse('2026-12-02T01:00:00Z');
    await rig.sweep.run();
    expect((await missing()).map(([poNumber]) => poNumber)).toEqual(['PO-2001', 'PO-2002', 'PO-2006']);
    rig.record({ documentType: 'asn', partnerId: 'acme', keys: { poNumber: 'PO-2001', shipmentId: 'SH-1' }, facts: { shipDate: '2026-12-02' } });
    await rig.sweep.run();
    expect(await missing()).toContainEqual(['PO-2001', 'resolved', '2026-12-02T00:00:00.000Z']);

    const summary = await rig.reports.summary({ from: Date.parse('2026-11-30T00:00:00Z'), to: clock.at });
    expect(summary.suppliers.find((supplier) => supplier.partnerId === 'acme')!.asnCompliance).toEqual({ onTime: 1, late: 2, missing: 2 });
    await rig.close();
  });

  it('lists what is overdue now, most late first, with its alert, and summarises response times, on-time rate and refusals per supplier', async () => {
    const clock = manualClock();
    const env = await fresh(clock);
    const { rig } = env;
    const start = clock.at;
    const po = (partnerId: string, poNumber: string) => rig.record({ direction: 'out', channel: 'edi', documentType: 'purchaseOrder', status: 'sent', partnerId, keys: { poNumber } });
    const unanswered = po('acme', 'PO-3001');
    po('acme', 'PO-3002');
    po('acme', 'PO-3003');
    const betaOrder = po('beta', 'PO-3004');
    rig.record({ documentType: 'acknowledgement', status: 'refused', partnerId: 'acme', keys: { poNumber: 'PO-3001' }, httpStatus: 422 });
    clock.advance(30 * MINUTE);
    rig.record({ documentType: 'acknowledgement', partnerId: 'acme', keys: { poNumber: 'PO-3002' } });
    clock.advance(150 * MINUTE);
    rig.record({ documentType: 'acknowledgement', partnerId: 'acme', keys: { poNumber: 'PO-3003' } });
    clock.advance(30 * MINUTE);
    await rig.writer.flush();

    const before = await rig.reports.overdue();
    expect(before.overdue.map((item) => [item.poNumber, item.rule, item.partnerId, item.dueAt, item.lateMs, item.alert])).toEqual([
      ['PO-3001', 'ack', 'acme', iso(start + HOUR), 150 * MINUTE, undefined],
      ['PO-3004', 'ack', 'beta', iso(start + 2 * HOUR), 90 * MINUTE, undefined],
    ]);
    await rig.sweep.run();
    const after = await rig.reports.overdue({ partner: 'beta' });
    expect(after.total).toBe(1);
    expect(after.overdue[0]).toMatchObject({ documentId: betaOrder, documentType: 'purchaseOrder', startedAt: iso(start), alert: { status: 'open' } });

    const summary = await rig.reports.summary({ from: start - HOUR, to: clock.at });
    expect(summary.ackBuckets.map((bucket) => bucket.label)).toEqual(['≤1 h', '1-4 h', '4-8 h', '8-24 h', '24-48 h', '48-72 h', '>72 h']);
    const acme = summary.suppliers.find((supplier) => supplier.partnerId === 'acme')!;
    expect(acme).toMatchObject({
      name: 'Acme Supply', openAlerts: 1, overdue: { purchaseOrders: 1, functionalAcks: 0, shipNotices: 0 },
      ackResponse: { purchaseOrders: 3, acknowledged: 2, unacknowledged: 1, buckets: [1, 1, 0, 0, 0, 0, 0], onTime: 1, onTimePct: 33.3, averageHours: 1.75 },
      scorecard: { documents: 6, refused: 1, refusedPct: 16.7, ackOnTimePct: 33.3, averageAckHours: 1.75 },
    });
    const beta = summary.suppliers.find((supplier) => supplier.partnerId === 'beta')!;
    expect(beta).toMatchObject({ openAlerts: 1, overdue: { purchaseOrders: 1 }, ackResponse: { purchaseOrders: 1, acknowledged: 0, buckets: [0, 0, 0, 0, 0, 0, 0], onTime: 0, onTimePct: 0, averageHours: null } });
    expect(summary.suppliers.map((supplier) => supplier.partnerId)).not.toContain('globex');
    expect((await rig.queries.get(unanswered))!.status).toBe('overdue');
    await rig.close();
  });
});
