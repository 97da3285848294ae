// Mask-field settings of partners and flows: what a valid field name is, and the per-flow list the ledger reads synchronously.
import type { JSONSchema } from '../../nodes/sdk/index.js';
import type { FlowNode } from '../engine/flow-types.js';

/** A field name, not a path or a pattern: the ledger masks every field of that name, at any depth, case-insensitively. */
export const MASK_FIELD_PATTERN = '^[A-Za-z_][A-Za-z0-9_-]{0,63}$';
export const MAX_MASK_FIELDS = 100;

export const MASK_FIELDS_SCHEMA: JSONSchema = {
  type: 'array',
  maxItems: MAX_MASK_FIELDS,
  uniqueItems: true,
  items: { type: 'string', pattern: MASK_FIELD_PATTERN },
  description: 'Payload field names whose values the ledger stores as "***" (any depth, JSON and XML element names, case-insensitive), in addition to the runtime\'s TRADELANE_LEDGER_MASK_FIELDS.',
};

const FIELD = new RegExp(MASK_FIELD_PATTERN);

/** Located problems of a maskFields setting (of a flow's tab); empty when it is absent or valid. */
export function maskFieldProblems(value: unknown, path: string): Array<{ path: string; message: string }> {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return [{ path, message: 'must be a list of field names' }];
  if (value.length > MAX_MASK_FIELDS) return [{ path, message: `must hold at most ${MAX_MASK_FIELDS} field names` }];
  const problems: Array<{ path: string; message: string }> = [];
  value.forEach((field, index) => {
    if (typeof field !== 'string' || !FIELD.test(field)) problems.push({ path: `${path}[${index}]`, message: 'must be a field name (letters, digits, "_" or "-", starting with a letter or "_"), not a path or pattern' });
  });
  return problems;
}

/** The maskFields of a flow's tab node, when it holds a valid list. */
export function maskFieldsOfFlow(nodes: readonly FlowNode[]): string[] {
  const tab = nodes.find((node) => node.type === 'tab');
  const value = tab?.maskFields;
  return Array.isArray(value) && !maskFieldProblems(value, '$').length ? [...value as string[]] : [];
}

/** The running flows' mask fields, kept current on start and deploy, for the ledger's synchronous lookup. */
export class FlowMaskFields {
  private readonly byFlow = new Map<string, readonly string[]>();

  set(flowId: string, nodes: readonly FlowNode[]): void {
    const fields = maskFieldsOfFlow(nodes);
    if (fields.length) this.byFlow.set(flowId, Object.freeze(fields));
    else this.byFlow.delete(flowId);
  }

  of(flowId: string): readonly string[] {
    return this.byFlow.get(flowId) ?? [];
  }
}
