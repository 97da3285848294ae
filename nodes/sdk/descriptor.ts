// defineNode() and the descriptor type: the single source for registration, config validation, palette, forms and docs.
import type { JSONSchema } from './json-schema.js';
import type { NodeContext, NodeStatus } from './context.js';
import type { NodeOutput, TradelaneMessage } from './message.js';

export interface OutputPort {
  label: string;
}

/** What one input handler gets besides the message. */
export interface InputHelpers {
  /** Sends part of the result early; anything returned from onInput is sent as well. */
  send(output: NodeOutput): void;
  status(status: NodeStatus): void;
}

export interface NodeBehaviour {
  /** Handles one message. Return what to send (Node-RED send() convention). Throwing reports a coded error. */
  onInput?(msg: TradelaneMessage, helpers: InputHelpers): NodeOutput | Promise<NodeOutput>;
  onClose?(): void | Promise<void>;
}

/**
 * Whether a node changes anything outside the message it hands on.
 * 'external': it sends to a partner or the ERP, writes a file, answers a request or stores a record operators act on;
 * a template dry run never runs such a node (it captures what the node would have sent).
 * 'none': its only effect is on the message (reads, lookups and in-runtime state such as queues count as 'none').
 */
export type SideEffects = 'none' | 'external';

export const SIDE_EFFECTS: readonly SideEffects[] = ['none', 'external'];

/** Upgrades a stored config written for an older version of the node; throw when it cannot be upgraded. */
export type ConfigMigration = (fromVersion: number, config: Record<string, unknown>) => Record<string, unknown>;

export interface NodeDescriptor<Config = Record<string, unknown>> {
  /** Node-RED type name, e.g. "tl-validate". */
  type: string;
  /** Palette group, e.g. "intake", "canonical", "reliability", "erp", "edi", "core". */
  category: string;
  label: string;
  /** One line for the palette tooltip. */
  summary: string;
  color?: string;
  icon?: string;
  inputs: 0 | 1;
  outputs: OutputPort[];
  /** JSON Schema for the node's properties (excluding id, type, x, y, z, wires, name). */
  configSchema: JSONSchema;
  credentialsSchema?: JSONSchema;
  /** Markdown help shown in the designer and generated into docs/nodes. */
  docs: string;
  /** "node-red" for core nodes we only describe; "tradelane" for nodes we implement. */
  origin: 'tradelane' | 'node-red';
  /** Config nodes have no position or wires (Node-RED treats a node without x/y as a config node). */
  configNode?: boolean;
  /** Required: what the node does outside its message (see SideEffects). */
  sideEffects: SideEffects;
  /** The config schema's version, a positive integer (default 1). Raise it when stored configs need migrate(). */
  version?: number;
  /**
   * Upgrades a stored node config from an older version to this one, at load, before deploy. Gets the node's
   * properties (config fields plus id, type, x, y, z, wires, name) and returns them upgraded.
   */
  migrate?: ConfigMigration;
  /** Implementation; absent for core Node-RED nodes, which Node-RED implements itself. */
  create?(ctx: NodeContext, config: Config): NodeBehaviour | Promise<NodeBehaviour>;
}

// Descriptors are stored in one heterogeneous catalog, so the config type is erased there.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the catalog holds descriptors of every config type
export type AnyNodeDescriptor = NodeDescriptor<any>;

const TYPE_NAME = /^[a-z][a-z0-9-]*( [a-z0-9-]+)*$/;

/** The node's config version: its declared version, or 1. */
export function nodeVersion(descriptor: Pick<NodeDescriptor, 'version'>): number {
  return descriptor.version ?? 1;
}

/** Declares a node. Checks the descriptor's own shape early so a broken node fails at import, not at deploy. */
export function defineNode<Config>(descriptor: NodeDescriptor<Config>): NodeDescriptor<Config> {
  const problems: string[] = [];
  if (!TYPE_NAME.test(descriptor.type)) problems.push(`type "${descriptor.type}" must be lower-case words`);
  if (!descriptor.label) problems.push('label is required');
  if (descriptor.configSchema.type !== 'object') problems.push('configSchema must be an object schema');
  if (descriptor.origin === 'tradelane' && !descriptor.create) problems.push('a tradelane node needs create()');
  if (descriptor.outputs.some((port) => !port.label)) problems.push('every output needs a label');
  if (!SIDE_EFFECTS.includes(descriptor.sideEffects)) problems.push(`sideEffects is required: 'none' or 'external' (got ${JSON.stringify(descriptor.sideEffects)})`);
  if (descriptor.version !== undefined && !(Number.isInteger(descriptor.version) && descriptor.version >= 1)) problems.push(`version must be an integer >= 1 (got ${JSON.stringify(descriptor.version)})`);
  if (descriptor.migrate !== undefined && typeof descriptor.migrate !== 'function') problems.push('migrate must be a function (fromVersion, config) => config');
  if (problems.length) throw new Error(`defineNode(${descriptor.type}): ${problems.join('; ')}`);
  return Object.freeze(descriptor);
}
