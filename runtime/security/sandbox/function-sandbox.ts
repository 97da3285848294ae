// One V8 isolate per function node (isolated-vm): the body compiled once, each message copied in, the result copied out, a hard timeout.
import { createRequire } from 'node:module';
import type IsolatedVm from 'isolated-vm';

const require = createRequire(import.meta.url);
const ivm = require('isolated-vm') as typeof IsolatedVm;

export type ContextScope = 'node' | 'flow' | 'global';

/** What code inside the isolate may ask of the host; every argument and result crosses as a copy. */
export interface SandboxHost {
  send(output: unknown): void;
  log(level: 'info' | 'warn' | 'error', text: string): void;
  /** node.error(text, msg) or node.done(err): the message fails once the call returns. */
  fail(text: string): void;
  status(status: unknown): void;
  env(name: string): unknown;
  contextGet(scope: ContextScope, key: string): unknown;
  contextSet(scope: ContextScope, key: string, value: unknown): void;
  contextKeys(scope: ContextScope): string[];
}

export interface SandboxOptions {
  source: string;
  initialize?: string;
  finalize?: string;
  nodeId: string;
  nodeName: string;
  memoryLimitMb: number;
  timeoutMs: number;
  host: SandboxHost;
}

export type SandboxFailure = 'FUNCTION_TIMEOUT' | 'FUNCTION_MEMORY' | 'FUNCTION_THREW' | 'FUNCTION_COPY';

export class SandboxError extends Error {
  constructor(readonly code: SandboxFailure, message: string) {
    super(message);
    this.name = 'SandboxError';
  }
}

// Runs once per isolate: the API a Node-RED function body expects, built on host callbacks. Nothing else of the host exists here.
const BOOTSTRAP = `
const [send, log, fail, status, envGet, ctxGet, ctxSet, ctxKeys, id, name] = [$0, $1, $2, $3, $4, $5, $6, $7, $8, $9];
const text = (value) => typeof value === 'string' ? value : value instanceof Error ? value.message : JSON.stringify(value);
const store = (scope) => Object.freeze({
  get: (key) => ctxGet(scope, String(key)),
  set: (key, value) => { ctxSet(scope, String(key), value); },
  keys: () => ctxKeys(scope),
});
const node = Object.freeze({
  id, name,
  send: (output) => { send(output); },
  done: (error) => { if (error !== undefined && error !== null) fail(text(error)); },
  log: (value) => { log('info', text(value)); },
  warn: (value) => { log('warn', text(value)); },
  error: (value, msg) => { if (msg === undefined) log('error', text(value)); else fail(text(value)); },
  status: (value) => { status(value === undefined ? {} : value); },
});
const env = Object.freeze({ get: (key) => envGet(String(key)) });
Object.defineProperties(globalThis, {
  node: { value: node }, env: { value: env },
  context: { value: store('node') }, flow: { value: store('flow') }, global: { value: store('global') },
});
`;

function wrap(body: string, parameters: string): string {
  return `(function (${parameters}) {\n${body}\n})`;
}

/** The body as a handler; a returned promise (async code) is refused with a clear message instead of "could not be cloned". */
function synchronousHandler(body: string): string {
  const inner = wrap(body, 'msg');
  const check = "if (result !== null && typeof result === 'object' && typeof result.then === 'function') throw new Error('function code runs synchronously here: return the message(s) instead of a promise (no async/await, no timers)');";
  // One line before the body, so line numbers in errors match the body's own (lineOffset -1).
  return `(function (msg) { const result = ${inner.slice(0, inner.indexOf('\n'))}${inner.slice(inner.indexOf('\n'))}(msg); ${check} return result; })`;
}

