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
  /** Implementation; absent for core Node-RED nodes, which Node-RED implements itself. */
  create?(ctx: NodeContext, config: Config): NodeBehaviour | Promise<NodeBehaviour>;
}

// Descriptors are stored in one heterogeneous catalog, so the config type is erased there.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the catalog holds descriptors of every config type
export type AnyNodeDescriptor = NodeDescriptor<any>;

const TYPE_NAME = /^[a-z][a-z0-9-]*( [a-z0-9-]+)*$/;

/** Declares a node. Checks the descriptor's own shape early so a broken node fails at import, not at deploy. */
export function defineNode<Config>(descriptor: NodeDescriptor<Config>): NodeDescriptor<Config> {
  const problems: string[] = [];
  if (!TYPE_NAME.test(descriptor.type)) problems.push(`type "${descriptor.type}" must be lower-case words`);
  if (!descriptor.label) problems.push('label is required');
  if (descriptor.configSchema.type !== 'object') problems.push('configSchema must be an object schema');
  if (descriptor.origin === 'tradelane' && !descriptor.create) problems.push('a tradelane node needs create()');
  if (descriptor.outputs.some((port) => !port.label)) problems.push('every output needs a label');
  if (problems.length) throw new Error(`defineNode(${descriptor.type}): ${problems.join('; ')}`);
  return Object.freeze(descriptor);
}
