// Turns a test case's input into the dry run's entry node and message: an HTTP request as an intake would read it, or a message at a chosen node.
import type { OutboundResponse, TradelaneMessage } from '../../nodes/sdk/index.js';
import { NodeError } from '../../nodes/sdk/index.js';
import { formatOf, parseBody } from '../../nodes/supplier-portal/request-body.js';
import type { FlowDocument, FlowNode } from '../engine/flow-types.js';
import type { TestInput } from './test-case.js';

/** A test input that does not fit the flow, located in the case. */
export class TestInputError extends Error {
  constructor(message: string, readonly path: string) {
    super(message);
  }
}

const INTAKE_TYPES = new Set(['tl-intake', 'http in']);
/** Id of the extra node a message input enters through (it passes the message to the chosen node's input). */
export const INJECT_ID = '~inject';

export interface PreparedInput {
  /** Node the message is delivered to (the intake itself, or the inject node in front of the chosen node). */
  entry: string;
  /** Nodes to add to the flow for this input. */
  extraNodes: FlowNode[];
  message(res: OutboundResponse): TradelaneMessage;
}

function requireNode(flow: FlowDocument, nodeId: string, path: string): FlowNode {
  const node = flow.nodes.find((candidate) => candidate.id === nodeId && candidate.type !== 'tab');
  if (!node) throw new TestInputError(`node "${nodeId}" is not in the flow`, path);
  return node;
}

function lowerCased(headers: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
}

/** The body as the intake's parser would hand it on: JSON as given, text parsed by its Content-Type. */
function payloadOf(body: unknown, headers: Record<string, string>, intake: FlowNode): { payload: unknown; contentType: string } {
  if (typeof body !== 'string') return { payload: body ?? {}, contentType: 'json' };
  const format = formatOf(headers['content-type'], Buffer.from(body));
  if (!format) throw new TestInputError(`content type "${headers['content-type'] ?? ''}" is not one an intake reads (json, xml, csv, x12, edifact)`, 'input.headers.content-type');
  try {
    const delimiter = typeof intake.csvDelimiter === 'string' ? intake.csvDelimiter : ',';
    return { payload: parseBody(format, Buffer.from(body), { csvDelimiter: delimiter }).payload, contentType: format };
  } catch (error) {
    if (error instanceof NodeError) throw new TestInputError(error.message, 'input.body');
    throw error;
  }
}

function httpEntry(flow: FlowDocument, input: Extract<TestInput, { kind: 'http' }>, correlationId: string): PreparedInput {
  const intake = input.node ? requireNode(flow, input.node, 'input.node') : flow.nodes.find((node) => INTAKE_TYPES.has(node.type));
  if (!intake) throw new TestInputError('the flow has no intake (tl-intake or http in) node: send a message input at a chosen node instead', 'input');
  const headers = lowerCased(input.headers);
  const { payload, contentType } = payloadOf(input.body, headers, intake);
  const method = (input.method ?? 'POST').toUpperCase();
  const path = input.path ?? (typeof intake.path === 'string' ? `/partners/${String(intake.partnerId ?? '')}/${intake.path}` : String(intake.url ?? '/'));
  return {
    entry: intake.id,
    extraNodes: [],
    message: (res) => ({
      correlationId: headers['x-correlation-id'] ?? correlationId,
      payload, contentType, dryRun: true, res,
      ...(typeof intake.partnerId === 'string' ? { partnerId: intake.partnerId } : {}),
      ...(headers['idempotency-key'] ? { idempotencyKey: headers['idempotency-key'] } : {}),
      req: { method, url: path, path, headers, body: payload, query: {}, params: {} },
    }),
  };
}

function messageEntry(flow: FlowDocument, input: Extract<TestInput, { kind: 'message' }>, correlationId: string): PreparedInput {
  const target = requireNode(flow, input.node, 'input.node');
  const inject: FlowNode = { id: INJECT_ID, type: 'change', z: flow.id, x: 0, y: 0, rules: [], wires: [[target.id]] };
  return {
    entry: INJECT_ID,
    extraNodes: [inject],
    message: (res) => ({ correlationId, payload: {}, ...structuredClone(input.message), dryRun: true, res }),
  };
}

export function prepareInput(flow: FlowDocument, input: TestInput, correlationId: string): PreparedInput {
  return input.kind === 'http' ? httpEntry(flow, input, correlationId) : messageEntry(flow, input, correlationId);
}
