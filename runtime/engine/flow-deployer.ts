// Deploys flows and records their versions: validate -> engine -> version n+1; rollback redeploys old content as new.
import type { FlowStore, FlowVersion } from '../store/flow-store.js';
import { FlowValidationError, type FlowEngine } from './flow-engine.js';
import type { FlowDocument } from './flow-types.js';
import type { DeployAccess } from '../security/deploy-access.js';
import type { FlowNotes } from '../security/flow-security.js';
import type { AnyNodeDescriptor } from '../../nodes/sdk/index.js';
import { loadStoredFlows } from './node-migrations.js';

export interface DeployRequest {
  flow: FlowDocument;
  author: string;
  /** The caller's role and permissions; the flow is checked against them (a rollback against the current caller's). */
  access: DeployAccess;
  message: string;
  partnerId?: string;
  template?: string;
  /** Flows deployed right along with this one (the other tabs of an import); their link in nodes are valid targets. */
  companions?: readonly FlowDocument[];
}

/** The stored version plus what the deploy answer tells the caller (open-endpoint warnings, effective URLs). */
export type DeployedVersion = FlowVersion & FlowNotes;

/** Told of every deploy's outcome: metrics count them, the ledger learns which version of a flow runs. */
export type DeployListener = (outcome: { flowId: string; ok: true; version: number } | { flowId: string; ok: false; error: unknown }) => void;

export class FlowDeployer {
  private readonly listeners: DeployListener[] = [];
  /** descriptors: the node catalog, so a rollback migrates nodes of the old version to their current versions. */
  constructor(private readonly engine: FlowEngine, private readonly store: FlowStore, private readonly descriptors?: readonly AnyNodeDescriptor[]) {}

  onDeploy(listener: DeployListener): void {
    this.listeners.push(listener);
  }

  /**
   * The engine runs the flow before the version is written: if the process dies in between, the
   * restart loads the previous version and history and runtime agree.
   */
  async deploy(request: DeployRequest): Promise<DeployedVersion> {
    try {
      const deployed = await this.deployChecked(request);
      for (const listener of this.listeners) listener({ flowId: request.flow.id, ok: true, version: deployed.n });
      return deployed;
    } catch (error) {
      for (const listener of this.listeners) listener({ flowId: request.flow.id, ok: false, error });
      throw error;
    }
  }

  private async deployChecked(request: DeployRequest): Promise<DeployedVersion> {
    const { problems, ...notes } = this.engine.review(request.flow, request.access, { companions: request.companions });
    if (problems.length) throw new FlowValidationError(problems);
    await this.engine.deploy(request.flow, request.access, { companions: request.companions });
    const { access: _access, companions: _companions, ...record } = request;
    return { ...(await this.store.addVersion(record)), ...notes };
  }

  /** Old content is checked again like a new deploy: what an admin once deployed, an analyst may not bring back. */
  async rollback(flowId: string, toVersion: number, author: string, access: DeployAccess, message?: string): Promise<DeployedVersion | undefined> {
    const target = await this.store.getVersion(flowId, toVersion);
    const current = await this.store.get(flowId);
    if (!target || !current) return undefined;
    const label = target.flow.find((node) => node.type === 'tab')?.label;
    const flow = this.upgraded({ id: flowId, label: typeof label === 'string' ? label : current.label, nodes: target.flow }, toVersion, target.nodeVersions);
    return this.deploy({
      flow,
      author,
      access,
      message: message ?? `rollback to version ${toVersion}`,
    });
  }

  /** An old version's nodes brought to their current versions, as at start; a node that cannot be is a validation problem. */
  private upgraded(flow: FlowDocument, version: number, nodeVersions: Record<string, number> | undefined): FlowDocument {
    if (!this.descriptors) return flow;
    const loaded = loadStoredFlows([{ flow, version, ...(nodeVersions ? { nodeVersions } : {}) }], this.descriptors);
    const attention = loaded.needsAttention[0];
    if (attention) throw new FlowValidationError(attention.reasons.map((reason) => ({ nodeId: reason.nodeId, path: '$.type', message: reason.message })));
    return loaded.runnable[0]!;
  }

  async remove(flowId: string): Promise<boolean> {
    await this.engine.remove(flowId);
    return this.store.remove(flowId);
  }
}
