// Business metrics on /metrics: ledger documents and latencies, queues, dead letters, circuits, SLA breaches, ack latency, deploys, dropped writes.
// Labels stay bounded: partner, flow, node, document type, channel, direction, status, outcome; never a correlation id or business key.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { LedgerEvent } from '../ledger/ledger-writer.js';
import type { HealthRegistry } from './health-registry.js';

export interface BusinessMetricSources {
  health: HealthRegistry;
  nodeInfo(nodeId: string): { name: string; type: string; flowId: string } | undefined;
  openDeadLetters(): Promise<Map<string, number>>;
  openBreaches(): Promise<Array<{ partnerId: string; kind: string; open: number }>>;
  /** Counters kept elsewhere (ledger writer, trace stores), read at scrape time. */
  dropped(): { ledgerWrites: number; traceHops: number; capturedData: number };
}

const CIRCUIT_VALUE = { closed: 0, 'half-open': 1, open: 2 } as const;
/** Seconds: from sub-second ERP posts to a day-long acknowledgement. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const ACK_BUCKETS = [60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 24 * 3600, 48 * 3600, 72 * 3600, 7 * 24 * 3600];

/** Resets a counter to a value read elsewhere: prom-client counters have no set(). */
function mirror(counter: Counter, value: number): void {
  counter.reset();
  if (value > 0) counter.inc(value);
}

export class BusinessMetrics {
  private readonly documents: Counter<'partner' | 'flow' | 'document_type' | 'direction' | 'channel' | 'status'>;
  private readonly processing: Histogram<'channel' | 'document_type' | 'status'>;
  private readonly erpPost: Histogram<'flow' | 'document_type' | 'status'>;
  readonly ackLatency: Histogram<'partner'>;
  readonly deploys: Counter<'outcome'>;

  constructor(registry: Registry, sources: BusinessMetricSources) {
    const registers = [registry];
    this.documents = new Counter({ name: 'tradelane_documents_total', help: 'Ledger documents recorded and status changes, by partner, flow, document type, direction, channel and (new) status', labelNames: ['partner', 'flow', 'document_type', 'direction', 'channel', 'status'], registers });
    this.processing = new Histogram({ name: 'tradelane_processing_duration_seconds', help: 'Time from intake to the document\'s answer (intake, EDI, webhooks), from the ledger', labelNames: ['channel', 'document_type', 'status'], buckets: LATENCY_BUCKETS, registers });
    this.erpPost = new Histogram({ name: 'tradelane_erp_post_duration_seconds', help: 'ERP post latency (tl-erp-post), by flow, document type and outcome status', labelNames: ['flow', 'document_type', 'status'], buckets: LATENCY_BUCKETS, registers });
    this.ackLatency = new Histogram({ name: 'tradelane_ack_latency_seconds', help: 'Purchase order sent -> first acknowledgement, per partner', labelNames: ['partner'], buckets: ACK_BUCKETS, registers });
    this.deploys = new Counter({ name: 'tradelane_deploys_total', help: 'Flow deploys by outcome', labelNames: ['outcome'], registers });
    const queueGauge = (name: string, help: string, pick: (counts: { queued: number; inFlight: number; retrying: number }) => number) => new Gauge({
      name, help, labelNames: ['flow', 'queue'], registers,
      collect() {
        this.reset();
        for (const report of sources.health.queueReports()) {
          const info = sources.nodeInfo(report.nodeId);
          this.set({ flow: info?.flowId ?? '', queue: info?.name || report.nodeId }, pick(report));
        }
      },
    });
    queueGauge('tradelane_queue_depth', 'Messages waiting in each queue node (due or waiting for a retry)', (counts) => counts.queued);
    queueGauge('tradelane_queue_in_flight', 'Messages each queue node is delivering now', (counts) => counts.inFlight);
    queueGauge('tradelane_queue_retrying', 'Messages waiting for a retry after a failed attempt', (counts) => counts.retrying);
    new Gauge({
      name: 'tradelane_circuit_state', help: 'Circuit breaker state per ERP node: 0 closed, 1 half-open, 2 open', labelNames: ['flow', 'node'], registers,
      collect() {
        this.reset();
        for (const report of sources.health.circuitReports()) {
          const info = sources.nodeInfo(report.nodeId);
          this.set({ flow: info?.flowId ?? '', node: info?.name || report.nodeId }, CIRCUIT_VALUE[report.state]);
        }
      },
    });
    new Gauge({
      name: 'tradelane_dead_letters_open', help: 'Open dead letters per flow', labelNames: ['flow'], registers,
      async collect() {
        this.reset();
        for (const [flow, open] of await sources.openDeadLetters()) this.set({ flow }, open);
      },
    });
    new Gauge({
      name: 'tradelane_sla_breaches_open', help: 'Unresolved SLA alerts per partner and rule kind', labelNames: ['partner', 'kind'], registers,
      async collect() {
        // While the SQL store is unreachable the scrape still answers, with the last counts (tradelane_dependency_up says why).
        const breaches = await sources.openBreaches().catch(() => undefined);
        if (!breaches) return;
        this.reset();
        for (const breach of breaches) this.set({ partner: breach.partnerId, kind: breach.kind }, breach.open);
      },
    });
    const droppedLedger = new Counter({ name: 'tradelane_ledger_writes_dropped_total', help: 'Ledger writes dropped because the SQL store stayed unreachable', registers, collect() { mirror(this, sources.dropped().ledgerWrites); } });
    const droppedHops = new Counter({ name: 'tradelane_trace_hops_dropped_total', help: 'Trace hops and captured node data dropped because the SQL store fell behind', labelNames: ['kind'], registers, collect() {
      this.reset();
      const dropped = sources.dropped();
      if (dropped.traceHops) this.inc({ kind: 'hop' }, dropped.traceHops);
      if (dropped.capturedData) this.inc({ kind: 'data' }, dropped.capturedData);
    } });
    void droppedLedger; void droppedHops;
  }

  /** A ledger event: counted, and its duration observed when it has one. */
  record(event: LedgerEvent): void {
    const labels = { partner: event.partnerId ?? '', flow: event.flowId ?? '', document_type: event.documentType, direction: event.direction, channel: event.channel, status: event.status };
    this.documents.inc(labels);
    if (event.durationMs === undefined) return;
    const seconds = event.durationMs / 1000;
    if (event.channel === 'erp') this.erpPost.observe({ flow: labels.flow, document_type: labels.document_type, status: labels.status }, seconds);
    else this.processing.observe({ channel: labels.channel, document_type: labels.document_type, status: labels.status }, seconds);
  }
}
