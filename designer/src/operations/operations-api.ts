// Calls for the operations screens, kept beside them (not in ApiClient) so other branches' client additions do not collide.
import type { ApiClient } from '../api/client';
import type { ClusterView, FlowHealth, DebugMessage, OperationsOverview, OverdueList, SlaSummary, TraceData, TraceDocument } from '../api/operations-types';
import type { FlowSummary, TraceDetail } from '../api/types';

export interface TimeWindow {
  from: string;
  to: string;
}

const enc = encodeURIComponent;

export function getOverview(api: ApiClient, window: TimeWindow): Promise<OperationsOverview> {
  return api.request<OperationsOverview>('GET', `/api/operations/overview?from=${enc(window.from)}&to=${enc(window.to)}`);
}

export function getSlaSummary(api: ApiClient, window: TimeWindow): Promise<SlaSummary> {
  return api.request<SlaSummary>('GET', `/api/sla/summary?from=${enc(window.from)}&to=${enc(window.to)}`);
}

export function getOverdue(api: ApiClient, limit = 50): Promise<OverdueList> {
  return api.request<OverdueList>('GET', `/api/sla/overdue?limit=${limit}`);
}

export function getCluster(api: ApiClient): Promise<ClusterView> {
  return api.request<ClusterView>('GET', '/api/cluster');
}

export function getFlowDebug(api: ApiClient, flowId: string): Promise<DebugMessage[]> {
  return api.request<{ messages: DebugMessage[] }>('GET', `/api/flows/${enc(flowId)}/debug`).then((r) => r.messages ?? []);
}

export function getTraceData(api: ApiClient, correlationId: string): Promise<TraceData> {
  return api.request<TraceData>('GET', `/api/traces/${enc(correlationId)}/data`);
}

/** A flow of GET /api/flows with the health servers since the operations work add. */
export type FlowWithHealth = FlowSummary & { health?: FlowHealth };

/** A trace with the ledger documents of its correlation id (refusals have documents and no hops). */
export type TraceWithDocuments = TraceDetail & { documents?: TraceDocument[] };
