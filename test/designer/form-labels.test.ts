// Unit tests of what the generated forms call a field: core-node titles, problem wording by label, and the x-show-when predicate.
import { describe, expect, it } from 'vitest';
import { fieldLabel } from '../../designer/src/properties/field-label.js';
import type { AnyNodeDescriptor } from '../../nodes/sdk/index.js';
import { coreNodes } from '../../nodes/sdk/core-nodes/index.js';
import { humanise } from '../../nodes/sdk/core-nodes/core-field-titles.js';
import type { JSONSchema } from '../../nodes/sdk/json-schema.js';
import { isShown } from '../../designer/src/properties/show-when.js';
import { intakeNode } from '../../nodes/supplier-portal/intake-node.js';

function core(type: string): AnyNodeDescriptor {
  const descriptor = coreNodes.find((node) => node.type === type);
  if (!descriptor) throw new Error(`no core node ${type}`);
  return descriptor;
}

/** Every property title of a schema, nested ones included, keyed by path. */
function titles(schema: JSONSchema, prefix = ''): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(schema.properties ?? {}).flatMap(([key, child]) => [
    [`${prefix}${key}`, child.title],
    ...Object.entries(titles(child.items ?? child, `${prefix}${key}.`)),
  ]));
}

describe('core-node field titles', () => {
  it('labels the Node-RED keys analysts could not read', () => {
    expect(titles(core('debug').configSchema)).toMatchObject({ tosidebar: 'Debug window', console: 'System console', targetType: 'Output type' });
    expect(titles(core('inject').configSchema)).toMatchObject({ props: 'Message properties', 'props.p': 'Property', 'props.v': 'Value', 'props.vt': 'Value type' });
    expect(titles(core('change').configSchema)).toMatchObject({ 'rules.t': 'Action', 'rules.tot': 'Value type', 'rules.pt': 'Property type' });
    expect(titles(core('switch').configSchema)).toMatchObject({ 'rules.t': 'Operator' });
  });

  it('gives every property of every core node a title, nested ones included', () => {
    const untitled = coreNodes.flatMap((node) => Object.entries(titles(node.configSchema)).filter(([, title]) => !title).map(([path]) => `${node.type}.${path}`));
    expect(untitled).toEqual([]);
  });

  it('humanises a key the vocabulary does not know', () => {
    expect(humanise('onceDelay')).toBe('Once delay');
    expect(humanise('as_num')).toBe('As num');
  });
});

describe('field labels for problems', () => {
  it('names a top-level field by its title', () => {
    expect(fieldLabel(intakeNode.configSchema, 'partnerId')).toBe('Partner id');
  });

  it('labels nested paths through arrays, falling back to the key', () => {
    const schema = core('change').configSchema;
    expect(fieldLabel(schema, 'rules.0.tot')).toBe('Rules › Value type');
    expect(fieldLabel(schema, 'rules.0.nope')).toBe('Rules › nope');
  });
});

describe('x-show-when', () => {
  const properties = intakeNode.configSchema.properties!;
  it('shows HMAC fields only for hmac (and partner, which may sign), the API key header only for api-key and partner', () => {
    const shown = (auth: string | undefined) => Object.keys(properties).filter((key) => isShown(properties[key]!, { auth }, properties));
    expect(shown('api-key')).toContain('apiKeyHeader');
    expect(shown('api-key')).not.toContain('signatureHeader');
    expect(shown('hmac')).toEqual(expect.arrayContaining(['timestampHeader', 'signatureHeader', 'replayWindowSeconds']));
    expect(shown('hmac')).not.toContain('apiKeyHeader');
    expect(shown('none').filter((key) => /Header|replay/.test(key))).toEqual([]);
    // An unset sibling counts as its default (api-key).
    expect(shown(undefined)).toContain('apiKeyHeader');
    expect(shown(undefined)).not.toContain('timestampHeader');
  });
});
