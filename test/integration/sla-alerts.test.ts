// SLA alerts on a real runtime: a PO left unacknowledged past a short SLA reaches a local webhook receiver and an SMTP server exactly once, survives a restart without a repeat, and is worked (acknowledge, comment, resolve) by role, audited.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, tempDataDir, type RuntimeProcess } from '../support/runtime-process.js';
import { signatureValid, startSmtpReceiver, startWebhookReceiver, type SmtpReceiver, type WebhookReceiver } from '../support/alert-receivers.js';
import { auditEntries, createUser } from '../security/auth-support.js';
import { openSqlDatabase, SQLITE_FILENAME, type SqlDatabase } from '../../runtime/store/sql/sql-database.js';
import { LedgerWriter } from '../../runtime/ledger/ledger-writer.js';
import { maskSet } from '../../runtime/ledger/payload-capture.js';
import type { LedgerDocumentInput } from '../../nodes/sdk/index.js';
import { isDefined, waitFor } from '../support/wait-for.js';

interface AlertAnswer { id: string; kind: string; status: string; poNumber?: string; partnerId?: string; resolution?: string; resolvedBy?: string; acknowledgedBy?: string }
interface DetailAnswer { alert: AlertAnswer; events: Array<{ type: string; actor: string; comment?: string; details?: Record<string, unknown> }>; deliveries: Array<{ channel: string; status: string; attempts: number; target: string }> }

