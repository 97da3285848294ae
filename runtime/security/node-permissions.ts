// Which node types need which permission to be deployed (NiFi-style restricted components), and the open-endpoint warnings.
import type { FlowDocument, FlowNode } from '../engine/flow-types.js';
import type { FlowProblem } from '../engine/flow-validation.js';
import type { DeployAccess } from './deploy-access.js';
import type { Permission } from './permissions.js';

interface Restriction {
  permission: Permission;
  /** Completes 'node type "X" ... and needs the permission P'. */
  reason: string;
  applies(node: FlowNode): boolean;
}

const always = () => true;
const isOpenIntake = (node: FlowNode) => node.auth === 'none';

const RESTRICTED: Readonly<Record<string, Restriction>> = {
  function: { permission: 'deploy.code', reason: 'runs code on the server', applies: always },
  file: { permission: 'deploy.filesystem', reason: 'writes files on the server', applies: always },
  'file in': { permission: 'deploy.filesystem', reason: 'reads files on the server', applies: always },
  watch: { permission: 'deploy.filesystem', reason: 'watches files on the server', applies: always },
  'http in': { permission: 'deploy.open-endpoint', reason: 'opens an HTTP endpoint without partner authentication', applies: always },
  'tl-intake': { permission: 'deploy.open-endpoint', reason: 'with auth "none" opens an endpoint without partner authentication', applies: isOpenIntake },
};

function restrictionOf(node: FlowNode): Restriction | undefined {
  const restriction = Object.hasOwn(RESTRICTED, node.type) ? RESTRICTED[node.type] : undefined;
  return restriction?.applies(node) ? restriction : undefined;
}

/** One located problem per node the caller may not deploy. */
export function permissionProblems(flow: FlowDocument, access: DeployAccess): FlowProblem[] {
  const problems: FlowProblem[] = [];
  for (const node of flow.nodes) {
    const restriction = restrictionOf(node);
    if (!restriction || access.permissions.includes(restriction.permission)) continue;
    problems.push({
      nodeId: node.id,
      path: '$.type',
      message: `node type "${node.type}" ${restriction.reason} and needs the permission ${restriction.permission}, which role "${access.role}" does not have`,
    });
  }
  return problems;
}

/** Open endpoints are allowed for callers with deploy.open-endpoint, but always reported: anyone who knows the URL can call them. */
export function openEndpointWarnings(flow: FlowDocument): FlowProblem[] {
  return flow.nodes
    .filter((node) => restrictionOf(node)?.permission === 'deploy.open-endpoint')
    .map((node) => ({ nodeId: node.id, path: node.type === 'tl-intake' ? '$.auth' : '$.type', message: `node type "${node.type}" opens an endpoint that anyone who knows its URL can call, without partner authentication` }));
}
