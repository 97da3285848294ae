// Every shipped template passes the load checks (shape, placeholders, example instantiated and validated against the node catalog); broken ones are caught.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInNodes } from '../../nodes/catalog.js';
import { ConfigValidator } from '../../nodes/sdk/index.js';
import type { FlowDocument } from '../../runtime/engine/flow-types.js';
import { validateFlow } from '../../runtime/engine/flow-validation.js';
import { checkTemplate } from '../../runtime/templates/template-registry.js';
import type { TemplateFile } from '../../runtime/templates/template-types.js';
import { tmpdir } from 'node:os';
import { SYSTEM_ACCESS } from '../../runtime/security/deploy-access.js';

const templatesDir = path.resolve(import.meta.dirname, '..', '..', 'templates');
const descriptors = new Map(builtInNodes.map((descriptor) => [descriptor.type, descriptor]));
const validator = new ConfigValidator(builtInNodes);
const engineCheck = (flow: FlowDocument) => validateFlow(flow, { descriptors, validator, deployedNodeOwners: new Map(), access: SYSTEM_ACCESS, filesRoot: tmpdir() });

function shipped(): Array<[string, TemplateFile]> {
  return readdirSync(templatesDir).map((dir) => [dir, JSON.parse(readFileSync(path.join(templatesDir, dir, 'template.json'), 'utf8')) as TemplateFile]);
}

describe('shipped templates', () => {
  it('ships the onboarding templates', () => {
    expect(shipped().map(([, template]) => template.id).sort()).toEqual(['customer-inventory-availability', 'customer-order-status-webhook', 'customer-order-submission', 'customer-returns-rma', 'customer-status-publication', 'supplier-asn-csv', 'supplier-edifact', 'supplier-po-ack-rest', 'supplier-x12']);
  });

  it.each(shipped())('%s passes every load check', (_dir, template) => {
    expect(checkTemplate(template, engineCheck)).toEqual([]);
  });
});

describe('template checks', () => {
  const [, good] = shipped().find(([, template]) => template.id === 'supplier-po-ack-rest')!;

  it('reports a placeholder naming an undeclared parameter, with its location', () => {
    const broken = structuredClone(good);
    (broken.flow[0] as Record<string, unknown>).path = { $param: 'nope' };
    expect(checkTemplate(broken, engineCheck)).toEqual([{ path: '$.flow[0].path', message: 'placeholder uses parameter "nope", which is not declared in parameters' }]);
  });

  it('reports a node type the engine does not know through the instantiated example', () => {
    const broken = structuredClone(good);
    broken.flow[1]!.type = 'tl-does-not-exist';
    expect(checkTemplate(broken, engineCheck)).toContainEqual({ path: '$.flow[1].type', message: 'node "validate": unknown node type "tl-does-not-exist"' });
  });

  it('reports example parameters that do not fit the schema', () => {
    const broken = structuredClone(good);
    delete broken.example.params.itemMapCsv;
    expect(checkTemplate(broken, engineCheck)).toContainEqual({ path: '$.example.params.itemMapCsv', message: 'is required' });
  });
});