describe('SLA alerts on a real runtime', () => {
  let receiver: WebhookReceiver;
  let smtp: SmtpReceiver;
  let runtime: RuntimeProcess;
  let dataDir: string;
  let admin: string;
  let operator: string;
  let analyst: string;
  let webhookSecret: string;
  let ledger: { database: SqlDatabase; writer: LedgerWriter } | undefined;
  let firstAlert: AlertAnswer;
  const env = () => ({
    TRADELANE_SLA_SWEEP_SECONDS: '1', TRADELANE_ALERT_RETRY_SECONDS: '1', TRADELANE_ALERT_WEBHOOK_URL: receiver.url,
    TRADELANE_SMTP_URL: smtp.url, TRADELANE_ALERT_EMAIL_TO: 'ops@distributor.test', TRADELANE_ALERT_EMAIL_FROM: 'alerts@tradelane.test',
  });
  const start = () => startRuntime({ dataDir, args: ['--no-demo'], env: env() });

  /**
   * Outbound POs are recorded by the outbound nodes into the runtime's SQL store; the test records them there the same
   * way (the ledger writer on the runtime's SQLite file, which both processes share in WAL mode).
   */
  async function recordInRuntimeStore(input: Omit<LedgerDocumentInput, 'correlationId' | 'channel'> & { channel?: LedgerDocumentInput['channel'] }): Promise<string> {
    ledger ??= await (async () => {
      const database = await openSqlDatabase({ dataDir });
      return { database, writer: new LedgerWriter(database, { now: Date.now, logger: pino({ level: 'silent' }), payloadMaxBytes: 65_536, maskFieldsFor: () => maskSet([]), flowVersionOf: () => undefined }) };
    })();
    const id = ledger.writer.record({ channel: 'edi', correlationId: `it-${Math.random().toString(36).slice(2)}`, ...input });
    await ledger.writer.flush();
    return id;
  }

  const forAlert = (id: string) => receiver.requests.filter((request) => request.headers['x-tradelane-alert-id'] === id);
  const mailsFor = (id: string) => smtp.messages.filter((message) => message.raw.includes(id));

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    smtp = await startSmtpReceiver();
    dataDir = tempDataDir('tradelane-sla-');
    runtime = await start();
    admin = await runtime.login();
    operator = await createUser(runtime, admin, 'otto', 'operator');
    analyst = await createUser(runtime, admin, 'ann', 'analyst');
    const banner = /generated secret: (tla_[A-Za-z0-9_-]+)/.exec(runtime.output());
    if (!banner) throw new Error(`no generated webhook secret in the banner:\n${runtime.output()}`);
    webhookSecret = banner[1]!;
  }, 90_000);

  afterAll(async () => {
    await ledger?.writer.close();
    await ledger?.database.close();
    await runtime?.stop();
    await receiver?.close();
    await smtp?.close();
  });

  it('validates the partner SLA, located', async () => {
    const invalid = await runtime.api<{ details: Array<{ path: string; message: string }> }>('POST', '/api/partners', { id: 'bad-sla', name: 'Bad', sla: { ackWithinHours: 0, functionalAckWithinMinutes: 'soon', asnWithinDays: 2 } }, admin);
    expect(invalid.status).toBe(400);
    expect(invalid.body.details.map((detail) => detail.path).sort()).toEqual(['$.sla.ackWithinHours', '$.sla.asnWithinDays', '$.sla.functionalAckWithinMinutes']);
    const created = await runtime.api<{ partner: { sla: unknown } }>('POST', '/api/partners', { id: 'acme', name: 'Acme Supply', sla: { ackWithinHours: 0.0005, functionalAckWithinMinutes: 30, asnBeforeArrivalHours: 0 } }, admin);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.partner.sla).toEqual({ ackWithinHours: 0.0005, functionalAckWithinMinutes: 30, asnBeforeArrivalHours: 0 });
  });

  it('raises one alert for a PO unacknowledged past the SLA and delivers it once, signed, to the webhook and by e-mail', async () => {
    const poId = await recordInRuntimeStore({ direction: 'out', documentType: 'purchaseOrder', status: 'sent', partnerId: 'acme', keys: { poNumber: 'PO-9001' } });
    firstAlert = await waitFor(async () => (await runtime.api<{ alerts: AlertAnswer[] }>('GET', '/api/alerts?partner=acme&poNumber=PO-9001', undefined, analyst)).body.alerts[0], isDefined, 30_000, 'the alert');
    expect(firstAlert).toMatchObject({ kind: 'sla.ack-overdue', status: 'open', partnerId: 'acme', poNumber: 'PO-9001' });
    await waitFor(async () => (forAlert(firstAlert.id).length && mailsFor(firstAlert.id).length ? true : undefined), isDefined, 30_000, 'webhook and e-mail delivery');
    const [webhook] = forAlert(firstAlert.id);
    expect(signatureValid(webhookSecret, webhook!)).toBe(true);
    expect(JSON.parse(webhook!.body)).toMatchObject({ type: 'alert.raised', alert: { id: firstAlert.id, documentId: poId } });
    expect(mailsFor(firstAlert.id)[0]!.to).toEqual(['ops@distributor.test']);

    const overdue = await runtime.api<{ overdue: Array<{ poNumber: string; rule: string; lateMs: number; alert?: { id: string } }> }>('GET', '/api/sla/overdue?partner=acme', undefined, analyst);
    expect(overdue.body.overdue).toEqual([expect.objectContaining({ poNumber: 'PO-9001', rule: 'ack', alert: { id: firstAlert.id, status: 'open' } })]);
    expect(overdue.body.overdue[0]!.lateMs).toBeGreaterThan(0);
    const lifecycle = await runtime.api<{ steps: Array<{ step: string; overdue?: boolean; dueAt?: string }>; alerts: Array<{ id: string }> }>('GET', '/api/transactions/PO-9001', undefined, analyst);
    expect(lifecycle.body.steps.find((step) => step.step === 'acknowledgement')).toMatchObject({ overdue: true, dueAt: expect.any(String) });
    expect(lifecycle.body.alerts.map((alert) => alert.id)).toEqual([firstAlert.id]);
    const summary = await runtime.api<{ suppliers: Array<{ partnerId: string; overdue: { purchaseOrders: number }; openAlerts: number }> }>('GET', '/api/sla/summary', undefined, analyst);
    expect(summary.body.suppliers.find((supplier) => supplier.partnerId === 'acme')).toMatchObject({ overdue: { purchaseOrders: 1 }, openAlerts: 1 });
  });

  it('lets operators and admins acknowledge, comment and resolve, refuses analysts, answers 409 on the wrong state, and audits each call', async () => {
    const route = (action: string) => `/api/alerts/${firstAlert.id}/${action}`;
    expect((await runtime.api('POST', route('acknowledge'), {}, analyst)).status).toBe(403);
    expect((await runtime.api('POST', route('resolve'), { comment: 'not mine' }, analyst)).status).toBe(403);
    expect((await runtime.api('POST', route('comment'), { comment: 'not mine' }, analyst)).status).toBe(403);
    const acknowledged = await runtime.api<DetailAnswer>('POST', route('acknowledge'), { comment: 'calling Acme' }, operator);
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body.alert).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'otto' });
    const again = await runtime.api<{ error: string; status: string }>('POST', route('acknowledge'), {}, operator);
    expect(again.status).toBe(409);
    expect(again.body.status).toBe('acknowledged');
    const noComment = await runtime.api<{ details: Array<{ path: string; message: string }> }>('POST', route('resolve'), {}, operator);
    expect(noComment.status).toBe(400);
    expect(noComment.body.details).toEqual([{ path: '$.comment', message: 'is required' }]);
    expect((await runtime.api('POST', route('comment'), { comment: 'Acme says the 855 is stuck in their VAN' }, operator)).status).toBe(200);
    const resolved = await runtime.api<DetailAnswer>('POST', route('resolve'), { comment: 'Acme resent; ERP updated by hand' }, admin);
    expect(resolved.status).toBe(200);
    expect(resolved.body.alert).toMatchObject({ status: 'resolved', resolvedBy: 'admin', resolution: 'Acme resent; ERP updated by hand' });
    expect((await runtime.api('POST', route('resolve'), { comment: 'twice' }, admin)).status).toBe(409);
    expect((await runtime.api('POST', '/api/alerts/no-such-alert/acknowledge', {}, operator)).status).toBe(404);

    const detail = (await runtime.api<DetailAnswer>('GET', `/api/alerts/${firstAlert.id}`, undefined, analyst)).body;
    expect(detail.events.map((event) => `${event.type}:${event.actor}`).filter((entry) => !entry.startsWith('delivered'))).toEqual(['raised:system', 'acknowledged:otto', 'commented:otto', 'resolved:admin']);
    expect(detail.events.filter((event) => event.type === 'delivered').map((event) => event.details?.channel).sort()).toEqual(['email', 'webhook']);
    expect(detail.deliveries.map((delivery) => [delivery.channel, delivery.status, delivery.attempts])).toEqual([['email', 'delivered', 1], ['webhook', 'delivered', 1]]);
    expect(JSON.stringify(detail)).not.toContain(webhookSecret);

    const audit = await auditEntries(runtime, admin, { action: 'alert.*', target: `alert:${firstAlert.id}` });
    expect(audit.map((entry) => [entry.action, entry.actor, entry.outcome, entry.status])).toEqual([
      ['alert.resolve', 'admin', 'failed', 409],
      ['alert.resolve', 'admin', 'ok', 200],
      ['alert.comment', 'otto', 'ok', 200],
      ['alert.resolve', 'otto', 'failed', 400],
      ['alert.acknowledge', 'otto', 'failed', 409],
      ['alert.acknowledge', 'otto', 'ok', 200],
      ['alert.comment', 'ann', 'denied', 403],
      ['alert.resolve', 'ann', 'denied', 403],
      ['alert.acknowledge', 'ann', 'denied', 403],
    ]);
    expect(audit[1]!.details).toMatchObject({ comment: 'Acme resent; ERP updated by hand' });
  });

  it('after a restart repeats neither the alert nor its deliveries, and a late acknowledgement resolves the next one by itself', async () => {
    expect(await runtime.stop()).toBe(0);
    runtime = await start();
    admin = await runtime.login();
    expect(runtime.output()).not.toContain('generated secret');
    await waitFor(async () => {
      const jobs = (await runtime.api<{ jobs: Array<{ name: string; runs: number }> }>('GET', '/api/sla/jobs', undefined, admin)).body.jobs;
      return jobs.find((job) => job.name === 'sla-sweep')!.runs >= 3 && jobs.find((job) => job.name === 'alert-delivery')!.runs >= 3 ? true : undefined;
    }, isDefined, 30_000, 'sweeps after the restart');
    expect((await runtime.api<{ alerts: AlertAnswer[] }>('GET', '/api/alerts?poNumber=PO-9001', undefined, admin)).body.alerts.map((alert) => alert.id)).toEqual([firstAlert.id]);
    expect(forAlert(firstAlert.id)).toHaveLength(1);
    expect(mailsFor(firstAlert.id)).toHaveLength(1);

    const poId = await recordInRuntimeStore({ direction: 'out', documentType: 'purchaseOrder', status: 'sent', partnerId: 'acme', keys: { poNumber: 'PO-9002' } });
    const second = await waitFor(async () => (await runtime.api<{ alerts: AlertAnswer[] }>('GET', '/api/alerts?poNumber=PO-9002', undefined, admin)).body.alerts[0], isDefined, 30_000, 'the second alert');
    await waitFor(async () => (forAlert(second.id).length ? true : undefined), isDefined, 30_000, 'its delivery');
    // Signed with the secret generated on the first start: it was stored sealed, not regenerated.
    expect(signatureValid(webhookSecret, forAlert(second.id)[0]!)).toBe(true);
    await recordInRuntimeStore({ direction: 'in', channel: 'intake', documentType: 'acknowledgement', status: 'accepted', partnerId: 'acme', keys: { poNumber: 'PO-9002', ackNumber: 'ACK-9002' } });
    const cleared = await waitFor(async () => {
      const alert = (await runtime.api<DetailAnswer>('GET', `/api/alerts/${second.id}`, undefined, admin)).body.alert;
      return alert.status === 'resolved' ? alert : undefined;
    }, isDefined, 30_000, 'the automatic resolution');
    expect(cleared).toMatchObject({ resolvedBy: 'system', resolution: expect.stringMatching(/^acknowledged late: /) });
    const order = await runtime.api<{ document: { status: string } }>('GET', `/api/documents/${poId}`, undefined, admin);
    expect(order.body.document.status).toBe('acknowledged');
    expect(forAlert(second.id)).toHaveLength(1);
    // The generated secret is in the SQL store (file and write-ahead log) only sealed.
    for (const file of [SQLITE_FILENAME, `${SQLITE_FILENAME}-wal`].map((name) => path.join(dataDir, name)).filter((file) => existsSync(file))) {
      expect(readFileSync(file).includes(Buffer.from(webhookSecret)), file).toBe(false);
    }
  });

  it('lands a template\'s SLA in the partner at onboarding, also onto an existing partner, and the sweep uses it', async () => {
    const itemMapCsv = 'supplierItem,sku\nB-1,SKU-10001\n';
    const onboard = (template: string, body: Record<string, unknown>) => runtime.api<{ partner: { sla: Record<string, number> }; details?: Array<{ path: string }> }>('POST', `/api/templates/${template}/instantiate`, { partnerId: 'beta-parts', name: 'Beta Parts', ...body }, admin);
    const refused = await onboard('supplier-po-ack-rest', { params: { authMethod: 'api-key', itemMapCsv, sla: { ackWithinHours: 0 } } });
    expect(refused.status).toBe(422);
    expect(refused.body.details!.map((detail) => detail.path)).toEqual(['$.params.sla.ackWithinHours']);
    const created = await onboard('supplier-po-ack-rest', { params: { authMethod: 'api-key', itemMapCsv, sla: { ackWithinHours: 0.001 } } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.partner.sla).toEqual({ ackWithinHours: 0.001 });
    // A second template without SLA input: its defaults fill what the partner lacks and change nothing it has.
    const added = await onboard('supplier-asn-csv', { reusePartner: true, params: { authMethod: 'api-key', itemMapCsv } });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body.partner.sla).toEqual({ ackWithinHours: 0.001, asnBeforeArrivalHours: 24 });
    expect((await runtime.api<{ sla: unknown }>('GET', '/api/partners/beta-parts', undefined, admin)).body.sla).toEqual({ ackWithinHours: 0.001, asnBeforeArrivalHours: 24 });

    await recordInRuntimeStore({ direction: 'out', documentType: 'purchaseOrder', status: 'sent', partnerId: 'beta-parts', keys: { poNumber: 'PO-9101' } });
    const alert = await waitFor(async () => (await runtime.api<{ alerts: AlertAnswer[] }>('GET', '/api/alerts?partner=beta-parts', undefined, admin)).body.alerts[0], isDefined, 30_000, 'the onboarded partner\'s alert');
    expect(alert).toMatchObject({ kind: 'sla.ack-overdue', poNumber: 'PO-9101', status: 'open' });
  });
});
