// The slice of jsonata-js's parsed AST (jsonata(expr).ast()) the compiler reads; every field is optional because node kinds differ.

export interface AstStage {
  type: string;
  expr: AstNode;
  position?: number;
  value?: unknown;
}

export interface AstGroup {
  lhs: [AstNode, AstNode][];
  position?: number;
}

export interface AstSignature {
  validate(args: unknown[], context: unknown): unknown[];
}

export interface AstNode {
  type: string;
  value?: unknown;
  position?: number;
  steps?: AstNode[];
  stages?: AstStage[];
  predicate?: AstStage[];
  group?: AstGroup;
  keepArray?: boolean;
  keepSingletonArray?: boolean;
  consarray?: boolean;
  lhs?: AstNode | [AstNode, AstNode][];
  rhs?: AstNode;
  expression?: AstNode;
  expressions?: AstNode[];
  condition?: AstNode;
  then?: AstNode;
  else?: AstNode;
  procedure?: AstNode;
  arguments?: AstNode[];
  body?: AstNode;
  signature?: AstSignature;
  thunk?: boolean;
  focus?: unknown;
  index?: unknown;
  tuple?: unknown;
  ancestor?: unknown;
  seekingParent?: unknown;
}

/** The compiled form of one node: evaluate against the context item in a frame; a Promise only if something was async. */
export type Evaluator = (input: unknown, frame: import('./frame.js').Frame) => unknown;

/** Compiles a child node (passed down so the node compilers do not import the dispatcher). */
export type Compile = (node: AstNode) => Evaluator;
