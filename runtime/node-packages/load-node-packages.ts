// Imports node packages found outside the source tree and checks their descriptors; a broken package is reported and skipped.
import { pathToFileURL } from 'node:url';
import { compileSchema, createAjv, defineNode, type AnyNodeDescriptor } from '../../nodes/sdk/index.js';
import type { NodePackageCandidate } from './discover.js';

/** Where an external node came from: shown in GET /api/nodes and the designer's node help. */
export interface NodePackageRef {
  name: string;
  version?: string;
  location: string;
  source: NodePackageCandidate['source'];
}

/** One package as the runtime saw it at start. */
export interface NodePackageReport extends NodePackageRef {
  status: 'loaded' | 'broken';
  /** The node types it added (empty when broken). */
  nodes: string[];
  /** Why it was skipped: the file (and line, when known) and the message. */
  error?: string;
}

export interface LoadedNodePackages {
  nodes: Array<{ descriptor: AnyNodeDescriptor; package: NodePackageRef }>;
  packages: NodePackageReport[];
}

class PackageProblem extends Error {}

function isDescriptorLike(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string' && 'configSchema' in value;
}

/** Descriptors among a module's exports: named exports, a default export, or arrays of them (CJS module.exports too). */
function exportedDescriptors(namespace: Record<string, unknown>): Record<string, unknown>[] {
  const values = Object.entries(namespace).flatMap(([key, value]) => {
    if (key === 'default' && value && typeof value === 'object' && !Array.isArray(value) && !isDescriptorLike(value)) return Object.values(value);
    return [value];
  });
  const found = values.flatMap((value) => (Array.isArray(value) ? value : [value])).filter(isDescriptorLike);
  return [...new Set(found)];
}

/** The first stack frame inside the package: "file:line:column" of a syntax or import-time error. */
function locate(error: unknown, location: string): string {
  const stack = error instanceof Error ? error.stack ?? '' : '';
  const frame = stack.split('\n').map((line) => /(file:\/\/[^\s)]+|\/[^\s():]+:\d+:\d+)/.exec(line)?.[1]).find((where) => where !== undefined && decodeURI(where).includes(location));
  const message = error instanceof Error ? error.message : String(error);
  return frame ? `${decodeURI(frame).replace(/^file:\/\//, '')}: ${message}` : message;
}

/** Checks what defineNode() checks, plus what a deploy relies on: an implementation and a compilable config schema. */
function checkDescriptor(raw: Record<string, unknown>, file: string): AnyNodeDescriptor {
  const descriptor = raw as unknown as AnyNodeDescriptor;
  try {
    defineNode(descriptor);
  } catch (error) {
    throw new PackageProblem(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof descriptor.create !== 'function') throw new PackageProblem(`${file}: node "${descriptor.type}" has no create(): an external node must implement itself`);
  try {
    compileSchema(createAjv({ useDefaults: true }), descriptor.configSchema);
  } catch (error) {
    throw new PackageProblem(`${file}: node "${descriptor.type}": configSchema is not a valid JSON Schema: ${error instanceof Error ? error.message : String(error)}`);
  }
  // An external package presents itself as implemented here, whatever origin it claimed.
  return { ...descriptor, origin: 'tradelane' };
}

async function importEntry(file: string, location: string): Promise<Record<string, unknown>[]> {
  let namespace: Record<string, unknown>;
  try {
    namespace = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    throw new PackageProblem(`import failed: ${locate(error, location)}`);
  }
  const found = exportedDescriptors(namespace);
  if (!found.length) throw new PackageProblem(`${file}: exports no node descriptor (export the result of defineNode() from "tradelane/sdk")`);
  return found;
}

async function loadPackage(candidate: NodePackageCandidate, taken: ReadonlyMap<string, string>): Promise<AnyNodeDescriptor[]> {
  if (candidate.problem) throw new PackageProblem(candidate.problem);
  const descriptors: AnyNodeDescriptor[] = [];
  for (const file of candidate.entries) {
    for (const raw of await importEntry(file, candidate.location)) descriptors.push(checkDescriptor(raw, file));
  }
  const own = new Set<string>();
  for (const { type } of descriptors) {
    const owner = taken.get(type);
    if (owner) throw new PackageProblem(`node type "${type}" is already defined by ${owner}`);
    if (own.has(type)) throw new PackageProblem(`node type "${type}" is defined twice in this package`);
    own.add(type);
  }
  return descriptors;
}

function refOf(candidate: NodePackageCandidate): NodePackageRef {
  return { name: candidate.name, ...(candidate.version ? { version: candidate.version } : {}), location: candidate.location, source: candidate.source };
}

/** Loads every candidate in order; a package whose import, descriptors or types fail adds nothing and is reported. */
export async function loadNodePackages(candidates: readonly NodePackageCandidate[], builtIn: readonly AnyNodeDescriptor[]): Promise<LoadedNodePackages> {
  const taken = new Map(builtIn.map((descriptor) => [descriptor.type, 'a built-in node']));
  const result: LoadedNodePackages = { nodes: [], packages: [] };
  for (const candidate of candidates) {
    const ref = refOf(candidate);
    try {
      const descriptors = await loadPackage(candidate, taken);
      for (const descriptor of descriptors) {
        taken.set(descriptor.type, `package ${candidate.name}`);
        result.nodes.push({ descriptor, package: ref });
      }
      result.packages.push({ ...ref, status: 'loaded', nodes: descriptors.map((descriptor) => descriptor.type) });
    } catch (error) {
      // Whatever went wrong (a module may throw anything), the package is skipped, never the runtime stopped.
      result.packages.push({ ...ref, status: 'broken', nodes: [], error: error instanceof Error ? error.message : String(error) });
    }
  }
  return result;
}
