// Shared set-up for the containment attack tests: a real runtime, an admin and an analyst token, and small flow builders.
import { startRuntime, type RuntimeProcess, type StartOptions } from '../support/runtime-process.js';

export interface Attackable {
  runtime: RuntimeProcess;
  admin: string;
  analyst: string;
}

export type Node = Record<string, unknown> & { id: string; type: string };

export async function startAttackable(options: StartOptions = {}): Promise<Attackable> {
  const runtime = await startRuntime({ args: ['--no-demo'], ...options });
  const admin = await runtime.login();
  const created = await runtime.api('POST', '/api/users', { username: 'anna', password: 'analyst-password', role: 'analyst' }, admin);
  if (created.status !== 201) throw new Error(`creating the analyst failed: ${created.status} ${JSON.stringify(created.body)}`);
  return { runtime, admin, analyst: await runtime.login('anna', 'analyst-password') };
}

/** A tab plus nodes placed on it (x/y and z filled in). */
export function flow(id: string, nodes: Node[]): Node[] {
  return [{ id, type: 'tab', label: id }, ...nodes.map((node, index) => ({ x: 100 + index * 150, y: 100, wires: [], ...node, z: id }))];
}

/** http in -> [middle] -> http response, with a catch that answers 500 with the error message. */
export function endpointFlow(id: string, url: string, middle: Node[]): Node[] {
  const first = middle[0]?.id ?? `${id}-out`;
  const chained = middle.map((node, index) => ({ ...node, wires: [[middle[index + 1]?.id ?? `${id}-out`]] }));
  return flow(id, [
    { id: `${id}-in`, type: 'http in', url, method: 'get', wires: [[first]] },
    ...chained,
    { id: `${id}-out`, type: 'http response' },
    { id: `${id}-catch`, type: 'catch', scope: null, y: 300, wires: [[`${id}-fail`]] },
    { id: `${id}-fail`, type: 'change', y: 300, rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'error.message', tot: 'msg' }, { t: 'set', p: 'statusCode', pt: 'msg', to: '500', tot: 'num' }], wires: [[`${id}-out`]] },
  ]);
}

export interface DeployAnswer {
  id?: string;
  version?: number;
  error?: string;
  details?: Array<{ nodeId?: string; path?: string; message: string }>;
  warnings?: Array<{ nodeId: string; path: string; message: string }>;
  endpoints?: Array<{ nodeId: string; method: string; url: string }>;
}

export async function deploy(runtime: RuntimeProcess, token: string, nodes: Node[]): Promise<{ status: number; body: DeployAnswer }> {
  const id = nodes[0]!.id;
  return runtime.api<DeployAnswer>('PUT', `/api/flows/${id}`, { flow: nodes }, token);
}

export async function getText(url: string): Promise<{ status: number; text: string }> {
  const response = await fetch(url);
  return { status: response.status, text: await response.text() };
}

/**
 * Deploys and returns where the flow's first http in answers: the effective URL from the deploy answer, or the url as
 * written when the answer has none (the runtime before /hooks), so an attack test fails by succeeding, not by a 404.
 */
export async function deployEndpoint(runtime: RuntimeProcess, token: string, nodes: Node[]): Promise<{ status: number; body: DeployAnswer; url: string }> {
  const answer = await deploy(runtime, token, nodes);
  const entry = nodes.find((node) => node.type === 'http in')!;
  const effective = answer.body.endpoints?.find((endpoint) => endpoint.nodeId === entry.id)?.url ?? String(entry.url);
  return { ...answer, url: `${runtime.url}${effective}` };
}
