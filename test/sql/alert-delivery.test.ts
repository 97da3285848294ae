// Alert delivery on both SQL engines: the outbox survives a crash between raise and send, retries back off and deliver once, give up visibly; e-mail to a real SMTP server; the webhook secret sealed.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSecrets } from '../../nodes/sdk/index.js';
import { startPostgres, type PostgresServerProcess } from '../support/postgres-server.js';
import { startSmtpReceiver, startWebhookReceiver, type SmtpReceiver, type WebhookReceiver } from '../support/alert-receivers.js';
import { EmailAlertChannel, WebhookAlertChannel } from '../../runtime/ledger/alert-channels.js';
import { loadAlertWebhookSecret, WEBHOOK_SECRET_STATE } from '../../runtime/ledger/alert-webhook-secret.js';
import type { PartnerInfo } from '../../runtime/ledger/sla-reports.js';
import { closeOpenRigs, engines, manualClock, MINUTE, slaRig, type ManualClock } from './sla-support.js';

let postgres: PostgresServerProcess;
beforeAll(async () => { postgres = await startPostgres(); });
afterEach(closeOpenRigs);
afterAll(async () => { await postgres?.kill(); });

const partners: PartnerInfo[] = [{ id: 'acme', name: 'Acme Supply', sla: { ackWithinHours: 1 } }];

