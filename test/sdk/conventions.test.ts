// Each catalog convention fires on a descriptor that breaks it, names the node and the field or output, and stays quiet on a good one.
import { describe, expect, it } from 'vitest';
import { checkConventions, defineNode, type AnyNodeDescriptor, type NodeDescriptor } from '../../nodes/sdk/index.js';

const good = defineNode({
  type: 'acme-enrich', category: 'custom', label: 'enrich', summary: 'Adds the customer record to the message, e.g. its credit limit.', inputs: 1, sideEffects: 'none',
  outputs: [{ label: 'enriched' }, { label: 'unknown customer' }],
  configSchema: {
    type: 'object',
    properties: {
      table: { type: 'string', title: 'Customer table', description: 'Cross-reference table with one row per customer.' },
      strict: { type: 'boolean', title: 'Strict', default: false },
    },
  },
  docs: 'Looks the customer up. With **Strict**, a missing customer is an error.\n\n### Outputs\n\n1. **enriched**: the message with msg.customer.\n2. **unknown customer**: no row matched.',
  origin: 'tradelane',
  create: () => ({}),
});

function variant(change: Partial<NodeDescriptor>): AnyNodeDescriptor {
  return { ...good, ...change };
}

function rulesBroken(node: AnyNodeDescriptor) {
  return checkConventions([node]).map(({ rule, message }) => ({ rule, message }));
}

describe('checkConventions', () => {
  it('finds nothing wrong with a descriptor that follows every convention', () => {
    expect(checkConventions([good])).toEqual([]);
  });

  it('summary-one-sentence: empty, unterminated, several sentences or several lines', () => {
    expect(rulesBroken(variant({ summary: '' }))).toEqual([{ rule: 'summary-one-sentence', message: 'summary is empty' }]);
    expect(rulesBroken(variant({ summary: 'Adds the customer' }))).toEqual([{ rule: 'summary-one-sentence', message: 'summary must end with a full stop' }]);
    expect(rulesBroken(variant({ summary: 'Adds the customer. Then it waits.' }))).toEqual([{ rule: 'summary-one-sentence', message: 'summary must be one sentence (put the rest in docs)' }]);
    expect(rulesBroken(variant({ summary: 'Adds\nthe customer.' }))).toEqual([{ rule: 'summary-one-sentence', message: 'summary spans several lines' }]);
    expect(rulesBroken(variant({ summary: `${'very '.repeat(50)}long.` }))[0]).toMatchObject({ rule: 'summary-one-sentence', message: expect.stringContaining('keep it under 200') });
  });

  it('field-title: a field without a title, named', () => {
    const untitled = variant({ configSchema: { type: 'object', properties: { table: { type: 'string', description: 'The table.' } } } });
    expect(rulesBroken(untitled)).toEqual([{ rule: 'field-title', message: 'config field "table" needs a title (the form\'s label)' }]);
  });

  it('field-described: a field with neither a description nor a mention in the docs', () => {
    const unexplained = variant({ configSchema: { type: 'object', properties: { limit: { type: 'integer', title: 'Limit' } } } });
    expect(rulesBroken(unexplained)).toEqual([{ rule: 'field-described', message: 'config field "limit" needs a description, or docs that explain **Limit**' }]);
    expect(rulesBroken({ ...unexplained, docs: `${good.docs}\n\n\`limit\` caps the rows.` })).toEqual([]);
  });

  it('outputs-documented: every output by its label, or an Outputs section for a single one', () => {
    expect(rulesBroken(variant({ docs: 'Looks up **Strict** customers. The enriched message goes out.' }))).toEqual([
      { rule: 'outputs-documented', message: 'docs do not describe output "unknown customer": name it in an "### Outputs" section or in the text' },
    ]);
    const single = variant({ outputs: [{ label: 'out' }], docs: 'Looks up **Strict** customers.' });
    expect(rulesBroken(single).map((violation) => violation.rule)).toEqual(['outputs-documented']);
    expect(rulesBroken({ ...single, docs: 'Looks up **Strict** customers.\n\n### Output\n\nThe message with msg.customer.' })).toEqual([]);
  });

  it('docs-present and unique-type, and names the node that breaks a rule', () => {
    expect(rulesBroken(variant({ outputs: [], docs: ' ' }))).toEqual([
      { rule: 'docs-present', message: 'docs are empty' },
      { rule: 'field-described', message: 'config field "strict" needs a description, or docs that explain **Strict**' },
    ]);
    expect(checkConventions([good, variant({ label: 'again' })])).toEqual([{ type: 'acme-enrich', rule: 'unique-type', message: 'type "acme-enrich" is declared twice' }]);
  });

  it('show-when-known: a display hint must name a sibling property and values it can take', () => {
    const hinted = (hint: Record<string, unknown[]>) => variant({ configSchema: { type: 'object', properties: {
      auth: { type: 'string', enum: ['api-key', 'hmac'], title: 'Authentication', description: 'How partners sign in.' },
      signatureHeader: { type: 'string', title: 'Signature header', description: 'Carries the signature.', 'x-show-when': hint },
    } } });
    expect(rulesBroken(hinted({ auth: ['hmac'] }))).toEqual([]);
    expect(rulesBroken(hinted({ authMode: ['hmac'] }))).toEqual([
      { rule: 'show-when-known', message: 'config field "signatureHeader" has an x-show-when hint on "authMode", which is not a property beside it' },
    ]);
    expect(rulesBroken(hinted({ auth: ['hmac', 'oauth'] }))).toEqual([
      { rule: 'show-when-known', message: 'config field "signatureHeader" has an x-show-when hint on "auth" = "oauth", which is not one of its values' },
    ]);
    const nested = variant({ configSchema: { type: 'object', properties: { retry: { type: 'object', title: 'Retry', description: 'Retry policy.', properties: {
      delayMs: { type: 'integer', title: 'Delay', description: 'Wait.', 'x-show-when': { mode: ['fixed'] } },
    } } } } });
    expect(rulesBroken(nested)).toEqual([
      { rule: 'show-when-known', message: 'config field "retry.delayMs" has an x-show-when hint on "mode", which is not a property beside it' },
    ]);
  });

  it('holds core Node-RED nodes only to the rules that do not depend on our forms', () => {
    const core = variant({ origin: 'node-red', configSchema: { type: 'object', properties: { url: { type: 'string' } } }, docs: 'Calls a URL.' });
    expect(checkConventions([core])).toEqual([]);
    expect(checkConventions([{ ...core, summary: 'calls a url' }])).toEqual([{ type: 'acme-enrich', rule: 'summary-one-sentence', message: 'summary must end with a full stop' }]);
  });
});
