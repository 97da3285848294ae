// Flow checks that look beyond one node's config: durable names and endpoints shared with other flows, wiring cycles, replay and link targets, nesting depth.
import { DEFAULT_MAX_NESTING_DEPTH, valueDepthExceeds } from '../../nodes/sdk/index.js';
import type { FlowDocument, FlowNode } from './flow-types.js';
import { linkTargetFindings } from './link-target-checks.js';

export interface GraphProblem {
  nodeId: string;
  path: string;
  message: string;
}

export interface GraphCheckContext {
  /** Every deployed flow; the flow being checked replaces its own deployed version, so a redeploy never collides with itself. */
  deployedFlows?: Iterable<FlowDocument>;
  /** Flows deployed together with this one (the other tabs of one import): their link in nodes are valid link targets. */
  companionFlows?: readonly FlowDocument[];
  maxPropertyDepth?: number;
}

export interface GraphCheckResult {
  problems: GraphProblem[];
  /** Nodes whose properties nest too deeply to be handed to the schema validator (its recursion would overflow). */
  tooDeep: ReadonlySet<string>;
}

/**
 * Node types that may close a loop in the wiring. A wire back into a retry node (it waits with backoff and counts
 * attempts) or into a core delay node (it waits or rate-limits between rounds) is a deliberate loop; any other cycle
 * resends the message as fast as the engine can and is refused. Loops the wiring does not show (link nodes, dynamic
 * link calls) are bounded at run time by the fan-out guard.
 */
export const LOOP_CLOSING_TYPES: ReadonlySet<string> = new Set(['tl-retry', 'delay']);

