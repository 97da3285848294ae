// Client-side checks shown on the nodes before deploy: unknown types, config against the node's schema
// (missing required values included), and unwired inputs. Server 400 details are merged in by nodeId.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { NodeCatalogEntry, Problem } from '../api/types';
import type { JSONSchema } from '../../../nodes/sdk/json-schema';
import { fieldLabel } from '../properties/field-label';
import type { TlEdge, TlNode } from './flow-model';
import type { NodeProblem } from './overlay-store';

const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true });
addFormats(ajv);
const compiled = new WeakMap<object, ValidateFunction>();

function validatorFor(descriptor: NodeCatalogEntry): ValidateFunction | null {
  const cached = compiled.get(descriptor.configSchema);
  if (cached) return cached;
  try {
    const validate = ajv.compile(descriptor.configSchema);
    compiled.set(descriptor.configSchema, validate);
    return validate;
  } catch {
    return null; // a schema ajv cannot compile is the server's problem to report
  }
}

/** Problems name the field as the form labels it; `path` keeps the JSON path the API and tests use. */
function describe(error: ErrorObject, schema: JSONSchema): NodeProblem {
  if (error.keyword === 'required') {
    const missing = String((error.params as { missingProperty?: string }).missingProperty ?? '');
    const path = `${error.instancePath}/${missing}`.replace(/^\//, '').replace(/\//g, '.');
    return { severity: 'error', path, message: `${fieldLabel(schema, path)} is required` };
  }
  const path = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  return { severity: 'error', path, message: `${path ? fieldLabel(schema, path) : 'config'} ${error.message ?? 'is invalid'}` };
}

/** Node-RED bookkeeping keys that live next to the config but are not part of the node's schema. */
const HOUSEKEEPING = new Set(['credentials', 'd', 'g', 'info', 'l']);

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

export function validateCanvas(nodes: TlNode[], edges: TlEdge[], catalog: ReadonlyMap<string, NodeCatalogEntry>): Map<string, NodeProblem[]> {
  const wiredTargets = new Set(edges.map((e) => e.target));
  const problems = new Map<string, NodeProblem[]>();
  const add = (id: string, problem: NodeProblem) => problems.set(id, [...(problems.get(id) ?? []), problem]);

  for (const node of nodes) {
    const descriptor = catalog.get(node.data.nodeType);
    if (!descriptor) {
      add(node.id, { severity: 'error', message: `unknown node type "${node.data.nodeType}"` });
      continue;
    }
    // Empty strings count as missing, the way a user reads an empty required field.
    const config = Object.fromEntries(Object.entries(node.data.config).filter(([k, v]) => !isBlank(v) && !HOUSEKEEPING.has(k)));
    const validate = validatorFor(descriptor);
    if (validate && !validate(config)) for (const error of validate.errors ?? []) add(node.id, describe(error, descriptor.configSchema));
    if (descriptor.inputs > 0 && !wiredTargets.has(node.id)) {
      add(node.id, { severity: 'warning', message: 'input is not wired: this node never receives messages' });
    }
  }
  return problems;
}

/** Maps a server 400's details (nodeId + path + message) onto nodes; details without a node stay global. */
export function serverProblemsByNode(details: Problem[], severity: NodeProblem['severity'] = 'error'): { byNode: Map<string, NodeProblem[]>; global: string[] } {
  const byNode = new Map<string, NodeProblem[]>();
  const global: string[] = [];
  for (const detail of details) {
    if (!detail.nodeId) {
      global.push(`${detail.path ? `${detail.path}: ` : ''}${detail.message}`);
      continue;
    }
    byNode.set(detail.nodeId, [...(byNode.get(detail.nodeId) ?? []), { severity, path: detail.path, message: detail.message }]);
  }
  return { byNode, global };
}

export function countErrors(problems: ReadonlyMap<string, NodeProblem[]>): number {
  let count = 0;
  for (const list of problems.values()) count += list.filter((p) => p.severity === 'error').length;
  return count;
}
