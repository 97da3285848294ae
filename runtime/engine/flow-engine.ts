// The FlowEngine interface: what the rest of Tradelane needs from a flow runtime (Node-RED today, 5.x later).
import type { TradelaneMessage } from '../../nodes/sdk/index.js';
import type { FlowDocument } from './flow-types.js';
import type { FlowProblem } from './flow-validation.js';
import type { DeployAccess } from '../security/deploy-access.js';
import type { FlowNotes } from '../security/flow-security.js';

export interface DeployedNodeInfo {
  id: string;
  type: string;
  name: string;
  flowId: string;
}

/** A node of a deployed flow that should run but does not, and why. */
export interface NotStartedNode extends DeployedNodeInfo {
  reason: string;
}

/** Thrown by deploy() when nodes of the new version failed to start; the previous version was started again. */
export class FlowStartError extends Error {
  constructor(readonly flowId: string, readonly failed: NotStartedNode[], readonly restoredVersion: boolean) {
    super(`flow "${flowId}" failed to start: ${failed.map((node) => `${node.id}: ${node.reason}`).join('; ')}`);
    this.name = 'FlowStartError';
  }
}

/** Thrown by deploy() when validation fails; nothing was handed to the engine. */
export class FlowValidationError extends Error {
  constructor(readonly problems: FlowProblem[]) {
    super(`invalid flow: ${problems.length} problem(s), first: ${problems[0]?.nodeId} ${problems[0]?.path} ${problems[0]?.message}`);
    this.name = 'FlowValidationError';
  }
}

/** A validation answer: blocking problems, non-blocking warnings, and the URLs the flow's http in nodes serve. */
export interface FlowReview extends FlowNotes {
  problems: FlowProblem[];
}

export interface ValidateOptions {
  /** Check the flow on its own, not against the deployed flows (a template's example is checked, not deployed). */
  standalone?: boolean;
  /** Flows deployed with this one, e.g. the other tabs of an import: they count as deployed for link targets. */
  companions?: readonly FlowDocument[];
}

export interface FlowEngine {
  /** Starts the engine with the stored flows; resolves once they are running. */
  start(flows: FlowDocument[]): Promise<void>;
  /**
   * Every problem that stops this caller from deploying the flow (structure, config, permissions, paths).
   */
  validate(flow: FlowDocument, access: DeployAccess, options?: ValidateOptions): FlowProblem[];
  /** validate() plus the warnings and effective endpoints a validate or deploy answer shows. */
  review(flow: FlowDocument, access: DeployAccess, options?: ValidateOptions): FlowReview;
  /**
   * Validates for this caller, then replaces one flow (tab); other flows keep running untouched. When a node of the
   * new version fails to start, the previous version is started again and FlowStartError is thrown.
   */
  deploy(flow: FlowDocument, access: DeployAccess, options?: Pick<ValidateOptions, 'companions'>): Promise<void>;
  remove(flowId: string): Promise<void>;
  /** Hands a message to a deployed node's input, e.g. for dead-letter replay. False when the node is not running. */
  deliver(nodeId: string, msg: TradelaneMessage): boolean;
  nodeInfo(nodeId: string): DeployedNodeInfo | undefined;
  /** Nodes of a deployed flow that should run but do not (their start failed), with the reason; empty when all started. */
  notRunning(flowId: string): NotStartedNode[];
  /** Node status changes (the badges the designer shows). */
  onNodeStatus(listener: (nodeId: string, status: unknown) => void): void;
  stop(): Promise<void>;
}
