// Variable scopes of the compiled engine: one frame per block with bindings and per lambda call, chained to the top.
import { createSequence, type Dict } from './values.js';

/** What one evaluation shares: bindings, built-ins, limits, and (made on first use) the timestamp and native focus. */
export class EvaluationContext {
  depth = 0;
  readonly started: number;
  private stamp: Date | undefined;
  private nativeFocus: NativeFocus | undefined;

  constructor(readonly globals: Dict, readonly bindings: Record<string, unknown> | undefined, readonly limits: EvaluationLimits | undefined) {
    this.started = limits ? Date.now() : 0;
  }

  /** Fixed for the evaluation once read, as jsonata-js fixes it per evaluate() ($now, $millis). */
  get timestamp(): Date {
    return (this.stamp ??= new Date());
  }

  /** The `this` jsonata-js hands built-in functions. */
  get focus(): NativeFocus {
    if (!this.nativeFocus) {
      const globals = this.globals;
      const environment = Object.defineProperty({ lookup: (name: string) => globals[name] }, 'timestamp', { get: () => this.timestamp }) as NativeFocus['environment'];
      this.nativeFocus = { environment, input: undefined, options: undefined, createSequence };
    }
    return this.nativeFocus;
  }
}

export interface EvaluationLimits {
  timeout?: number;
  stack?: number;
}

export interface NativeFocus {
  environment: { timestamp: Date; lookup(name: string): unknown };
  input: unknown;
  options: undefined;
  createSequence: (...items: unknown[]) => unknown[];
}

export class Frame {
  readonly vars: Dict = Object.create(null) as Dict;
  /** Set on a lambda call's frame: the evaluation depth when the call started (tail calls resume from it). */
  tailDepth?: number;

  constructor(readonly parent: Frame | undefined, readonly context: EvaluationContext) {}

  bind(name: string, value: unknown): void {
    this.vars[name] = value;
  }

  lookup(name: string): unknown {
    if (name in this.vars) return this.vars[name];
    for (let frame = this.parent; frame; frame = frame.parent) {
      if (name in frame.vars) return frame.vars[name];
    }
    // The caller's bindings sit under the top frame (jsonata-js copies them into it; reading them in place is cheaper).
    const bindings = this.context.bindings;
    if (bindings && Object.prototype.hasOwnProperty.call(bindings, name)) return bindings[name];
    return this.context.globals[name];
  }

  /** The depth jsonata-js would be at for a tail call here: its trampoline has unwound the caller's nodes. */
  callDepth(): number | undefined {
    if (this.tailDepth !== undefined) return this.tailDepth;
    for (let frame = this.parent; frame; frame = frame.parent) if (frame.tailDepth !== undefined) return frame.tailDepth;
    return undefined;
  }

  child(): Frame {
    return new Frame(this, this.context);
  }
}
