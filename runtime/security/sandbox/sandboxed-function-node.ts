// Tradelane's `function` node type: Node-RED's function API, run inside a FunctionSandbox instead of node:vm.
import type { InputHandler, NodeRedApi, NodeRedContextStore, NodeRedNode, NodeRedSend } from '../node-red-slice.js';
import { FunctionSandbox, type ContextScope, type SandboxHost } from './function-sandbox.js';

export const DEFAULT_FUNCTION_TIMEOUT_MS = 1000;
const MAX_FUNCTION_TIMEOUT_MS = 60_000;
const MEMORY_LIMIT_MB = 32;

/** Node-RED's `timeout` is in seconds, 0 meaning none; here 0 or absent means the default, and every call is bounded. */
export function functionTimeoutMs(timeout: unknown): number {
  const seconds = Number(timeout);
  if (!Number.isFinite(seconds) || seconds <= 0) return DEFAULT_FUNCTION_TIMEOUT_MS;
  return Math.min(seconds * 1000, MAX_FUNCTION_TIMEOUT_MS);
}

/** msg.req and msg.res hold sockets: they stay on the host and are put back on every message the function emits. */
const HOST_ONLY = ['req', 'res'] as const;

function copyable(msg: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...msg };
  for (const key of HOST_ONLY) delete copy[key];
  return copy;
}

function restoreMessage(value: unknown, original: Record<string, unknown>): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const msg = value as Record<string, unknown>;
  for (const key of HOST_ONLY) if (original[key] !== undefined && msg[key] === undefined) msg[key] = original[key];
  // Buffers cross the boundary as Uint8Array; downstream nodes check Buffer.isBuffer.
  if (msg.payload instanceof Uint8Array && !Buffer.isBuffer(msg.payload)) msg.payload = Buffer.from(msg.payload.buffer, msg.payload.byteOffset, msg.payload.byteLength);
  return msg;
}

/** Restores every message of a Node-RED send() value: one msg, or per output a msg or an array of msgs. */
function restoreOutput(output: unknown, original: Record<string, unknown>): unknown {
  if (!Array.isArray(output)) return restoreMessage(output, original);
  return output.map((port: unknown) => (Array.isArray(port) ? port.map((msg: unknown) => restoreMessage(msg, original)) : restoreMessage(port, original)));
}

interface CurrentCall {
  msg: Record<string, unknown>;
  send: NodeRedSend;
  failure?: string;
}

function createHost(RED: NodeRedApi, node: NodeRedNode, current: () => CurrentCall | undefined): SandboxHost {
  const store = (scope: ContextScope): NodeRedContextStore => (scope === 'node' ? node.context() : node.context()[scope]);
  return {
    send: (output) => {
      const call = current();
      // Outside a call (never, while functions are synchronous) there is no message to attach req/res from.
      if (call) call.send(restoreOutput(output, call.msg));
    },
    log: (level, text) => (level === 'info' ? node.log(text) : level === 'warn' ? node.warn(text) : node.error(text)),
    fail: (text) => {
      const call = current();
      if (call && call.failure === undefined) call.failure = text;
    },
    status: (status) => node.status(status !== null && typeof status === 'object' ? (status as Record<string, unknown>) : {}),
    // Flow (tab) env first, then the process env, from which Node-RED hides everything but the allow-list.
    env: (name) => RED.util.getSetting(node, name),
    contextGet: (scope, key) => store(scope).get(key),
    contextSet: (scope, key, value) => store(scope).set(key, value),
    contextKeys: (scope) => store(scope).keys(),
  };
}

export function registerSandboxedFunction(RED: NodeRedApi): void {
  const SandboxedFunction = function (this: NodeRedNode, config: Record<string, unknown>): void {
    RED.nodes.createNode(this, config);
    // Node-RED constructs nodes with `this`; the handlers below outlive the constructor call.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const node = this;
    let call: CurrentCall | undefined;
    let sandbox: FunctionSandbox | undefined;
    let startFailure: Error | undefined;
    try {
      sandbox = new FunctionSandbox({
        source: typeof config.func === 'string' ? config.func : '',
        initialize: typeof config.initialize === 'string' ? config.initialize : '',
        finalize: typeof config.finalize === 'string' ? config.finalize : '',
        nodeId: node.id,
        nodeName: typeof config.name === 'string' ? config.name : '',
        memoryLimitMb: MEMORY_LIMIT_MB,
        timeoutMs: functionTimeoutMs(config.timeout),
        host: createHost(RED, node, () => call),
      });
    } catch (error) {
      startFailure = new Error(`function failed to start: ${error instanceof Error ? error.message : String(error)}`);
      node.status({ fill: 'red', shape: 'ring', text: 'failed to start' });
      node.error(startFailure);
    }

    const onInput: InputHandler = (msg, send, done) => {
      if (!sandbox) {
        done(startFailure);
        return;
      }
      call = { msg, send };
      try {
        const result = sandbox.run(copyable(msg));
        if (result !== undefined && result !== null) send(restoreOutput(result, msg));
        done(call.failure === undefined ? undefined : new Error(call.failure));
      } catch (error) {
        done(error instanceof Error ? error : new Error(String(error)));
      } finally {
        call = undefined;
      }
    };
    node.on('input', onInput);
    node.on('close', (_removed: boolean, done: () => void) => {
      sandbox?.dispose();
      done();
    });
  };
  RED.nodes.registerType('function', SandboxedFunction);
}
