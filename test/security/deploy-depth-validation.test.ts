// Flows reach validation without the API too (templates, the store, the CLI): a node nested 100,000 levels deep is a located problem, not a crash.
import { tmpdir } from 'node:os';
import { describe, expect, test } from 'vitest';
import { ConfigValidator } from '../../nodes/sdk/index.js';
import { builtInNodes } from '../../nodes/catalog.js';
import { validateFlow } from '../../runtime/engine/flow-validation.js';
import type { FlowDocument } from '../../runtime/engine/flow-types.js';
import { SYSTEM_ACCESS } from '../../runtime/security/deploy-access.js';

function nested(levels: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i++) value = { inner: value };
  return value;
}

const context = { descriptors: new Map(builtInNodes.map((d) => [d.type, d])), validator: new ConfigValidator(builtInNodes), deployedNodeOwners: new Map<string, string>(), access: SYSTEM_ACCESS, filesRoot: tmpdir() };

describe('flow validation and deep node properties', () => {
  test.each([3_000, 100_000])('a node property nested %i levels deep is reported, located, without overflowing the stack', (levels) => {
    const flow: FlowDocument = { id: 'deep', label: 'deep', nodes: [
      { id: 'deep', type: 'tab' },
      { id: 'deep-validate', type: 'tl-validate', z: 'deep', x: 1, y: 1, wires: [], schema: 'inline', inlineSchema: nested(levels) },
    ] };
    expect(validateFlow(flow, context)).toEqual([{ nodeId: 'deep-validate', path: '$.inlineSchema', message: 'nests deeper than 64 levels' }]);
  });

  test('ordinary nesting passes', () => {
    const flow: FlowDocument = { id: 'shallow', label: 'shallow', nodes: [
      { id: 'shallow', type: 'tab' },
      { id: 'shallow-validate', type: 'tl-validate', z: 'shallow', x: 1, y: 1, wires: [], schema: 'inline', inlineSchema: { type: 'object', properties: { a: { type: 'object', properties: { b: { type: 'string' } } } } } },
    ] };
    expect(validateFlow(flow, context)).toEqual([]);
  });
});
