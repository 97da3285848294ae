// Checks a flow before it reaches Node-RED: known types, positions, wires, unique ids and node config against schemas.
import type { AnyNodeDescriptor, ConfigValidator } from '../../nodes/sdk/index.js';
import type { FlowDocument } from './flow-types.js';
import type { DeployAccess } from '../security/deploy-access.js';
import { securityProblems } from '../security/flow-security.js';
import { checkFlowGraph, type GraphCheckContext } from './flow-graph-checks.js';
import { maskFieldProblems } from '../store/mask-fields.js';

export interface FlowProblem {
  nodeId: string;
  path: string;
  message: string;
}

const ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

export interface ValidationContext extends GraphCheckContext {
  descriptors: ReadonlyMap<string, AnyNodeDescriptor>;
  validator: ConfigValidator;
  /** Node id -> owning flow id for every deployed flow, to catch ids that collide across flows. */
  deployedNodeOwners: ReadonlyMap<string, string>;
  /** The caller: node types that need a permission it lacks are refused. */
  access: DeployAccess;
  /** Real path of the files root: static file names of file nodes must resolve inside it. */
  filesRoot: string;
}

/** Returns every problem found; an empty list means Node-RED can run the flow. */
export function validateFlow(flow: FlowDocument, context: ValidationContext): FlowProblem[] {
  const graph = checkFlowGraph(flow, context);
  const problems: FlowProblem[] = [...graph.problems];
  const add = (nodeId: string, path: string, message: string) => problems.push({ nodeId, path, message });

  if (!ID_PATTERN.test(flow.id)) add(flow.id, '$.id', 'flow id must be 1-64 letters, digits, ".", "_" or "-"');
  const ids = new Set<string>();
  const tabs = flow.nodes.filter((node) => node.type === 'tab');
  if (tabs.length > 1) add(flow.id, '$', `a flow holds exactly one tab, found ${tabs.length}; deploy each tab as its own flow`);
  for (const tab of tabs) for (const problem of maskFieldProblems(tab.maskFields, '$.maskFields')) add(flow.id, problem.path, problem.message);

  flow.nodes.forEach((node, index) => {
    const nodeId = typeof node.id === 'string' ? node.id : `#${index}`;
    if (typeof node.id !== 'string' || !node.id) {
      add(nodeId, '$.id', 'every node needs a string id');
      return;
    }
    if (ids.has(node.id)) add(node.id, '$.id', `duplicate node id "${node.id}"`);
    ids.add(node.id);
    const owner = context.deployedNodeOwners.get(node.id);
    if (owner !== undefined && owner !== flow.id) add(node.id, '$.id', `node id "${node.id}" is already used in flow "${owner}"`);
  });

  for (const node of flow.nodes) {
    if (typeof node.id !== 'string' || node.type === 'tab') continue;
    const descriptor = context.descriptors.get(node.type);
    if (!descriptor) {
      add(node.id, '$.type', `unknown node type "${node.type}"`);
      continue;
    }
    if (!descriptor.configNode) {
      // Node-RED treats a node without x/y as a config node and silently refuses to start the flow.
      if (typeof node.x !== 'number' || !Number.isFinite(node.x)) add(node.id, '$.x', 'position x is required (a number)');
      if (typeof node.y !== 'number' || !Number.isFinite(node.y)) add(node.id, '$.y', 'position y is required (a number)');
    }
    const wires = node.wires ?? [];
    if (!Array.isArray(wires) || wires.some((port) => !Array.isArray(port))) {
      add(node.id, '$.wires', 'wires must be an array of arrays of node ids');
    } else {
      if (descriptor.origin === 'tradelane' && wires.length > descriptor.outputs.length) {
        add(node.id, '$.wires', `${node.type} has ${descriptor.outputs.length} output(s) but ${wires.length} are wired`);
      }
      wires.forEach((targets, port) => targets.forEach((target, position) => {
        if (!ids.has(target)) add(node.id, `$.wires[${port}][${position}]`, `wire points at "${target}", which is not a node of this flow`);
      }));
    }
    if (graph.tooDeep.has(node.id)) continue; // the schema validator recurses: a node nested too deeply would overflow it
    for (const problem of context.validator.check(node.type, node).problems) add(node.id, problem.path, problem.message);
  }
  problems.push(...securityProblems(flow, { access: context.access, filesRoot: context.filesRoot, otherFlowIds: new Set(context.deployedNodeOwners.values()) }));
  return problems;
}
