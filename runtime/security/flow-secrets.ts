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

/** Rebuilds a JSON value bottom-up; `change` sees each value first and may replace it (then its children are not visited). */
function mapDeep(value: unknown, change: (value: unknown) => unknown | typeof KEEP_WALKING): unknown {
  const changed = change(value);
  if (changed !== KEEP_WALKING) return changed;
  if (Array.isArray(value)) return value.map((item) => mapDeep(item, change));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, mapDeep(inner, change)]));
  return value;
}
const KEEP_WALKING = Symbol('keep walking');

function containsDeep(value: unknown, test: (value: unknown) => boolean): boolean {
  if (test(value)) return true;
  if (Array.isArray(value)) return value.some((item) => containsDeep(item, test));
  if (isObject(value)) return Object.values(value).some((inner) => containsDeep(inner, test));
  return false;
}

/**
 * The stored form as API clients see it: every sealed value, wherever it sits, is {set: true}. Besides credentials that
 * is a template secret that an older template put into ordinary node config (sealed when the data directory migrated).
 */
export function displayForm(storedNodes: FlowNode[]): FlowNode[] {
  return maskFlow(mapDeep(storedNodes, (value) => (isSealed(value) ? { ...SECRET_MASK } : KEEP_WALKING)) as FlowNode[]);
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

/** A changed property is secret when it is a credential or its top-level property holds a sealed value in either version. */
function secretProperty(path: string, nodeId: string, displays: Array<Map<string, FlowNode>>): boolean {
  if (CREDENTIAL_PATH.test(path)) return true;
  const top = /^[^.[]+/.exec(path)?.[0];
  return top !== undefined && displays.some((display) => containsDeep(display.get(nodeId)?.[top], isMask));
}

/**
 * The diff names a changed secret (its path, `secret: true`) without either value. `from` and `to` are the stored
 * (sealed) forms of the two versions, which say where secrets sit.
 */
export function maskDiff(diff: FlowDiff, from: FlowNode[] = [], to: FlowNode[] = []): FlowDiff {
  const displays = [from, to].map((nodes) => new Map(displayForm(nodes).map((node) => [node.id, node])));
  const displayed = (nodes: FlowNode[], display: Map<string, FlowNode>) => nodes.map((node) => display.get(node.id) ?? maskFlow([node])[0]!);
  return {
    ...diff,
    nodes: {
      added: displayed(diff.nodes.added, displays[1]!),
      removed: displayed(diff.nodes.removed, displays[0]!),
      changed: diff.nodes.changed.map((change) => ({
        ...change,
        properties: change.properties.map((property) => (secretProperty(property.path, change.id, displays)
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
export function restoreMasked(incoming: FlowNode[], stored: FlowNode[] | undefined, storedSealed: FlowNode[] = []): { nodes: FlowNode[]; problems: MaskProblem[] } {
  const previous = new Map((stored ?? []).map((node) => [node.id, node]));
  const sealedNodes = new Map(storedSealed.map((node) => [node.id, node]));
  const problems: MaskProblem[] = [];
  // {"$sealed": ...} is how the store marks its own ciphertext; one sent in would be opened (and fail) on every read.
  for (const node of incoming) {
    if (containsDeep(node, isSealed)) problems.push({ nodeId: node.id, path: '$', message: 'holds a {"$sealed": ...} object, which is reserved for values Tradelane sealed itself' });
  }
  if (problems.length) return { nodes: incoming, problems };
  const restored = incoming.map((node) => restoreSealedConfig(node, sealedNodes.get(node.id), previous.get(node.id)));
  const nodes = mapCredentials(restored, (value, node, key) => {
    if (!isMask(value)) return value;
    const before = previous.get(node.id)?.credentials;
    const kept = isObject(before) ? before[key] : undefined;
    if (hasValue(kept) && !isMask(kept)) return kept;
    problems.push({ nodeId: node.id, path: `$.credentials.${key}`, message: 'is {"set": true} (keep the stored value), but no value is stored for this node; enter the value' });
    return undefined;
  });
  return { nodes, problems };
}

/**
 * Outside credentials a mask is restored only where the stored version holds a sealed value at the same place (a legacy
 * template secret); anywhere else {set: true} is ordinary configuration and stays as sent.
 */
function restoreSealedConfig(node: FlowNode, sealed: FlowNode | undefined, plain: FlowNode | undefined): FlowNode {
  if (!sealed || !plain || !containsDeep(sealed, isSealed)) return node;
  const walk = (value: unknown, sealedAt: unknown, plainAt: unknown): unknown => {
    if (isMask(value) && isSealed(sealedAt)) return plainAt;
    if (Array.isArray(value) && Array.isArray(sealedAt) && Array.isArray(plainAt)) return value.map((item, index) => walk(item, sealedAt[index], plainAt[index]));
    if (isObject(value) && isObject(sealedAt) && isObject(plainAt)) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, key === 'credentials' ? inner : walk(inner, sealedAt[key], plainAt[key])]));
    return value;
  };
  return walk(node, sealed, plain) as FlowNode;
}

/** Seals at rest and opens again; values are JSON-encoded first, so a credential keeps its type (Node-RED's global-config keeps a map). */
export class FlowSecrets {
  constructor(private readonly secrets: Secrets) {}

  private sealOne(value: unknown): SealedValue {
    return { $sealed: this.secrets.encrypt(JSON.stringify(value)) };
  }

  /**
   * Seals every credential, and any other string that contains one of `alsoSecret` (template secrets an older
   * template wrote into ordinary node config, e.g. a switch rule): the whole string is sealed, so unseal() restores it exactly.
   */
  seal(nodes: FlowNode[], alsoSecret: readonly string[] = []): FlowNode[] {
    const credentialsSealed = mapCredentials(nodes, (value) => (hasValue(value) && !isSealed(value) ? this.sealOne(value) : value));
    const secrets = alsoSecret.filter((secret) => secret.length > 0);
    if (!secrets.length) return credentialsSealed;
    return credentialsSealed.map((node) => mapDeep(node, (value) => {
      if (isSealed(value)) return value;
      if (typeof value === 'string' && secrets.some((secret) => value.includes(secret))) return this.sealOne(value);
      return KEEP_WALKING;
    }) as FlowNode);
  }

  /** Opens every sealed value, in credentials or elsewhere: the engine and internal callers see the flow as deployed. */
  unseal(nodes: FlowNode[]): FlowNode[] {
    return mapDeep(nodes, (value) => (isSealed(value) ? this.open(value) : KEEP_WALKING)) as FlowNode[];
  }

  private open(value: SealedValue): unknown {
    try {
      return JSON.parse(this.secrets.decrypt(value.$sealed)) as unknown;
    } catch (error) {
      // GCM authentication fails when the key differs: say which setting to check rather than "unable to authenticate data".
      throw new Error(`a sealed flow credential cannot be opened (${error instanceof Error ? error.message : String(error)}); TRADELANE_SECRET (or DATA/secret.key) must be the one the data directory was written with`, { cause: error });
    }
  }

  /** True when a string outside credentials still contains one of `secrets` in clear. */
  static containsPlain(nodes: FlowNode[], secrets: readonly string[]): boolean {
    const wanted = secrets.filter((secret) => secret.length > 0);
    return wanted.length > 0 && containsDeep(nodes, (value) => typeof value === 'string' && wanted.some((secret) => value.includes(secret)));
  }
}
