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

export interface FlowEngine {
  /** Starts the engine with the stored flows; resolves once they are running. */
  start(flows: FlowDocument[]): Promise<void>;
  /**
   * Every problem that stops this caller from deploying the flow (structure, config, permissions, paths).
   * standalone: check the flow on its own, not against the deployed flows' queue names and endpoints
   * (a template's example is checked, not deployed).
   */
  validate(flow: FlowDocument, access: DeployAccess, options?: { standalone?: boolean }): FlowProblem[];
  /** validate() plus the warnings and effective endpoints a validate or deploy answer shows. */
  review(flow: FlowDocument, access: DeployAccess): FlowReview;
  /** Validates for this caller, then replaces one flow (tab); other flows keep running untouched. */
  deploy(flow: FlowDocument, access: DeployAccess): Promise<void>;
  remove(flowId: string): Promise<void>;
  /** Hands a message to a deployed node's input, e.g. for dead-letter replay. False when the node is not running. */
  deliver(nodeId: string, msg: TradelaneMessage): boolean;
  nodeInfo(nodeId: string): DeployedNodeInfo | undefined;
  /** Nodes of a deployed flow that should run but do not (their constructor failed); empty when all started. */
  notRunning(flowId: string): DeployedNodeInfo[];
  /** Node status changes (the badges the designer shows). */
  onNodeStatus(listener: (nodeId: string, status: unknown) => void): void;
  stop(): Promise<void>;
}
