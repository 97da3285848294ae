// Variable scopes of the compiled engine: one frame per block with bindings and per lambda call, chained to the top.
import type { Dict } from './values.js';

/** What one evaluation shares: the native focus (this for built-in functions) and the evaluation's timestamp. */
export interface EvaluationContext {
  timestamp: Date;
  /** The `this` jsonata-js hands built-in functions. */
  focus: NativeFocus;
  /** Built-ins and engine-level functions ($now, $millis) when no frame binds the name. */
  globals: Dict;
  /** Guardrails for guarded programs (jsonata's timeout and stack options). */
  limits?: EvaluationLimits;
  depth: number;
  started: number;
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
