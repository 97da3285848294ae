// The deploy-time security rules of a flow: node-type permissions of the caller, files-root confinement and http in routes.
import type { FlowDocument } from '../engine/flow-types.js';
import type { FlowProblem } from '../engine/flow-validation.js';
import type { DeployAccess } from './deploy-access.js';
import { fileRootProblems } from './files-root.js';
import { functionSourceProblems } from './function-source.js';
import { flowEndpoints, httpInProblems, type FlowEndpoint } from './http-endpoints.js';
import { openEndpointWarnings, permissionProblems } from './node-permissions.js';

export interface SecurityContext {
  access: DeployAccess;
  /** Real path of the files root. */
  filesRoot: string;
  /** Ids of the other deployed flows (their http in routes share the /hooks namespace). */
  otherFlowIds: Iterable<string>;
}

export function securityProblems(flow: FlowDocument, context: SecurityContext): FlowProblem[] {
  return [
    ...permissionProblems(flow, context.access),
    ...functionSourceProblems(flow),
    ...fileRootProblems(flow, context.filesRoot),
    ...httpInProblems(flow, context.otherFlowIds),
  ];
}

/** What a validate or deploy answer tells besides problems: warnings that do not block, and the URLs the flow serves. */
export interface FlowNotes {
  warnings: FlowProblem[];
  endpoints: FlowEndpoint[];
}

export function flowNotes(flow: FlowDocument): FlowNotes {
  return { warnings: openEndpointWarnings(flow), endpoints: flowEndpoints(flow) };
}
