// Puts the SLA machinery together: alerts and their channels, the overdue sweep, delivery and retention jobs, reports, lifecycle due times, metric hooks.
import type { Secrets } from '../../nodes/sdk/index.js';
import type { RuntimeConfig } from '../config.js';
import type { Logger } from '../logger.js';
import type { PartnerSla } from '../store/partner-store.js';
import type { SqlDatabase } from '../store/sql/sql-database.js';
import { AckLatencyObserver, type AckLatencyObservation } from './ack-latency.js';
import { EmailAlertChannel, WebhookAlertChannel, type AlertChannel } from './alert-channels.js';
import { AlertDelivery } from './alert-delivery.js';
import { AlertOutbox } from './alert-outbox.js';
import { AlertStore } from './alert-store.js';
import { loadAlertWebhookSecret } from './alert-webhook-secret.js';
import type { DocumentSummary } from './ledger-queries.js';
import type { LedgerWriter } from './ledger-writer.js';
import { lifecycleOf, type Lifecycle } from './lifecycle.js';
import { LedgerRetention } from './retention.js';
import { Scheduler, type JobLock, type JobStatus } from './scheduler.js';
import { SlaDates } from './sla-dates.js';
import { ACKNOWLEDGEMENT, PURCHASE_ORDER } from './sla-queries.js';
import { SlaReports, type PartnerInfo } from './sla-reports.js';
import { SlaSweep } from './sla-sweep.js';

export const JOB_NAMES = { sweep: 'sla-sweep', delivery: 'alert-delivery', retention: 'ledger-retention' } as const;

export type SlaConfig = Pick<RuntimeConfig,
  'slaSweepSeconds' | 'retentionSeconds' | 'alertWebhookUrl' | 'alertWebhookSecret' | 'alertRetrySeconds' | 'smtpUrl' | 'alertEmailTo' | 'alertEmailFrom' | 'ledgerPayloadDays' | 'ledgerDays' | 'traceDays'>;

export interface SlaServiceOptions {
  config: SlaConfig;
  database: SqlDatabase;
  writer: LedgerWriter;
  partners: { list(): Promise<PartnerInfo[]>; get(id: string): Promise<PartnerInfo | undefined> };
  /** Seals the generated webhook secret at rest. */
  webhookSealing: Secrets;
  logger: Logger;
  now: () => number;
  /** Cluster mode passes a lock held by one runtime; locally every job runs here. */
  lock?: JobLock;
}

export interface SlaService {
  readonly alerts: AlertStore;
  readonly reports: SlaReports;
  readonly sweep: SlaSweep;
  readonly delivery: AlertDelivery;
  readonly retention: LedgerRetention;
  readonly scheduler: Scheduler;
  /** Set when the webhook secret was generated on this start: shown once in the banner. */
  readonly generatedWebhookSecret?: string;
  /** The purchase order's lifecycle with due times from its partner's SLA and its unresolved alerts. */
  lifecycle(poNumber: string, documents: DocumentSummary[]): Promise<Lifecycle>;
  /** Metrics: unresolved SLA alerts per partner and kind (a gauge's collect). */
  openBreaches(): Promise<Array<{ partnerId: string; kind: string; open: number }>>;
  /** Metrics: called once per purchase order with PO sent -> first acknowledgement (a histogram's observe). */
  onAckLatency(listener: (observation: AckLatencyObservation) => void): () => void;
  jobs(): JobStatus[];
  start(): void;
  close(): Promise<void>;
}

async function channelsOf(options: SlaServiceOptions): Promise<{ channels: AlertChannel[]; generatedSecret?: string }> {
  const { config } = options;
  const channels: AlertChannel[] = [];
  let generatedSecret: string | undefined;
  if (config.alertWebhookUrl) {
    const secret = await loadAlertWebhookSecret(options.database, options.webhookSealing, config.alertWebhookSecret, options.now);
    if (secret.source === 'generated') generatedSecret = secret.value;
    channels.push(new WebhookAlertChannel({ url: config.alertWebhookUrl, secret: async () => secret.value, now: options.now }));
  }
  if (config.smtpUrl && config.alertEmailTo.length) channels.push(new EmailAlertChannel({ smtpUrl: config.smtpUrl, from: config.alertEmailFrom, to: config.alertEmailTo }));
  return { channels, ...(generatedSecret ? { generatedSecret } : {}) };
}

