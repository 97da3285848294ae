// The node catalog: every descriptor keeps the SDK's conventions (checked by checkConventions), and the canonical nodes validate their configs.
import { describe, expect, it } from 'vitest';
import { checkConventions, ConfigValidator, formatViolations } from '../../nodes/sdk/index.js';
import { builtInNodes } from '../../nodes/catalog.js';
import { canonicalNodes } from '../../nodes/canonical/index.js';

describe('the built-in catalog', () => {
  it('keeps every convention: one-sentence summaries, titled and explained fields, documented outputs', () => {
    const violations = checkConventions(builtInNodes);
    expect(formatViolations(violations), 'fix the descriptors named below').toBe('');
  });

  it('holds the canonical nodes as tradelane nodes with one input', () => {
    expect(canonicalNodes.length).toBeGreaterThan(0);
    for (const node of canonicalNodes) {
      expect(node.origin).toBe('tradelane');
      expect(node.category).toBe('canonical');
      expect(node.inputs).toBe(1);
    }
  });
});

describe('canonical config validation', () => {
  it('rejects configs that break the schema, with JSON paths', () => {
    const validator = new ConfigValidator(canonicalNodes);
    expect(validator.check('tl-validate', { schema: 'Shipment', onInvalid: 'drop' }).problems.map((p) => p.path)).toEqual(['$.schema', '$.onInvalid']);
    expect(validator.check('tl-tolerance', { quantityPct: -1 }).problems).toEqual([{ path: '$.quantityPct', message: 'must be >= 0' }]);
    expect(validator.check('tl-xref', { table: 'items', key: 'supplierItem', mode: 'uom-convert' }).problems).toEqual([]);
  });
});
