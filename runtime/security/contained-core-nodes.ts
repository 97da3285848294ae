// The core node files Node-RED must never load as shipped, and the contained replacements the runtime registers in their place.
import { CONFINED_CORE_FILES, registerConfinedFileNodes } from './confined-file-nodes.js';
import type { NodeRedApi } from './node-red-slice.js';
import { registerSandboxedFunction } from './sandbox/sandboxed-function-node.js';

/**
 * settings.nodesExcludes (matched by file name in @node-red/registry):
 * - 90-exec.js runs shell commands: never loaded, so "exec" is an unknown type and refused at validation;
 * - 10-function.js runs code in node:vm, which is no boundary: replaced by the isolate-backed "function";
 * - the file and watch nodes: loaded again below, behind the files-root guard.
 */
export const EXCLUDED_CORE_FILES: readonly string[] = ['90-exec.js', '10-function.js', ...CONFINED_CORE_FILES];

export interface ContainmentOptions {
  /** @node-red/nodes' directory (settings.coreNodesDir). */
  coreNodesDir: string;
  /** Real path of the files root (prepareFilesRoot). */
  realFilesRoot: string;
}

export function registerContainedCoreNodes(RED: NodeRedApi, options: ContainmentOptions): void {
  registerSandboxedFunction(RED);
  registerConfinedFileNodes(RED, options.coreNodesDir, options.realFilesRoot);
}
