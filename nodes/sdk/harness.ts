// Node test harness: runs one descriptor in isolation, without Node-RED, and captures outputs, errors and status.
import { randomUUID } from 'node:crypto';
import type { AnyNodeDescriptor, NodeBehaviour } from './descriptor.js';
import type { NodeContext, NodeStatus, RuntimeServices } from './context.js';
import { ConfigValidator } from './config-validation.js';
import { NodeError } from './errors.js';
import { invokeInput } from './invoke.js';
import type { NodeOutput, TradelaneMessage } from './message.js';
import { createMemoryServices, type MemoryServices } from './memory-services.js';

export interface HarnessResult {
  /** Messages per output port, in the order they were sent. */
  outputs: TradelaneMessage[][];
  error?: NodeError;
}

export interface NodeHarness {
  readonly services: MemoryServices;
  readonly statuses: NodeStatus[];
  /** Messages the node sent outside an input handler (timers, HTTP intake, queue workers), per port. */
  readonly emitted: TradelaneMessage[][];
  /** Sends one message in and waits for the handler to finish. A correlationId is added if missing. */
  send(msg: Partial<TradelaneMessage>): Promise<HarnessResult>;
  close(): Promise<void>;
}

/** Spreads a Node-RED style output onto per-port arrays. */
export function collectOutput(output: NodeOutput, ports: TradelaneMessage[][]): void {
  if (output === null || output === undefined) return;
  const perPort = Array.isArray(output) ? output : [output];
  perPort.forEach((entry, port) => {
    if (entry === null || entry === undefined) return;
    const target = ports[port] ?? (ports[port] = []);
    for (const msg of Array.isArray(entry) ? entry : [entry]) if (msg) target.push(msg);
  });
}

export interface HarnessOptions {
  services?: Partial<RuntimeServices>;
  credentials?: Record<string, string>;
  nodeId?: string;
  flowId?: string;
}

/** Creates the node the way the runtime would: config checked against its schema, defaults applied. */
export async function createNodeHarness(descriptor: AnyNodeDescriptor, properties: Record<string, unknown> = {}, options: HarnessOptions = {}): Promise<NodeHarness> {
  if (!descriptor.create) throw new Error(`${descriptor.type} is a Node-RED core node; test it inside a runtime`);
  const { config, problems } = new ConfigValidator([descriptor]).check(descriptor.type, properties);
  if (problems.length) {
    throw new NodeError('INVALID_CONFIG', `invalid config for ${descriptor.type}: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, { details: problems });
  }
  const services = createMemoryServices(options.services);
  const statuses: NodeStatus[] = [];
  const emitted: TradelaneMessage[][] = descriptor.outputs.map(() => []);
  const nodeId = options.nodeId ?? `${descriptor.type}-1`;
  const silent = () => undefined;
  const context: NodeContext = {
    nodeId,
    flowId: options.flowId ?? 'flow-1',
    nodeType: descriptor.type,
    name: typeof properties.name === 'string' ? properties.name : '',
    log: { debug: silent, info: silent, warn: silent, error: silent },
    services,
    credentials: options.credentials ?? {},
    status: (status) => statuses.push(status),
    send: (output) => collectOutput(output, emitted),
  };
  const behaviour: NodeBehaviour = await descriptor.create(context, config);

  return {
    services,
    statuses,
    emitted,
    async send(partial) {
      const msg = { payload: undefined, ...partial, correlationId: partial.correlationId ?? randomUUID() } as TradelaneMessage;
      const outputs: TradelaneMessage[][] = descriptor.outputs.map(() => []);
      const helpers = { send: (output: NodeOutput) => collectOutput(output, outputs), status: context.status };
      const error = await invokeInput(behaviour, msg, helpers, { nodeId, nodeType: descriptor.type }, () => services.clock.now());
      return error ? { outputs, error } : { outputs };
    },
    async close() {
      await behaviour.onClose?.();
    },
  };
}