/** The promised (newest acknowledgement's) else requested delivery date of an order. */
async function deliveryDateOf(dates: SlaDates, documents: DocumentSummary[]): Promise<number | undefined> {
  const acks = documents.filter((document) => document.documentType === ACKNOWLEDGEMENT && document.status !== 'refused').reverse();
  const order = documents.find((document) => document.documentType === PURCHASE_ORDER);
  const candidates = [...acks, ...(order ? [order] : [])];
  const found = await dates.datesOf(candidates.map((document) => ({ id: document.id, facts: document.facts ?? null })), 'delivery');
  for (const candidate of candidates) {
    const at = found.get(candidate.id);
    if (at !== null && at !== undefined) return at;
  }
  return undefined;
}

export async function openSlaService(options: SlaServiceOptions): Promise<SlaService> {
  const { config, database, writer, logger, now } = options;
  const alerts = new AlertStore(database, now);
  const { channels, generatedSecret } = await channelsOf(options);
  const delivery = new AlertDelivery({ store: alerts, outbox: new AlertOutbox(database, now), channels, logger, retryBaseMs: config.alertRetrySeconds * 1000, now });
  const partnerRules = async () => (await options.partners.list()).map((partner) => ({ id: partner.id, sla: partner.sla }));
  const sweep = new SlaSweep({ database, ledger: writer, alerts, deliveryTargets: () => delivery.targets(), partners: partnerRules, now, logger });
  const retention = new LedgerRetention({ database, now, logger, payloadDays: config.ledgerPayloadDays, ledgerDays: config.ledgerDays, traceDays: config.traceDays });
  const reports = new SlaReports(database, sweep.evaluator, alerts, () => options.partners.list(), now);
  const scheduler = new Scheduler({ logger, now, ...(options.lock ? { lock: options.lock } : {}) });
  const dates = new SlaDates(database);

  scheduler.add({
    name: JOB_NAMES.sweep, everyMs: config.slaSweepSeconds * 1000,
    run: async () => {
      const report = await sweep.run();
      if (report.raised) scheduler.runSoon(JOB_NAMES.delivery, 0);
    },
  });
  // Deliveries are checked every second (at most as often as the sweep): a retry is due on time, and the check is one indexed query.
  scheduler.add({ name: JOB_NAMES.delivery, everyMs: Math.min(1000, config.slaSweepSeconds * 1000), run: () => delivery.runOnce() });
  scheduler.add({ name: JOB_NAMES.retention, everyMs: config.retentionSeconds * 1000, run: () => retention.run() });
  // An acknowledgement that arrives late clears its alert within a moment, not at the next full interval.
  const latency = new AckLatencyObserver(database, writer, logger, () => scheduler.runSoon(JOB_NAMES.sweep, 200));
  if (channels.length) logger.info({ channels: channels.map((channel) => `${channel.name} (${channel.target})`) }, 'alert channels');

  return {
    alerts, reports, sweep, delivery, retention, scheduler,
    ...(generatedSecret ? { generatedWebhookSecret: generatedSecret } : {}),
    async lifecycle(poNumber, documents) {
      const partnerId = documents.find((document) => document.documentType === PURCHASE_ORDER)?.partnerId ?? documents.find((document) => document.partnerId)?.partnerId;
      const sla: PartnerSla = (partnerId ? (await options.partners.get(partnerId))?.sla : undefined) ?? {};
      const deliveryAt = await deliveryDateOf(dates, documents);
      return lifecycleOf(poNumber, documents, { now: now(), sla, alerts: await alerts.unresolvedOfPurchaseOrder(poNumber), ...(deliveryAt !== undefined ? { deliveryAt } : {}) });
    },
    openBreaches: () => alerts.unresolvedByPartner(),
    onAckLatency: (listener) => latency.onObservation(listener),
    jobs: () => scheduler.status(),
    start() {
      latency.start();
      scheduler.start();
    },
    async close() {
      await latency.close();
      await scheduler.stop();
      for (const channel of channels) if (channel instanceof EmailAlertChannel) channel.close();
    },
  };
}
