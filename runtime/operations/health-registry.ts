// What nodes report about their health (circuit breaker states, queue counts), kept in memory for the overview, flow health and metrics.
import type { CircuitState, HealthSignals, QueueCounts } from '../../nodes/sdk/index.js';

export interface CircuitReport {
  nodeId: string;
  state: CircuitState;
  /** When the breaker entered this state. */
  since: number;
}

export interface QueueReport extends QueueCounts {
  nodeId: string;
}

export class HealthRegistry implements HealthSignals {
  private readonly circuits = new Map<string, CircuitReport>();
  private readonly queues = new Map<string, () => QueueCounts>();
  private readonly listeners = new Set<(report: CircuitReport) => void>();

  constructor(private readonly now: () => number = Date.now) {}

  circuit(nodeId: string, state: CircuitState): void {
    const previous = this.circuits.get(nodeId);
    if (previous?.state === state) return;
    const report = { nodeId, state, since: this.now() };
    this.circuits.set(nodeId, report);
    if (previous) for (const listener of this.listeners) listener(report);
  }

  queue(nodeId: string, read: () => QueueCounts): () => void {
    this.queues.set(nodeId, read);
    return () => { if (this.queues.get(nodeId) === read) this.queues.delete(nodeId); };
  }

  forget(nodeId: string): void {
    this.circuits.delete(nodeId);
  }

  /** Called when a circuit changes state (not when it is first reported). */
  onCircuitChange(listener: (report: CircuitReport) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  circuitReports(): CircuitReport[] {
    return [...this.circuits.values()];
  }

  queueReports(): QueueReport[] {
    const reports: QueueReport[] = [];
    for (const [nodeId, read] of this.queues) {
      try { reports.push({ nodeId, ...read() }); } catch { /* a closing queue: skip it this time */ }
    }
    return reports;
  }
}