function describe(error: unknown, timeoutMs: number): SandboxError {
  const message = error instanceof Error ? error.message : String(error);
  if (/timed out/i.test(message)) return new SandboxError('FUNCTION_TIMEOUT', `function did not finish within ${timeoutMs} ms and was stopped`);
  if (/memory limit|disposed/i.test(message)) return new SandboxError('FUNCTION_MEMORY', `function exceeded its memory limit and was stopped: ${message}`);
  if (/could not be cloned/i.test(message)) return new SandboxError('FUNCTION_COPY', `function returned or sent a value that is not plain data: ${message}`);
  // The isolate's stack names the body's own line (see lineOffset); the host-side frames say nothing to the author.
  const at = error instanceof Error ? /function-node-.+?\.js:(\d+):(\d+)/.exec(error.stack ?? '') : null;
  return new SandboxError('FUNCTION_THREW', at ? `${message} (line ${at[1]}, column ${at[2]})` : message);
}

export class FunctionSandbox {
  private isolate!: IsolatedVm.Isolate;
  private context!: IsolatedVm.Context;
  private handler!: IsolatedVm.Reference<(msg: unknown) => unknown>;

  /** Compiles the body; a syntax error or a failing initialize throws here, so the node reports it at start. */
  constructor(private readonly options: SandboxOptions) {
    this.build();
    if (options.initialize?.trim()) this.runOnce(options.initialize);
  }

  /** Runs the body on a copy of msg; returns a copy of what it returned (undefined/null: nothing to send). */
  run(msg: Record<string, unknown>): unknown {
    // An isolate that hit its memory limit is gone; the next message gets a fresh one rather than a dead node.
    if (this.isolate.isDisposed) this.build();
    let input: IsolatedVm.Copy<Record<string, unknown>>;
    try {
      input = new ivm.ExternalCopy(msg).copyInto({ release: true });
    } catch (error) {
      throw new SandboxError('FUNCTION_COPY', `the message cannot be copied into the function: ${error instanceof Error ? error.message : String(error)}`);
    }
    try {
      return this.handler.applySync(undefined, [input], { timeout: this.options.timeoutMs, result: { copy: true } });
    } catch (error) {
      throw describe(error, this.options.timeoutMs);
    }
  }

  dispose(): void {
    if (this.options.finalize?.trim() && !this.isolate.isDisposed) {
      try { this.runOnce(this.options.finalize); } catch { /* finalize is best effort: the node is going away */ }
    }
    if (!this.isolate.isDisposed) this.isolate.dispose();
  }

  private build(): void {
    const { host, nodeId, nodeName, memoryLimitMb, source } = this.options;
    this.isolate = new ivm.Isolate({ memoryLimit: memoryLimitMb });
    this.context = this.isolate.createContextSync();
    const callbacks = [
      (output: unknown) => host.send(output),
      (level: 'info' | 'warn' | 'error', text: string) => host.log(level, text),
      (text: string) => host.fail(text),
      (status: unknown) => host.status(status),
      (name: string) => host.env(name),
      (scope: ContextScope, key: string) => host.contextGet(scope, key),
      (scope: ContextScope, key: string, value: unknown) => host.contextSet(scope, key, value),
      (scope: ContextScope) => host.contextKeys(scope),
    ].map((callback) => new ivm.Callback(callback));
    this.context.evalClosureSync(BOOTSTRAP, [...callbacks, nodeId, nodeName], { timeout: this.options.timeoutMs });
    try {
      const script = this.isolate.compileScriptSync(synchronousHandler(source), { filename: `function-node-${nodeId}.js`, lineOffset: -1 });
      this.handler = script.runSync(this.context, { reference: true, timeout: this.options.timeoutMs }) as IsolatedVm.Reference<(msg: unknown) => unknown>;
    } catch (error) {
      this.isolate.dispose();
      throw describe(error, this.options.timeoutMs);
    }
  }

  private runOnce(body: string): void {
    try {
      this.context.evalSync(`${wrap(body, '')}()`, { timeout: this.options.timeoutMs });
    } catch (error) {
      throw describe(error, this.options.timeoutMs);
    }
  }
}
