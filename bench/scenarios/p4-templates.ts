// P4 for the shipped templates: every tl-transform mapping, compiled (SDK) vs jsonata-js, on a representative message.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import jsonata from 'jsonata';
import { compileJsonata, createJsonataBindings, engineOf } from '../../nodes/sdk/index.js';
import { canonicalExamples } from '../../nodes/canonical/examples.js';
import { REPO_ROOT } from '../servers/constants.js';

interface TemplateNode {
  type: string;
  name?: string;
  expression?: string;
}

interface Template {
  id: string;
  flow: TemplateNode[];
  example: { partnerId: string; params: Record<string, unknown>; documents: Record<string, unknown> };
}

export interface TemplateMapping {
  label: string;
  expression: string;
  message: Record<string, unknown>;
  bindings: Record<string, unknown>;
}

function loadTemplates(): Template[] {
  const dir = path.join(REPO_ROOT, 'templates');
  return readdirSync(dir).sort().map((name) => JSON.parse(readFileSync(path.join(dir, name, 'template.json'), 'utf8')) as Template);
}

/** The example's parameters in place of the {{param.x}} placeholders, as instantiation would put them. */
function render(expression: string, example: Template['example']): string {
  return expression.replace(/\{\{param\.([A-Za-z]+)\}\}/g, (_whole, name: string) => String(name === 'partnerId' ? example.partnerId : example.params[name] ?? name));
}

/** CSV rows as the intake node hands them on (header names as keys, numbers as numbers). */
function csvRows(text: string): Record<string, unknown>[] {
  const [header, ...lines] = text.trim().split('\n');
  const names = header!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, index) => [names[index]!, cell !== '' && !Number.isNaN(Number(cell)) ? Number(cell) : cell])));
}

/** A representative payload for the mapping, chosen by what the node's name says it maps. */
function payloadFor(node: TemplateNode, template: Template): unknown {
  const name = node.name ?? '';
  const documents = template.example.documents;
  if (/rows/i.test(name) && typeof documents.intake === 'string') return csvRows(documents.intake);
  if (/portal ack/i.test(name)) return documents.intake;
  if (/status/i.test(name)) return documents['erp-event'];
  if (/invoice|INVOIC|810/i.test(name)) return canonicalExamples.Invoice;
  if (/ASN|DESADV|856/i.test(name)) return canonicalExamples.AdvanceShipNotice;
  return canonicalExamples.PurchaseOrderAcknowledgement;
}

const XREF_ROWS: Record<string, string> = { sku: 'SKU-10001', portalStatus: 'SHIPPED' };

/** Every tl-transform expression of every shipped template, with a message and bindings to evaluate it on. */
export function templateMappings(): TemplateMapping[] {
  const mappings: TemplateMapping[] = [];
  for (const template of loadTemplates()) {
    const bindings = createJsonataBindings({ partnerId: template.example.partnerId, clock: { now: () => Date.UTC(2026, 10, 21, 9) }, xref: { lookup: async () => XREF_ROWS } });
    for (const node of template.flow) {
      if (node.type !== 'tl-transform' || !node.expression) continue;
      const message = { payload: payloadFor(node, template), purchaseOrder: canonicalExamples.PurchaseOrder, edi: { controlNumber: '000000301' }, partnerId: template.example.partnerId, correlationId: 'bench' };
      mappings.push({ label: `${template.id}: ${node.name ?? 'transform'}`, expression: render(node.expression, template.example), message, bindings });
    }
  }
  return mappings;
}

export interface MappingPair {
  compiled: () => Promise<unknown>;
  raw: () => Promise<unknown>;
  engine: string;
}

/** Both sides of one mapping, checked to give the same answer first (a faster wrong mapping is no result). */
export async function mappingPair(mapping: TemplateMapping): Promise<MappingPair> {
  const ours = compileJsonata(mapping.expression);
  const reference = jsonata(mapping.expression);
  const compiled = () => ours.evaluate(mapping.message, mapping.bindings);
  const raw = () => reference.evaluate(mapping.message, mapping.bindings);
  if (JSON.stringify(await compiled()) !== JSON.stringify(await raw())) throw new Error(`P4: ${mapping.label}: compiled and jsonata-js disagree`);
  const info = engineOf(ours);
  return { compiled, raw, engine: info.engine === 'compiled' ? 'compiled' : `jsonata (${info.fallbackReason})` };
}
