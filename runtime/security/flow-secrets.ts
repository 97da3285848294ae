// Node credentials in flows: sealed at rest, masked as {set: true} in API answers, and a mask sent back keeps the stored value.
import type { Secrets } from '../../nodes/sdk/index.js';
import type { FlowNode } from '../engine/flow-types.js';
import type { FlowDiff } from '../store/flow-diff.js';

/**
 * Node-RED's own rule, and ours: whatever a node keeps in `credentials` is secret (our descriptors' credentialsSchema
 * fields, core nodes' passwords, a tab's `cred` environment variables). Everything else in a flow is configuration.
 */
export const SECRET_MASK = Object.freeze({ set: true as const });

export interface SealedValue {
  $sealed: string;
}

export interface MaskProblem {
  nodeId: string;
  path: string;
  message: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isSealed(value: unknown): value is SealedValue {
  return isObject(value) && typeof value.$sealed === 'string' && Object.keys(value).length === 1;
}

/** The shape an API client sends back for "leave it as it is". */
export function isMask(value: unknown): boolean {
  return isObject(value) && value.set === true && Object.keys(value).length === 1;
}

function hasValue(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

function mapCredentials(nodes: FlowNode[], change: (value: unknown, node: FlowNode, key: string) => unknown): FlowNode[] {
  return nodes.map((node) => {
    if (!isObject(node.credentials)) return node;
    const credentials: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node.credentials)) {
      const changed = change(value, node, key);
      if (changed !== undefined) credentials[key] = changed;
    }
    return { ...node, credentials };
  });
}

/** API answers: every set credential becomes {set: true}; empty ones stay empty so the form shows "not set". */
export function maskFlow(nodes: FlowNode[]): FlowNode[] {
  return mapCredentials(nodes, (value) => (hasValue(value) ? { ...SECRET_MASK } : value));
}

/** True when any credential is still stored in clear (a data directory written before sealing existed). */
export function hasPlainCredentials(nodes: FlowNode[]): boolean {
  return nodes.some((node) => isObject(node.credentials) && Object.values(node.credentials).some((value) => hasValue(value) && !isSealed(value)));
}

const CREDENTIAL_PATH = /^credentials(?:$|[.[])/;

function maskChangeValue(value: unknown): unknown {
  if (isObject(value) && !isMask(value)) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, hasValue(inner) ? { ...SECRET_MASK } : inner]));
  return hasValue(value) ? { ...SECRET_MASK } : value;
}

/** The diff names a changed credential (its path, `secret: true`) without either value. */
export function maskDiff(diff: FlowDiff): FlowDiff {
  return {
    ...diff,
    nodes: {
      added: maskFlow(diff.nodes.added),
      removed: maskFlow(diff.nodes.removed),
      changed: diff.nodes.changed.map((change) => ({
        ...change,
        properties: change.properties.map((property) => (CREDENTIAL_PATH.test(property.path)
          ? { path: property.path, before: maskChangeValue(property.before), after: maskChangeValue(property.after), secret: true as const }
          : property)),
      })),
    },
  };
}

/**
 * Replaces each {set: true} in `incoming` by the value the same node (by id) has in `stored`. A mask without a stored
 * value (a new or pasted node) is a problem, located, rather than a silently empty credential.
 */
export function restoreMasked(incoming: FlowNode[], stored: FlowNode[] | undefined): { nodes: FlowNode[]; problems: MaskProblem[] } {
  const previous = new Map((stored ?? []).map((node) => [node.id, node]));
  const problems: MaskProblem[] = [];
  const nodes = mapCredentials(incoming, (value, node, key) => {
    if (!isMask(value)) return value;
    const before = previous.get(node.id)?.credentials;
    const kept = isObject(before) ? before[key] : undefined;
    if (hasValue(kept) && !isMask(kept)) return kept;
    problems.push({ nodeId: node.id, path: `$.credentials.${key}`, message: 'is {"set": true} (keep the stored value), but no value is stored for this node; enter the value' });
    return undefined;
  });
  return { nodes, problems };
}

/** Seals at rest and opens again; values are JSON-encoded first, so a credential keeps its type (Node-RED's global-config keeps a map). */
export class FlowSecrets {
  constructor(private readonly secrets: Secrets) {}

  seal(nodes: FlowNode[]): FlowNode[] {
    return mapCredentials(nodes, (value) => (hasValue(value) && !isSealed(value) ? { $sealed: this.secrets.encrypt(JSON.stringify(value)) } : value));
  }

  unseal(nodes: FlowNode[]): FlowNode[] {
    return mapCredentials(nodes, (value) => (isSealed(value) ? (JSON.parse(this.secrets.decrypt(value.$sealed)) as unknown) : value));
  }
}
