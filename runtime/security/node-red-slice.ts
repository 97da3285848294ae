// The slice of Node-RED's node API ("RED") and node instances that the contained core nodes use; @node-red ships no types.

export type NodeRedSend = (output: unknown) => void;
export type NodeRedDone = (error?: Error) => void;
export type InputHandler = (msg: Record<string, unknown>, send: NodeRedSend, done: NodeRedDone) => void;

export interface NodeRedContextStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  keys(): string[];
}

export interface NodeRedNode {
  id: string;
  z: string;
  name?: string;
  on(event: 'input', handler: InputHandler): void;
  on(event: 'close', handler: (removed: boolean, done: () => void) => void): void;
  on(event: string, handler: (...args: never[]) => void): void;
  status(status: Record<string, unknown>): void;
  log(text: string): void;
  warn(text: string): void;
  error(error: unknown, msg?: unknown): void;
  context(): NodeRedContextStore & { flow: NodeRedContextStore; global: NodeRedContextStore };
}

export type NodeRedConstructor = (this: NodeRedNode, config: Record<string, unknown>) => void;

export interface NodeRedApi {
  nodes: {
    createNode(node: NodeRedNode, config: Record<string, unknown>): void;
    registerType(type: string, constructor: NodeRedConstructor, options?: unknown): void;
  };
  util: {
    getSetting(node: NodeRedNode, name: string): unknown;
    evaluateNodeProperty(value: unknown, type: unknown, node: NodeRedNode, msg: unknown, callback: (error: unknown, result: unknown) => void): void;
  };
  settings: Record<string, unknown>;
  _(key: string, substitutions?: Record<string, unknown>): string;
}
