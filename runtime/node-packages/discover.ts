// Finds node packages outside the source tree: entries of TRADELANE_NODES_DIR and installed tradelane-node-* packages.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** One package (or single file) that may hold node descriptors, before anything of it is imported. */
export interface NodePackageCandidate {
  /** The package.json name, or the file name of a bare module. */
  name: string;
  version?: string;
  /** Where it was found: its folder, or the file itself. */
  location: string;
  source: 'nodes-dir' | 'npm';
  /** The module files to import; empty when the manifest names none that exist (reported as broken). */
  entries: string[];
  /** Set when the package cannot even be read (unreadable package.json, missing entry). */
  problem?: string;
}

interface Manifest {
  name?: unknown;
  version?: unknown;
  main?: unknown;
  exports?: unknown;
  tradelane?: { nodes?: unknown };
}

const MODULE_FILE = /\.(?:js|mjs|cjs)$/;
const NPM_PREFIX = 'tradelane-node-';

function readManifest(dir: string): Manifest | Error | undefined {
  const file = path.join(dir, 'package.json');
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  } catch (error) {
    return new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The files a package declares: `tradelane.nodes`, else its `exports` "." string, else `main`, else index.js. */
function declaredEntries(manifest: Manifest): string[] {
  const nodes = manifest.tradelane?.nodes;
  if (Array.isArray(nodes)) return nodes.filter((entry): entry is string => typeof entry === 'string');
  if (typeof manifest.exports === 'string') return [manifest.exports];
  const dot = (manifest.exports as Record<string, unknown> | undefined)?.['.'];
  if (typeof dot === 'string') return [dot];
  if (typeof manifest.main === 'string') return [manifest.main];
  return ['index.js'];
}

function packageCandidate(dir: string, source: NodePackageCandidate['source'], manifest: Manifest | Error): NodePackageCandidate {
  const fallbackName = path.basename(dir);
  if (manifest instanceof Error) return { name: fallbackName, location: dir, source, entries: [], problem: manifest.message };
  const name = typeof manifest.name === 'string' ? manifest.name : fallbackName;
  const version = typeof manifest.version === 'string' ? manifest.version : undefined;
  const entries = declaredEntries(manifest).map((entry) => path.resolve(dir, entry));
  const missing = entries.filter((entry) => !existsSync(entry));
  const problem = entries.length === 0 ? `${path.join(dir, 'package.json')}: "tradelane.nodes" lists no module file`
    : missing.length ? `${missing.join(', ')}: no such file (is the package built? run its "build" script)` : undefined;
  return { name, ...(version ? { version } : {}), location: dir, source, entries, ...(problem ? { problem } : {}) };
}

/** Every subfolder of the nodes directory is a package; every .js/.mjs/.cjs file a module of its own. */
export function discoverNodesDir(dir: string): NodePackageCandidate[] {
  if (!existsSync(dir)) return [{ name: path.basename(dir), location: dir, source: 'nodes-dir', entries: [], problem: `TRADELANE_NODES_DIR ${dir}: no such directory` }];
  return readdirSync(dir).sort().flatMap((entry): NodePackageCandidate[] => {
    const full = path.join(dir, entry);
    if (entry.startsWith('.') || entry === 'node_modules') return [];
    if (statSync(full).isDirectory()) return [packageCandidate(full, 'nodes-dir', readManifest(full) ?? {})];
    return MODULE_FILE.test(entry) ? [{ name: entry.replace(MODULE_FILE, ''), location: full, source: 'nodes-dir', entries: [full] }] : [];
  });
}

function packageDirs(nodeModules: string): string[] {
  if (!existsSync(nodeModules)) return [];
  return readdirSync(nodeModules).sort().flatMap((entry) => {
    if (entry.startsWith('.')) return [];
    const full = path.join(nodeModules, entry);
    if (!entry.startsWith('@')) return [full];
    return readdirSync(full).sort().map((scoped) => path.join(full, scoped));
  });
}

/** Installed packages named tradelane-node-* (scoped too) or whose package.json has a "tradelane" key. */
export function discoverNpmPackages(nodeModulesDirs: readonly string[]): NodePackageCandidate[] {
  const seen = new Set<string>();
  return nodeModulesDirs.flatMap((nodeModules) => packageDirs(nodeModules).flatMap((dir): NodePackageCandidate[] => {
    const manifest = readManifest(dir);
    const named = path.basename(dir).startsWith(NPM_PREFIX);
    if (manifest === undefined || (!named && (manifest instanceof Error || manifest.tradelane === undefined))) return [];
    if (!(manifest instanceof Error) && manifest.name === 'tradelane') return [];
    const candidate = packageCandidate(dir, 'npm', manifest);
    if (seen.has(candidate.name)) return [];
    seen.add(candidate.name);
    return [candidate];
  }));
}

/** The node_modules folders to search: the runtime's own, and the one it is installed in (a project depending on it). */
export function npmSearchRoots(packageRoot: string): string[] {
  const roots = [path.join(packageRoot, 'node_modules')];
  const parent = path.dirname(packageRoot);
  if (path.basename(parent) === 'node_modules') roots.push(parent);
  else if (path.basename(path.dirname(parent)) === 'node_modules' && path.basename(parent).startsWith('@')) roots.push(path.dirname(parent));
  return roots;
}