describe.each(engines(() => postgres))('alert delivery on $name', ({ home: newHome }) => {
  let receiver: WebhookReceiver;
  let smtp: SmtpReceiver;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    smtp = await startSmtpReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await smtp?.close();
  });

  const webhook = (clock: ManualClock) => new WebhookAlertChannel({ url: receiver.url, secret: async () => 'delivery-test-secret', now: clock.now });
  const requestsFor = (alertId: string) => receiver.requests.filter((request) => request.headers['x-tradelane-alert-id'] === alertId);

  async function overdueOrder(rig: Awaited<ReturnType<typeof slaRig>>, clock: ManualClock, poNumber: string): Promise<string> {
    rig.record({ direction: 'out', channel: 'edi', documentType: 'purchaseOrder', status: 'sent', partnerId: 'acme', keys: { poNumber } });
    clock.advance(61 * MINUTE);
    await rig.sweep.run();
    return (await rig.alerts.list({ poNumber })).alerts[0]!.id;
  }

  it('keeps a raised alert\'s delivery through a crash before it was sent, retries a refusal with backoff, and delivers it once', async () => {
    const clock = manualClock();
    const home = await newHome();
    let rig = await slaRig(home, clock, () => partners, [webhook(clock)], 1000);
    const alertId = await overdueOrder(rig, clock, 'PO-5001');
    await rig.close();

    rig = await slaRig(home, clock, () => partners, [webhook(clock)], 1000);
    receiver.refuseNext(1, 503);
    expect(await rig.delivery.runOnce()).toBe(0);
    let detail = (await rig.alerts.detail(alertId))!;
    expect(detail.deliveries).toEqual([{ channel: 'webhook', target: receiver.url.split('?')[0], status: 'pending', attempts: 1, lastError: 'the webhook answered HTTP 503', nextAttemptAt: new Date(clock.at + 1000).toISOString() }]);
    expect(await rig.delivery.runOnce()).toBe(0);
    expect(requestsFor(alertId)).toHaveLength(1);

    clock.advance(1000);
    expect(await rig.delivery.runOnce()).toBe(1);
    expect(await rig.delivery.runOnce()).toBe(0);
    expect(requestsFor(alertId).map((request) => [request.status, request.headers['x-tradelane-delivery-attempt']])).toEqual([[503, '1'], [204, '2']]);
    detail = (await rig.alerts.detail(alertId))!;
    expect(detail.deliveries[0]).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(detail.deliveries[0]).not.toHaveProperty('lastError');
    expect(detail.events.map((event) => event.type)).toEqual(['raised', 'delivered']);
    await rig.close();
  });

  it('gives up after the last attempt, backing off 1, 2, 4 s, and says so in the alert\'s trail', async () => {
    const clock = manualClock();
    const rig = await slaRig(await newHome(), clock, () => partners, [webhook(clock)], 1000);
    const alertId = await overdueOrder(rig, clock, 'PO-5002');
    receiver.refuseNext(4, 500);
    const nextAttempts: string[] = [];
    for (const wait of [0, 1000, 2000, 4000]) {
      clock.advance(wait);
      await rig.delivery.runOnce();
      const [delivery] = (await rig.alerts.detail(alertId))!.deliveries;
      nextAttempts.push(delivery!.status === 'pending' ? `retry in ${Date.parse(delivery!.nextAttemptAt!) - clock.at}` : delivery!.status);
    }
    expect(nextAttempts).toEqual(['retry in 1000', 'retry in 2000', 'retry in 4000', 'failed']);
    clock.advance(60 * MINUTE);
    await rig.delivery.runOnce();
    expect(requestsFor(alertId)).toHaveLength(4);
    const detail = (await rig.alerts.detail(alertId))!;
    expect(detail.events.map((event) => event.type)).toEqual(['raised', 'delivery-failed']);
    expect(detail.events[1]!.details).toMatchObject({ channel: 'webhook', attempts: 4, error: 'the webhook answered HTTP 500' });
    await rig.close();
  });

  it('sends each alert once by e-mail through SMTP, with its id, subject and facts', async () => {
    const clock = manualClock();
    const email = new EmailAlertChannel({ smtpUrl: smtp.url, from: 'Tradelane <alerts@tradelane.test>', to: ['ops@distributor.test', 'buyer@distributor.test'] });
    const rig = await slaRig(await newHome(), clock, () => partners, [email]);
    const alertId = await overdueOrder(rig, clock, 'PO-5003');
    expect(await rig.delivery.runOnce()).toBe(1);
    expect(await rig.delivery.runOnce()).toBe(0);
    const mails = smtp.messages.filter((message) => message.raw.includes(alertId));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.from).toBe('alerts@tradelane.test');
    expect(mails[0]!.to).toEqual(['ops@distributor.test', 'buyer@distributor.test']);
    expect(mails[0]!.raw).toMatch(/^Subject: \[Tradelane warning\] PO PO-5003 not acknowledged by acme$/m);
    // Header names are case-insensitive; nodemailer writes this one as X-Tradelane-Alert-ID.
    expect(mails[0]!.raw).toMatch(new RegExp(`^X-Tradelane-Alert-Id: ${alertId}$`, 'mi'));
    expect(mails[0]!.raw).toContain('PO number: PO-5003');
    expect((await rig.alerts.detail(alertId))!.deliveries).toEqual([expect.objectContaining({ channel: 'email', target: 'ops@distributor.test, buyer@distributor.test', status: 'delivered' })]);
    email.close();
    await rig.close();
  });

  it('generates the webhook secret once, stores it sealed, and gives every runtime the same one; the environment overrides it', async () => {
    const home = await newHome();
    const database = await home.open();
    const sealing = createSecrets(Buffer.alloc(32, 7));
    const generated = await loadAlertWebhookSecret(database, sealing, undefined, Date.now);
    expect(generated.source).toBe('generated');
    expect(generated.value).toMatch(/^tla_[A-Za-z0-9_-]{40,}$/);
    const stored = await database.db.selectFrom('ops_state').select('value').where('name', '=', WEBHOOK_SECRET_STATE).executeTakeFirstOrThrow();
    expect(stored.value).not.toContain(generated.value);
    expect(sealing.decrypt(stored.value)).toBe(generated.value);
    await database.close();
    const reopened = await home.open();
    expect(await loadAlertWebhookSecret(reopened, sealing, undefined, Date.now)).toEqual({ value: generated.value, source: 'stored' });
    expect(await loadAlertWebhookSecret(reopened, sealing, 'from-the-environment', Date.now)).toEqual({ value: 'from-the-environment', source: 'environment' });
    await reopened.close();
  });
});
