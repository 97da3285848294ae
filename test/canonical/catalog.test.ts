// The canonical node catalog: well-formed descriptors whose docs cover every config field and whose defaults validate.
import { describe, expect, it } from 'vitest';
import { ConfigValidator } from '../../nodes/sdk/index.js';
import { canonicalNodes } from '../../nodes/canonical/index.js';

describe('canonicalNodes', () => {
  it('holds the five canonical nodes with unique tl- types', () => {
    expect(canonicalNodes.map((node) => node.type)).toEqual(['tl-validate', 'tl-transform', 'tl-xref', 'tl-tolerance', 'tl-match']);
    for (const node of canonicalNodes) {
      expect(node.origin).toBe('tradelane');
      expect(node.category).toBe('canonical');
      expect(node.inputs).toBe(1);
    }
  });

  it.each(canonicalNodes.map((node) => [node.type, node] as const))('%s documents every config field by its form title', (_type, node) => {
    for (const [name, property] of Object.entries(node.configSchema.properties ?? {})) {
      expect(property.title, `${name} needs a title`).toBeTruthy();
      expect(node.docs, `docs of ${node.type} should explain "${property.title}"`).toContain(`**${property.title}**`);
    }
    expect(node.docs).toMatch(/### Outputs?/);
  });

  it('rejects configs that break the schema, with JSON paths', () => {
    const validator = new ConfigValidator(canonicalNodes);
    expect(validator.check('tl-validate', { schema: 'Shipment', onInvalid: 'drop' }).problems.map((p) => p.path)).toEqual(['$.schema', '$.onInvalid']);
    expect(validator.check('tl-tolerance', { quantityPct: -1 }).problems).toEqual([{ path: '$.quantityPct', message: 'must be >= 0' }]);
    expect(validator.check('tl-xref', { table: 'items', key: 'supplierItem', mode: 'uom-convert' }).problems).toEqual([]);
  });
});
