// Flows that were not started at load because a node could not be brought to its current version; cleared when the flow is deployed again.
import type { FlowAttention } from './node-migrations.js';

export class FlowAttentionRegistry {
  private readonly flows = new Map<string, FlowAttention>();

  record(attention: readonly FlowAttention[]): void {
    for (const flow of attention) this.flows.set(flow.flowId, flow);
  }

  get(flowId: string): FlowAttention | undefined {
    return this.flows.get(flowId);
  }

  /** A successful deploy replaces the content that could not start. */
  clear(flowId: string): void {
    this.flows.delete(flowId);
  }

  all(): FlowAttention[] {
    return [...this.flows.values()];
  }
}
