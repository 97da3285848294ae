// Node config migrations at load: stored flows whose nodes were deployed with an older node version are upgraded in memory, or set aside as needing attention.
import { ConfigValidator, nodeVersion, type AnyNodeDescriptor } from '../../nodes/sdk/index.js';
import type { FlowDocument, FlowNode } from './flow-types.js';

/** Node versions a flow version was deployed with, per node type. */
export type NodeVersions = Record<string, number>;

/** Flow versions stored before node versions were recorded ran every node at version 1, the default. */
const UNRECORDED_VERSION = 1;

/** Why one node keeps its flow from starting. */
export interface AttentionReason {
  nodeId: string;
  type: string;
  /** The node version the flow was deployed with, and the one this runtime has (undefined: the type is not installed). */
  storedVersion: number;
  currentVersion?: number;
  message: string;
}

export interface FlowAttention {
  flowId: string;
  /** The flow version that could not be started. */
  version: number;
  reasons: AttentionReason[];
}

export interface StoredFlow {
  flow: FlowDocument;
  version: number;
  nodeVersions?: NodeVersions;
}

export interface MigratedNode {
  flowId: string;
  nodeId: string;
  type: string;
  fromVersion: number;
  toVersion: number;
}

export interface LoadedFlows {
  /** Flows to start: unchanged or migrated in memory. */
  runnable: FlowDocument[];
  needsAttention: FlowAttention[];
  migrated: MigratedNode[];
}

/** The version of every node type in the flow, as this runtime has them; recorded with each flow version. */
export function nodeVersionsOf(nodes: readonly FlowNode[], catalog: ReadonlyMap<string, AnyNodeDescriptor>): NodeVersions {
  const versions: NodeVersions = {};
  for (const node of nodes) {
    const descriptor = catalog.get(node.type);
    if (descriptor) versions[node.type] = nodeVersion(descriptor);
  }
  return versions;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs the node's migrate() on a copy; the node keeps its identity and place whatever migrate returns. */
function migrateNode(node: FlowNode, descriptor: AnyNodeDescriptor, fromVersion: number, validator: ConfigValidator): { node: FlowNode } | { reason: AttentionReason } {
  const toVersion = nodeVersion(descriptor);
  const reason = (message: string) => ({ reason: { nodeId: node.id, type: node.type, storedVersion: fromVersion, currentVersion: toVersion, message } });
  if (!descriptor.migrate) return reason(`deployed with ${node.type} version ${fromVersion}; this runtime has version ${toVersion} and the node has no migrate()`);
  let upgraded: Record<string, unknown>;
  try {
    upgraded = descriptor.migrate(fromVersion, structuredClone(node));
  } catch (error) {
    return reason(`migrating ${node.type} from version ${fromVersion} to ${toVersion} failed: ${errorText(error)}`);
  }
  if (!upgraded || typeof upgraded !== 'object') return reason(`migrate() of ${node.type} returned no config`);
  const migrated: FlowNode = { ...upgraded, id: node.id, type: node.type, z: node.z };
  const problems = validator.check(node.type, migrated).problems;
  if (problems.length) return reason(`the config migrated from version ${fromVersion} is invalid: ${problems.map((problem) => `${problem.path} ${problem.message}`).join('; ')}`);
  return { node: migrated };
}

/** One stored flow: every node at its current version, or the reasons it cannot start. */
function loadFlow(stored: StoredFlow, catalog: ReadonlyMap<string, AnyNodeDescriptor>, validator: ConfigValidator): { flow: FlowDocument; migrated: MigratedNode[] } | FlowAttention {
  const reasons: AttentionReason[] = [];
  const migrated: MigratedNode[] = [];
  const nodes = stored.flow.nodes.map((node) => {
    if (node.type === 'tab') return node;
    const descriptor = catalog.get(node.type);
    const storedVersion = stored.nodeVersions?.[node.type] ?? UNRECORDED_VERSION;
    if (!descriptor) {
      // One unknown type in a deploy stops every flow in Node-RED: this flow waits until the node is installed again.
      reasons.push({ nodeId: node.id, type: node.type, storedVersion, message: `node type ${node.type} is not installed in this runtime` });
      return node;
    }
    const currentVersion = nodeVersion(descriptor);
    if (storedVersion === currentVersion) return node;
    if (storedVersion > currentVersion) {
      reasons.push({ nodeId: node.id, type: node.type, storedVersion, currentVersion, message: `deployed with ${node.type} version ${storedVersion}, newer than this runtime's version ${currentVersion}` });
      return node;
    }
    const result = migrateNode(node, descriptor, storedVersion, validator);
    if ('reason' in result) {
      reasons.push(result.reason);
      return node;
    }
    migrated.push({ flowId: stored.flow.id, nodeId: node.id, type: node.type, fromVersion: storedVersion, toVersion: currentVersion });
    return result.node;
  });
  if (reasons.length) return { flowId: stored.flow.id, version: stored.version, reasons };
  return { flow: { ...stored.flow, nodes }, migrated };
}

/** Splits the stored flows into those that start (migrated where needed) and those that need attention; one never stops the others. */
export function loadStoredFlows(stored: readonly StoredFlow[], descriptors: readonly AnyNodeDescriptor[]): LoadedFlows {
  const catalog = new Map(descriptors.map((descriptor) => [descriptor.type, descriptor]));
  const validator = new ConfigValidator(descriptors);
  const loaded: LoadedFlows = { runnable: [], needsAttention: [], migrated: [] };
  for (const flow of stored) {
    const result = loadFlow(flow, catalog, validator);
    if ('reasons' in result) loaded.needsAttention.push(result);
    else {
      loaded.runnable.push(result.flow);
      loaded.migrated.push(...result.migrated);
    }
  }
  return loaded;
}
