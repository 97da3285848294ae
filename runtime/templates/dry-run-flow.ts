// Rewrites an instantiated flow into a dry-run copy: the entry becomes an injection point, outbound and stateful nodes become pass-through captures.
import type { FlowDocument, FlowNode } from '../engine/flow-types.js';
import type { AnyNodeDescriptor } from '../../nodes/sdk/index.js';

/** What the dry run did with a node. */
export type HopTreatment = 'entry' | 'ran' | 'stubbed' | 'passed-through' | 'inert';

export interface HopInfo {
  nodeId: string;
  localId: string;
  type: string;
  name: string;
  treatment: HopTreatment;
  /** Why the node did not run as deployed. */
  note?: string;
}

/** Side-effecting nodes (descriptor sideEffects 'external') are stubbed; these notes say more than the generic one. */
const STUB_NOTES: Record<string, string> = {
  'tl-erp-post': 'ERP post not sent: the input shows what would be posted',
  'tl-webhook': 'webhook not sent: the input shows the event data that would be signed and sent',
  'http request': 'HTTP request not sent',
  file: 'file not written',
  'http response': 'HTTP response not sent: the input shows the answer',
  'tl-dead-letter': 'dead letter not stored',
};

/** Side-effecting nodes that the dry run can run safely: respond nodes answer the dry run's captured response, not a partner. */
const RUN_AGAINST_CAPTURE = new Set(['tl-respond']);

/** Stateful reliability nodes: the message passes straight through so no queue, key or timer is left behind. */
const PASSED_THROUGH: Record<string, string> = {
  'tl-queue': 'not queued: passed straight on (the live flow answers 202 and delivers from the durable queue)',
  'tl-idempotency': 'duplicate check skipped (no key remembered)',
  'tl-retry': 'no retries in a dry run',
  'tl-availability-update': 'not written to the availability cache: passed straight on',
};

/** Checks that run as deployed but would leave durable state behind: they run with that part switched off. */
const QUIETED: Record<string, { config: Record<string, unknown>; note: string }> = {
  'tl-match': { config: { openException: false }, note: 'matched as deployed, but no exception opened: msg.match shows what the exception would hold' },
  'tl-tolerance': { config: { openException: false }, note: 'checked as deployed, but no exception opened: msg.toleranceExceptions shows what the exception would hold' },
};

/** Start nodes other than the entry: kept on the canvas but inert, so they open no endpoint and fire no timer. */
const INERT = new Set(['tl-intake', 'http in', 'inject', 'file in']);

export interface DryRunFlow {
  flow: FlowDocument;
  entryNodeId: string;
  hops: Map<string, HopInfo>;
}

/** Node-RED flattens junctions away (they are not addressable), so pass-through points are change nodes that only mark the message. */
function passThrough(node: FlowNode, wires: string[][]): FlowNode {
  return { id: node.id, type: 'change', z: node.z, x: node.x, y: node.y, name: node.name, rules: [{ t: 'set', p: 'dryRun', pt: 'msg', to: 'true', tot: 'bool' }], wires };
}

function firstPort(node: FlowNode): string[][] {
  return [node.wires?.[0] ?? []];
}

/** The stub note for a node that reaches outside, or undefined when the node may run. Unknown types count as reaching outside. */
function stubNote(type: string, descriptors: ReadonlyMap<string, AnyNodeDescriptor>): string | undefined {
  if (RUN_AGAINST_CAPTURE.has(type)) return undefined;
  const descriptor = descriptors.get(type);
  if (descriptor?.sideEffects === 'none') return undefined;
  if (!descriptor) return `${type} not run: an unknown node type might reach outside`;
  return STUB_NOTES[type] ?? `${descriptor.label} not run: it reaches outside the runtime; the input shows what it would have sent`;
}

/**
 * entryNodeId is a deployed id of the flow; localOf maps deployed ids back to template ids.
 * The catalog (every loaded node, external packages included) decides which nodes reach outside (their sideEffects).
 * stubResponses (by deployed id) are recorded answers of stubbed nodes: message properties the stub sets, as the real call would (a flow test's ERP answer).
 */
export function toDryRunFlow(flow: FlowDocument, entryNodeId: string, localOf: (nodeId: string) => string, catalog: readonly AnyNodeDescriptor[], stubResponses?: ReadonlyMap<string, Record<string, unknown>>): DryRunFlow {
  const descriptors = new Map(catalog.map((descriptor) => [descriptor.type, descriptor]));
  const hops = new Map<string, HopInfo>();
  const nodes = flow.nodes.map((node): FlowNode => {
    if (node.type === 'tab') return { ...node, label: `dry run: ${node.label as string}` };
    const info: HopInfo = { nodeId: node.id, localId: localOf(node.id), type: node.type, name: typeof node.name === 'string' ? node.name : '', treatment: 'ran' };
    hops.set(node.id, info);
    if (node.id === entryNodeId) {
      info.treatment = 'entry';
      info.note = 'the test document enters here (partner authentication and body parsing are not part of the dry run)';
      return passThrough(node, firstPort(node));
    }
    if (INERT.has(node.type)) {
      info.treatment = 'inert';
      return passThrough(node, []);
    }
    // A recorded answer stubs any node, also one that only reads (an ERP lookup), so a test never depends on the live system.
    const stub = stubNote(node.type, descriptors) ?? (stubResponses?.has(node.id) ? `${node.type} not run: it answers with the recorded stub` : undefined);
    if (stub) {
      info.treatment = 'stubbed';
      info.note = stub;
      const answer = Object.entries(stubResponses?.get(node.id) ?? {}).map(([property, value]) => ({ t: 'set', p: property, pt: 'msg', to: JSON.stringify(value), tot: 'json' }));
      return { id: node.id, type: 'change', z: node.z, x: node.x, y: node.y, name: node.name, rules: [{ t: 'set', p: 'dryRunStub', pt: 'msg', to: node.type, tot: 'str' }, ...answer], wires: firstPort(node) };
    }
    const quieted = QUIETED[node.type];
    if (quieted) {
      info.note = quieted.note;
      return { ...node, ...quieted.config };
    }
    const passed = PASSED_THROUGH[node.type];
    if (passed) {
      info.treatment = 'passed-through';
      info.note = passed;
      return passThrough(node, firstPort(node));
    }
    return node;
  });
  return { flow: { ...flow, nodes }, entryNodeId, hops };
}
