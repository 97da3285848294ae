// Deploy-time check of function node code: a syntax error is a located problem at deploy, not a node that fails every message.
import { Script } from 'node:vm';
import type { FlowDocument } from '../engine/flow-types.js';
import type { FlowProblem } from '../engine/flow-validation.js';

const CODE_PROPERTIES = ['func', 'initialize', 'finalize'] as const;

/** Compiles (never runs) each body the way the sandbox wraps it; node:vm is fine for parsing, it is no boundary for running. */
export function functionSourceProblems(flow: FlowDocument): FlowProblem[] {
  const problems: FlowProblem[] = [];
  for (const node of flow.nodes) {
    if (node.type !== 'function') continue;
    // Node-RED's "setup" tab can import modules into the function; inside the sandbox there is no require at all.
    if (Array.isArray(node.libs) && node.libs.length) problems.push({ nodeId: node.id, path: '$.libs', message: 'modules cannot be loaded into a function node: the sandbox has no require; use a Tradelane node or ask for one' });
    for (const property of CODE_PROPERTIES) {
      const body = node[property];
      if (typeof body !== 'string' || !body.trim()) continue;
      try {
        new Script(`(function (msg) {\n${body}\n})`, { filename: `${node.id}.${property}` });
      } catch (error) {
        problems.push({ nodeId: node.id, path: `$.${property}`, message: `does not compile: ${error instanceof Error ? error.message : String(error)}` });
      }
    }
  }
  return problems;
}
