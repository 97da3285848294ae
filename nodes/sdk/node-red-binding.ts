// Registers SDK descriptors as Node-RED node types: config check, async create, wrapped input and close handlers.
import type { AnyNodeDescriptor, NodeBehaviour } from './descriptor.js';
import type { NodeContext, NodeLogger, NodeStatus, RuntimeServices } from './context.js';
import type { ConfigValidator } from './config-validation.js';
import { NodeError, toNodeError } from './errors.js';
import { describeFailure, invokeInput, notStartedError } from './invoke.js';
import type { NodeOutput, TradelaneMessage } from './message.js';

/** The slice of a Node-RED node instance the binding uses. */
export interface RedNodeInstance {
  id: string;
  z: string;
  type: string;
  name?: string;
  credentials?: Record<string, string | undefined>;
  on(event: 'input', handler: (msg: TradelaneMessage, send: (output: NodeOutput) => void, done: (error?: Error) => void) => void): void;
  on(event: 'close', handler: (removed: boolean, done: () => void) => void): void;
  send(output: NodeOutput): void;
  status(status: NodeStatus | Record<string, never>): void;
  error(error: unknown, msg?: unknown): void;
}

/** The slice of Node-RED's node API ("RED") the binding uses. */
export interface RedNodeApi {
  nodes: {
    createNode(node: RedNodeInstance, definition: Record<string, unknown>): void;
    registerType(type: string, constructor: (this: RedNodeInstance, definition: Record<string, unknown>) => void, options?: { credentials?: Record<string, { type: 'text' | 'password' }> }): void;
  };
}

export interface BindingOptions {
  services: RuntimeServices;
  validator: ConfigValidator;
  loggerFor(nodeId: string, nodeType: string): NodeLogger;
}

type StartResult = { behaviour: NodeBehaviour } | { failure: unknown };

function credentialFields(descriptor: AnyNodeDescriptor): Record<string, { type: 'text' | 'password' }> | undefined {
  const properties = descriptor.credentialsSchema?.properties;
  if (!properties) return undefined;
  const fields: Record<string, { type: 'text' | 'password' }> = {};
  for (const [name, schema] of Object.entries(properties)) fields[name] = { type: schema['x-secret'] ? 'password' : 'text' };
  return fields;
}

function registerOne(RED: RedNodeApi, descriptor: AnyNodeDescriptor, options: BindingOptions): void {
  const create = descriptor.create;
  if (create === undefined) return; // core Node-RED nodes are implemented by Node-RED itself
  const { services, validator } = options;

  const TradelaneNode = function (this: RedNodeInstance, definition: Record<string, unknown>): void {
    RED.nodes.createNode(this, definition);
    // Node-RED constructs nodes with `this`; the closures below outlive the constructor call.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const node: RedNodeInstance = this;
    const identity = { nodeId: node.id, nodeType: descriptor.type };
    const { config, problems } = validator.check(descriptor.type, definition);
    const context: NodeContext = {
      nodeId: node.id,
      flowId: node.z,
      nodeType: descriptor.type,
      name: typeof definition.name === 'string' ? definition.name : '',
      log: options.loggerFor(node.id, descriptor.type),
      services,
      credentials: node.credentials ?? {},
      status: (status) => node.status(status),
      send: (output) => node.send(output),
    };

    const started: Promise<StartResult> = (problems.length
      ? Promise.reject(new NodeError('INVALID_CONFIG', `invalid config: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, { details: problems }))
      : Promise.resolve().then(() => create(context, config))
    ).then(
      (behaviour) => ({ behaviour }),
      (failure: unknown) => {
        node.status({ fill: 'red', shape: 'ring', text: 'failed to start' });
        node.error(notStartedError(failure));
        return { failure };
      },
    );

    node.on('input', (msg, send, done) => {
      void started
        .then(async (start) => {
          if ('failure' in start) {
            const error = notStartedError(start.failure);
            msg.failure = describeFailure(error, identity, new Date(services.clock.now()));
            done(error);
            return;
          }
          const error = await invokeInput(start.behaviour, msg, { send, status: context.status }, identity, () => services.clock.now());
          done(error);
        })
        .catch((unexpected: unknown) => done(toNodeError(unexpected)));
    });

    node.on('close', (_removed, done) => {
      void started
        .then((start) => ('behaviour' in start ? start.behaviour.onClose?.() : undefined))
        .catch((error: unknown) => context.log.error('close failed', { error: toNodeError(error).message }))
        .finally(() => done());
    });
  };

  const credentials = credentialFields(descriptor);
  RED.nodes.registerType(descriptor.type, TradelaneNode, credentials ? { credentials } : undefined);
}

/** Registers every implemented descriptor with Node-RED. Called once, from the runtime's Node-RED node package. */
export function registerWithNodeRed(RED: RedNodeApi, descriptors: Iterable<AnyNodeDescriptor>, options: BindingOptions): void {
  for (const descriptor of descriptors) registerOne(RED, descriptor, options);
}
