// The JSONata-to-closure compiler: jsonata-js parses, this compiles the AST; see docs/decisions.md for the subset and fallback.
export { compileAst, enginesReady, type CompiledProgram, type CompileOutcome } from './engine.js';
export type { EvaluationLimits } from './frame.js';
export { fromMillisNow } from './natives.js';
export { isCodedError } from './values.js';
