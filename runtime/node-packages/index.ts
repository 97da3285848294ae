// Loads the node packages outside the source tree at start (TRADELANE_NODES_DIR, tradelane-node-* packages) and logs each outcome.
import type { Logger } from '../logger.js';
import type { AnyNodeDescriptor } from '../../nodes/sdk/index.js';
import { PACKAGE_ROOT } from '../paths.js';
import { discoverNodesDir, discoverNpmPackages, npmSearchRoots } from './discover.js';
import { loadNodePackages, type LoadedNodePackages } from './load-node-packages.js';

export type { LoadedNodePackages, NodePackageRef, NodePackageReport } from './load-node-packages.js';

export interface ExternalNodeOptions {
  /** TRADELANE_NODES_DIR. */
  nodesDir?: string;
  /** Where installed packages are looked for; the runtime's own node_modules and the one it is installed in by default. */
  nodeModulesDirs?: readonly string[];
}

export async function loadExternalNodes(options: ExternalNodeOptions, builtIn: readonly AnyNodeDescriptor[], logger: Logger): Promise<LoadedNodePackages> {
  const candidates = [...(options.nodesDir ? discoverNodesDir(options.nodesDir) : []), ...discoverNpmPackages(options.nodeModulesDirs ?? npmSearchRoots(PACKAGE_ROOT))];
  const loaded = await loadNodePackages(candidates, builtIn);
  for (const found of loaded.packages) {
    const where = { package: found.name, version: found.version, location: found.location };
    if (found.status === 'loaded') logger.info({ ...where, nodes: found.nodes }, `node package ${found.name} loaded: ${found.nodes.join(', ')}`);
    else logger.error({ ...where, error: found.error }, `node package ${found.name} is broken and was skipped: ${found.error}`);
  }
  return loaded;
}
