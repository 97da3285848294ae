// Who may replay a dead letter where, and how an edited payload is validated again before it can reach a backend.
import { canonicalChecker, isCanonicalDocumentName } from '../../nodes/canonical/index.js';
import { compileSchema, createAjv, type JSONSchema, type LocatedProblem } from '../../nodes/sdk/index.js';
import type { FlowNode } from '../engine/flow-types.js';
import type { DeadLetter } from '../store/dead-letter-store.js';
import type { AuthUser } from './auth.js';
import { HttpError, type ErrorDetail } from './http-error.js';

/** Nodes through which a replayed message leaves Tradelane: an unvalidated payload must not reach them. */
const OUTBOUND_TYPES = new Set(['tl-erp-post', 'tl-webhook', 'http request']);
const VALIDATE_TYPE = 'tl-validate';

/**
 * How the replayed payload is validated:
 * - unedited: the payload is the one the flow accepted; nothing to check again;
 * - flow: the target's path runs through a validate node before anything leaves;
 * - schema: checked here against the schema of the validate node(s) the message passed before the target;
 * - unvalidated: skipped, by a user holding deadletter.replay-unvalidated, with a reason.
 */
export type ReplayValidation = 'unedited' | 'flow' | 'schema' | 'unvalidated';

export interface ReplayPlan {
  nodeId: string;
  validation: ReplayValidation;
  reason?: string;
}

export interface ReplayAsk {
  nodeId?: string;
  reason?: string;
}

function successors(nodes: readonly FlowNode[]): Map<string, string[]> {
  return new Map(nodes.map((node) => [node.id, (node.wires ?? []).flat()]));
}

/** Nodes reachable from start, not walking past nodes for which stop() is true (they are included). */
function reachable(start: string, edges: ReadonlyMap<string, string[]>, stop: (id: string) => boolean): Set<string> {
  const seen = new Set<string>([start]);
  const queue = [start];
  while (queue.length) {
    const id = queue.shift()!;
    if (id !== start && stop(id)) continue;
    for (const next of edges.get(id) ?? []) if (!seen.has(next)) { seen.add(next); queue.push(next); }
  }
  return seen;
}

/** True when every way from the target to an outbound node passes a validate node, and there is one. */
function pathValidates(target: string, nodes: readonly FlowNode[]): boolean {
  const types = new Map(nodes.map((node) => [node.id, node.type]));
  if (types.get(target) === VALIDATE_TYPE) return true;
  const reached = reachable(target, successors(nodes), (id) => types.get(id) === VALIDATE_TYPE);
  const reachedTypes = [...reached].map((id) => types.get(id));
  return reachedTypes.includes(VALIDATE_TYPE) && !reachedTypes.some((type) => type !== undefined && OUTBOUND_TYPES.has(type));
}

/** Validate nodes the message passed before the target: the schemas the flow accepted it with. */
function upstreamValidators(target: string, nodes: readonly FlowNode[]): FlowNode[] {
  return nodes.filter((node) => node.type === VALIDATE_TYPE && node.id !== target && reachable(node.id, successors(nodes), () => false).has(target));
}

function checkerOf(node: FlowNode): (value: unknown) => LocatedProblem[] {
  const schema = typeof node.schema === 'string' ? node.schema : 'PurchaseOrderAcknowledgement';
  if (schema === 'inline') return compileSchema(createAjv(), (node.inlineSchema ?? {}) as JSONSchema);
  if (isCanonicalDocumentName(schema)) return canonicalChecker(schema);
  return () => [{ path: '$', message: `validate node ${node.id} names unknown schema "${schema}"` }];
}

/** Problems of the payload against every upstream validate node that checks msg.payload, located in the payload. */
function schemaProblems(payload: unknown, validators: readonly FlowNode[]): ErrorDetail[] {
  return validators
    .filter((node) => (typeof node.property === 'string' ? node.property : 'payload') === 'payload')
    .flatMap((node) => checkerOf(node)(payload).map((problem) => ({ path: problem.path.replace(/^\$/, '$.payload'), message: `${problem.message} (schema of validate node ${node.id})` })));
}

function refuse(status: number, message: string, path: string, detail: string): never {
  throw new HttpError(status, message, [{ path, message: detail }]);
}

/** Where the replay may go: only the dead letter's own flow; a node other than its entry is for admins. */
function chooseTarget(letter: DeadLetter, ask: ReplayAsk, user: AuthUser, flowOfNode: (nodeId: string) => string | undefined): string {
  const nodeId = ask.nodeId ?? letter.entryNodeId;
  const owner = flowOfNode(nodeId);
  // Also for the recorded entry: a dead-letter node's replayNodeId may name a node of another flow.
  if (owner !== undefined && owner !== letter.flowId) {
    refuse(403, 'a dead letter replays only into its own flow', '$.nodeId', `node "${nodeId}" belongs to flow "${owner}"; dead letter ${letter.id} came from flow "${letter.flowId}" (entry node "${letter.entryNodeId}")`);
  }
  if (nodeId !== letter.entryNodeId && user.role !== 'admin') {
    refuse(403, `role "${user.role}" may replay only into the dead letter's entry node`, '$.nodeId', `replay into "${letter.entryNodeId}" (leave nodeId out); choosing another node of the flow is for admins`);
  }
  return nodeId;
}

/** Decides the target and the validation of one replay, or throws a located 4xx. */
export function planReplay(letter: DeadLetter, ask: ReplayAsk, user: AuthUser, flow: { nodes: readonly FlowNode[]; flowOfNode(nodeId: string): string | undefined }): ReplayPlan {
  const nodeId = chooseTarget(letter, ask, user, flow.flowOfNode);
  if (!letter.edits.length) return { nodeId, validation: 'unedited' };
  if (pathValidates(nodeId, flow.nodes)) return { nodeId, validation: 'flow' };
  const validators = upstreamValidators(nodeId, flow.nodes);
  const problems = validators.length ? schemaProblems(letter.message.payload, validators) : [];
  if (validators.length && !problems.length) return { nodeId, validation: 'schema' };
  if (!user.permissions.includes('deadletter.replay-unvalidated')) {
    if (problems.length) throw new HttpError(422, 'the edited payload does not pass the flow\'s validation', problems);
    refuse(403, 'this replay would skip validation', '$.nodeId', `node "${nodeId}" is past the flow's validation and the flow has no schema to check the edited payload with; replaying it needs the permission deadletter.replay-unvalidated and a reason`);
  }
  const reason = ask.reason?.trim();
  if (!reason) {
    refuse(400, 'a replay that skips validation needs a reason', '$.reason', problems.length ? `the edited payload fails validation (${problems.length} problem(s), first: ${problems[0]!.path} ${problems[0]!.message}); say why it is replayed anyway` : 'say why the edited payload is replayed without validation');
  }
  return { nodeId, validation: 'unvalidated', reason };
}

/** The plan with the caller's reason kept even when validation did not need one: it belongs in the replay history. */
export function withReason(plan: ReplayPlan, reason: string | undefined): ReplayPlan {
  const given = reason?.trim();
  return plan.reason || !given ? plan : { ...plan, reason: given };
}
