// The operations overview (throughput, backlog, dead letters, circuits, SLA, exceptions, flow health) assembled from the ledger, traces and node reports.
import type { FlowEngine } from '../engine/flow-engine.js';
import { flowHealthOf, type FlowHealth } from './flow-health.js';
import type { HealthRegistry } from './health-registry.js';
import type { OperationsQueries, ThroughputBucket } from './operations-queries.js';

export interface OperationsDeps {
  queries: OperationsQueries;
  health: HealthRegistry;
  engine: Pick<FlowEngine, 'nodeInfo' | 'notRunning'>;
  flows: { list(): Promise<Array<{ id: string; label: string }>> };
  partners: { list(): Promise<Array<{ id: string; name: string }>> };
  deadLetters: { openByFlow(): Promise<Map<string, number>> };
  /** How many documents are past their SLA now. */
  overdue(): Promise<number>;
  /** Waits until the ledger's and the traces' pending writes are stored. */
  flush(): Promise<void>;
  now(): number;
}

type Counts = Omit<ThroughputBucket, 'at' | 'partnerId'>;

export interface OperationsOverview {
  asOf: string; from: string; to: string; bucketMs: number;
  throughput: ThroughputBucket[];
  totals: Counts;
  partners: Array<{ id: string; name: string }>;
  backlog: { queued: number; inFlight: number; retrying: number; byQueue: Array<{ flowId: string; nodeId: string; name: string; queued: number; inFlight: number }> };
  deadLetters: { open: number; byFlow: Array<{ flowId: string; name: string; open: number }> };
  circuits: Array<{ flowId: string; nodeId: string; name: string; state: 'closed' | 'open' | 'half-open' }>;
  sla: { overdue: number; openAlerts: number };
  exceptions: { open: number };
  flows: Array<{ id: string; name: string; health: FlowHealth }>;
}

const MINUTE = 60_000;
const NICE_BUCKETS = [MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE, 60 * MINUTE, 2 * 60 * MINUTE, 3 * 60 * MINUTE, 6 * 60 * MINUTE, 12 * 60 * MINUTE, 24 * 60 * MINUTE, 7 * 24 * 60 * MINUTE];
const MAX_BUCKETS = 48;

/** The smallest round bucket that cuts the range into at most 48 buckets. */
export function bucketFor(rangeMs: number): number {
  return NICE_BUCKETS.find((size) => Math.ceil(rangeMs / size) <= MAX_BUCKETS) ?? Math.ceil(rangeMs / MAX_BUCKETS);
}

export class OperationsService {
  constructor(private readonly deps: OperationsDeps) {}

  /** A fingerprint of alerts and exceptions, for the change notifier. */
  lastChange(): Promise<string> {
    return this.deps.queries.lastChange();
  }

  /** Health of every flow, by flow id. */
  async flowHealth(flowIds: readonly string[]): Promise<Map<string, FlowHealth>> {
    const { engine, health } = this.deps;
    const [errors, deadLetters] = await Promise.all([this.deps.queries.flowErrors(this.deps.now()), this.deps.deadLetters.openByFlow()]);
    const circuits = health.circuitReports().map((report) => ({ ...report, info: engine.nodeInfo(report.nodeId) }));
    const queues = health.queueReports().map((report) => ({ ...report, flowId: engine.nodeInfo(report.nodeId)?.flowId }));
    const result = new Map<string, FlowHealth>();
    for (const flowId of flowIds) {
      result.set(flowId, flowHealthOf({
        ...(errors.get(flowId) ? { errors: errors.get(flowId)! } : {}),
        circuits: circuits.filter((circuit) => circuit.info?.flowId === flowId).map((circuit) => ({ ...circuit, name: circuit.info?.name || circuit.info?.type || circuit.nodeId })),
        queues: queues.filter((queue) => queue.flowId === flowId),
        openDeadLetters: deadLetters.get(flowId) ?? 0,
        notRunning: engine.notRunning(flowId),
      }));
    }
    return result;
  }

  async overview(from: number, to: number): Promise<OperationsOverview> {
    const { deps } = this;
    await deps.flush();
    const bucketMs = bucketFor(to - from);
    const flows = await deps.flows.list();
    const [throughput, partners, deadLetters, health, overdue, openAlerts, openExceptions] = await Promise.all([
      deps.queries.throughput(from, to, bucketMs), deps.partners.list(), deps.deadLetters.openByFlow(), this.flowHealth(flows.map((flow) => flow.id)),
      deps.overdue(), deps.queries.openAlerts(), deps.queries.openExceptions(),
    ]);
    const flowName = (flowId: string) => flows.find((flow) => flow.id === flowId)?.label ?? flowId;
    const nodeName = (nodeId: string) => { const info = deps.engine.nodeInfo(nodeId); return info?.name || info?.type || nodeId; };
    const queues = deps.health.queueReports();
    const totals: Counts = { received: 0, refused: 0, failed: 0, posted: 0, deadLettered: 0 };
    for (const bucket of throughput) for (const key of Object.keys(totals) as Array<keyof Counts>) totals[key] += bucket[key];
    return {
      asOf: new Date(deps.now()).toISOString(), from: new Date(from).toISOString(), to: new Date(to).toISOString(), bucketMs,
      throughput, totals,
      partners: partners.map((partner) => ({ id: partner.id, name: partner.name })),
      backlog: {
        queued: queues.reduce((sum, queue) => sum + queue.queued, 0),
        inFlight: queues.reduce((sum, queue) => sum + queue.inFlight, 0),
        retrying: queues.reduce((sum, queue) => sum + queue.retrying, 0),
        byQueue: queues.map((queue) => ({ flowId: deps.engine.nodeInfo(queue.nodeId)?.flowId ?? '', nodeId: queue.nodeId, name: nodeName(queue.nodeId), queued: queue.queued, inFlight: queue.inFlight })),
      },
      deadLetters: {
        open: [...deadLetters.values()].reduce((sum, open) => sum + open, 0),
        byFlow: [...deadLetters].map(([flowId, open]) => ({ flowId, name: flowName(flowId), open })),
      },
      circuits: deps.health.circuitReports().map((report) => ({ flowId: deps.engine.nodeInfo(report.nodeId)?.flowId ?? '', nodeId: report.nodeId, name: nodeName(report.nodeId), state: report.state })),
      sla: { overdue, openAlerts },
      exceptions: { open: openExceptions },
      flows: flows.map((flow) => ({ id: flow.id, name: flow.label, health: health.get(flow.id)! })),
    };
  }
}
