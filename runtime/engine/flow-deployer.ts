// Deploys flows and records their versions: validate -> engine -> version n+1; rollback redeploys old content as new.
import type { FlowStore, FlowVersion } from '../store/flow-store.js';
import { FlowValidationError, type FlowEngine } from './flow-engine.js';
import type { FlowDocument } from './flow-types.js';

export interface DeployRequest {
  flow: FlowDocument;
  author: string;
  message: string;
  partnerId?: string;
  template?: string;
}

export class FlowDeployer {
  constructor(private readonly engine: FlowEngine, private readonly store: FlowStore) {}

  /**
   * The engine runs the flow before the version is written: if the process dies in between, the
   * restart loads the previous version and history and runtime agree.
   */
  async deploy(request: DeployRequest): Promise<FlowVersion> {
    const problems = this.engine.validate(request.flow);
    if (problems.length) throw new FlowValidationError(problems);
    await this.engine.deploy(request.flow);
    return this.store.addVersion(request);
  }

  async rollback(flowId: string, toVersion: number, author: string, message?: string): Promise<FlowVersion | undefined> {
    const target = await this.store.getVersion(flowId, toVersion);
    const current = await this.store.get(flowId);
    if (!target || !current) return undefined;
    const label = target.flow.find((node) => node.type === 'tab')?.label;
    return this.deploy({
      flow: { id: flowId, label: typeof label === 'string' ? label : current.label, nodes: target.flow },
      author,
      message: message ?? `rollback to version ${toVersion}`,
    });
  }

  async remove(flowId: string): Promise<boolean> {
    await this.engine.remove(flowId);
    return this.store.remove(flowId);
  }
}