/** A durable or exclusive resource a node claims by name; two claims of the same key collide. */
interface Claim {
  key: string;
  nodeId: string;
  flowId: string;
  path: string;
  /** Claims of the same key inside one flow are fine (e.g. idempotency nodes sharing their keys on purpose). */
  sharedWithinFlow: boolean;
  describe(holder: { nodeId: string; flowId: string }): string;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * What a node claims: its queue log, its idempotency key store, its partner endpoint. Core `http in` routes claim
 * nothing here: each flow's are served under its own /hooks/<flowId>/ prefix (security/http-endpoints.ts checks them).
 */
function claimsOf(node: FlowNode, flowId: string): Claim[] {
  const at = { nodeId: node.id, flowId };
  switch (node.type) {
    case 'tl-queue': {
      // Two queue nodes on one log take each other's messages and acknowledge them without delivering them.
      const name = text(node.queueName) || node.id;
      return [{ ...at, key: `queue:${name}`, path: text(node.queueName) ? '$.queueName' : '$.id', sharedWithinFlow: false, describe: (holder) => `queue "${name}" is already used by node ${holder.nodeId} in flow "${holder.flowId}"; each durable queue needs its own name` }];
    }
    case 'tl-idempotency': {
      // Another flow's keys would make this flow's first messages look like duplicates, and they would be dropped.
      const name = text(node.namespace) || node.id;
      return [{ ...at, key: `idempotency:${name}`, path: text(node.namespace) ? '$.namespace' : '$.id', sharedWithinFlow: true, describe: (holder) => `idempotency namespace "${name}" is already used by node ${holder.nodeId} in flow "${holder.flowId}"; flows cannot share idempotency keys` }];
    }
    case 'tl-intake': {
      if (!text(node.partnerId) || !text(node.path)) return [];
      const route = `POST /partners/${text(node.partnerId)}/${text(node.path)}`;
      return [{ ...at, key: `route:${route}`, path: '$.path', sharedWithinFlow: false, describe: (holder) => `${route} is already served by node ${holder.nodeId} in flow "${holder.flowId}"; node ${node.id} of flow "${flowId}" cannot serve it too` }];
    }
    default:
      return [];
  }
}

function collisionProblems(flow: FlowDocument, deployedFlows: Iterable<FlowDocument>): GraphProblem[] {
  const holders = new Map<string, Claim>();
  for (const deployed of deployedFlows) {
    if (deployed.id === flow.id) continue;
    for (const node of deployed.nodes) for (const claim of claimsOf(node, deployed.id)) if (!holders.has(claim.key)) holders.set(claim.key, claim);
  }
  const problems: GraphProblem[] = [];
  for (const node of flow.nodes) {
    if (typeof node.id !== 'string') continue;
    for (const claim of claimsOf(node, flow.id)) {
      const holder = holders.get(claim.key);
      if (holder && !(holder.flowId === flow.id && claim.sharedWithinFlow)) problems.push({ nodeId: node.id, path: claim.path, message: claim.describe(holder) });
      else if (!holder) holders.set(claim.key, claim);
    }
  }
  return problems;
}

/** Strongly connected components (Tarjan, with an explicit stack so a long chain of nodes cannot overflow the call stack). */
function stronglyConnected(ids: string[], edges: ReadonlyMap<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const root of ids) {
    if (index.has(root)) continue;
    const work: Array<{ id: string; next: number }> = [{ id: root, next: 0 }];
    index.set(root, counter); low.set(root, counter++); stack.push(root); onStack.add(root);
    while (work.length) {
      const frame = work[work.length - 1]!;
      const targets = edges.get(frame.id) ?? [];
      if (frame.next < targets.length) {
        const target = targets[frame.next++]!;
        if (!index.has(target)) {
          index.set(target, counter); low.set(target, counter++); stack.push(target); onStack.add(target);
          work.push({ id: target, next: 0 });
        } else if (onStack.has(target)) low.set(frame.id, Math.min(low.get(frame.id)!, index.get(target)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.id);
        components.push(component);
      }
    }
  }
  return components;
}

/** Names the first nodes of a long list, so a problem stays readable. */
function nameSome(ids: readonly string[], shown = 12): string {
  const named = ids.slice(0, shown).map((id) => `"${id}"`).join(', ');
  return ids.length > shown ? `${named} and ${ids.length - shown} more` : named;
}

/** Cycles in the wiring that do not pass through a loop-closing node: those nodes are left out of the graph. */
function cycleProblems(flow: FlowDocument): GraphProblem[] {
  const nodes = flow.nodes.filter((node) => typeof node.id === 'string' && node.type !== 'tab' && !LOOP_CLOSING_TYPES.has(node.type));
  const kept = new Set(nodes.map((node) => node.id));
  const edges = new Map<string, string[]>();
  for (const node of nodes) {
    const wires = Array.isArray(node.wires) ? node.wires : [];
    edges.set(node.id, wires.flatMap((port) => (Array.isArray(port) ? port : [])).filter((target): target is string => typeof target === 'string' && kept.has(target)));
  }
  const order = new Map(nodes.map((node, position) => [node.id, position]));
  const problems: GraphProblem[] = [];
  for (const component of stronglyConnected(nodes.map((node) => node.id), edges)) {
    const selfLoop = component.length === 1 && edges.get(component[0]!)!.includes(component[0]!);
    if (component.length < 2 && !selfLoop) continue;
    const members = component.sort((a, b) => order.get(a)! - order.get(b)!);
    problems.push({
      nodeId: members[0]!,
      path: '$.wires',
      message: `the wiring forms a cycle through ${nameSome(members)}: a message would circle without end. `
        + `Close a loop only through a retry or delay node (${[...LOOP_CLOSING_TYPES].join(', ')}), or remove a wire`,
    });
  }
  return problems;
}

/** A dead letter's replay target must be in its own flow: replays never cross into another flow. */
function replayTargetProblems(flow: FlowDocument): GraphProblem[] {
  const ids = new Set(flow.nodes.map((node) => node.id));
  return flow.nodes
    .filter((node) => node.type === 'tl-dead-letter' && text(node.replayNodeId) && !ids.has(text(node.replayNodeId)))
    .map((node) => ({ nodeId: node.id, path: '$.replayNodeId', message: `replay node "${text(node.replayNodeId)}" is not a node of this flow; a dead letter replays only into its own flow` }));
}

function depthProblems(flow: FlowDocument, maxDepth: number, tooDeep: Set<string>): GraphProblem[] {
  const problems: GraphProblem[] = [];
  for (const node of flow.nodes) {
    if (node === null || typeof node !== 'object' || typeof node.id !== 'string') continue;
    for (const [key, value] of Object.entries(node)) {
      if (!valueDepthExceeds(value, maxDepth)) continue;
      tooDeep.add(node.id);
      problems.push({ nodeId: node.id, path: `$.${key}`, message: `nests deeper than ${maxDepth} levels` });
    }
  }
  return problems;
}

/** Runs every cross-node check; never recurses into node properties, so any flow can be checked. */
export function checkFlowGraph(flow: FlowDocument, context: GraphCheckContext = {}): GraphCheckResult {
  const tooDeep = new Set<string>();
  // Often a Map's values(): an iterator that runs once, and two checks read it.
  const deployed = [...(context.deployedFlows ?? [])];
  const problems = [
    ...depthProblems(flow, context.maxPropertyDepth ?? DEFAULT_MAX_NESTING_DEPTH, tooDeep),
    ...collisionProblems(flow, deployed),
    ...cycleProblems(flow),
    ...replayTargetProblems(flow),
    ...linkTargetFindings(flow, [...deployed, ...(context.companionFlows ?? [])]).problems,
  ];
  return { problems, tooDeep };
}
