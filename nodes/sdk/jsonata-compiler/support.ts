// Decides whether an expression is in the compiled subset; the first construct outside it is the fallback reason.
import type { AstNode, AstStage } from './ast.js';
import { BINARY_OPERATORS } from './operators.js';

const COMPILED_TYPES = new Set(['path', 'binary', 'unary', 'name', 'string', 'number', 'value', 'wildcard', 'descendant', 'condition', 'block', 'bind', 'function', 'variable', 'lambda', 'apply']);

const UNSUPPORTED_TYPES: Record<string, string> = {
  parent: 'the parent operator % is not compiled',
  regex: 'regular expressions are not compiled',
  transform: 'the transform operator |...| is not compiled',
  sort: 'the order-by operator ^(...) is not compiled',
  partial: 'partial application ($f(?, x)) is not compiled',
};

/** Variables jsonata-js resolves from its evaluator rather than a function table. */
const UNSUPPORTED_FUNCTIONS: Record<string, string> = { eval: '$eval is not compiled (it needs the interpreter)' };

function nodeReason(node: AstNode): string | undefined {
  if (!COMPILED_TYPES.has(node.type)) return UNSUPPORTED_TYPES[node.type] ?? `the construct "${node.type}" is not compiled`;
  if (node.index !== undefined) return 'index variable binding (#$i) is not compiled';
  if (node.focus !== undefined) return 'focus variable binding (@$x) is not compiled';
  if (node.ancestor !== undefined || node.seekingParent !== undefined) return 'the parent operator % is not compiled';
  if (node.tuple !== undefined) return 'focus or index variable binding (@, #) is not compiled';
  if (node.type === 'binary' && !BINARY_OPERATORS.has(node.value as string)) return `the operator ${String(node.value)} is not compiled`;
  if (node.type === 'unary' && !['-', '[', '{'].includes(node.value as string)) return `the operator ${String(node.value)} is not compiled`;
  if (node.type === 'variable' && typeof node.value === 'string' && UNSUPPORTED_FUNCTIONS[node.value]) return UNSUPPORTED_FUNCTIONS[node.value];
  return undefined;
}

function stagesReason(stages: AstStage[] | undefined): string | undefined {
  for (const stage of stages ?? []) {
    if (stage.type !== 'filter') return stage.type === 'index' ? 'index variable binding (#$i) is not compiled' : `the stage "${stage.type}" is not compiled`;
    const reason = unsupportedReason(stage.expr);
    if (reason) return reason;
  }
  return undefined;
}

function childNodes(node: AstNode): AstNode[] {
  const children: AstNode[] = [];
  const add = (child: AstNode | undefined): void => { if (child) children.push(child); };
  node.steps?.forEach(add);
  node.expressions?.forEach(add);
  node.arguments?.forEach(add);
  [node.expression, node.condition, node.then, node.else, node.procedure, node.body, node.rhs].forEach(add);
  if (Array.isArray(node.lhs)) for (const [key, value] of node.lhs) { add(key); add(value); }
  else add(node.lhs);
  for (const [key, value] of node.group?.lhs ?? []) { add(key); add(value); }
  return children;
}

/** Undefined when the whole expression compiles; otherwise why it runs on jsonata-js. */
export function unsupportedReason(node: AstNode): string | undefined {
  const own = nodeReason(node) ?? stagesReason(node.stages) ?? stagesReason(node.predicate);
  if (own) return own;
  for (const child of childNodes(node)) {
    const reason = unsupportedReason(child);
    if (reason) return reason;
  }
  return undefined;
}
