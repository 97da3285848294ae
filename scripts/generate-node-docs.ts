// Generates docs/nodes/<type>.md and docs/nodes/README.md from the node descriptors; `npm run docs:nodes` writes them.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtInNodes } from '../nodes/catalog.js';
import type { AnyNodeDescriptor, JSONSchema } from '../nodes/sdk/index.js';

export const NODE_DOCS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'nodes');
const GENERATED_NOTE = '<!-- Generated from the node descriptor by `npm run docs:nodes`; edit the descriptor, not this file. -->';

const CATEGORY_ORDER = ['intake', 'canonical', 'erp', 'edi', 'transport', 'reliability'];

export function docFileName(type: string): string {
  return `${type.replace(/\s+/g, '-')}.md`;
}

/** Table cells must stay on one line and must not end the cell early. */
function cell(text: string): string {
  return text.replace(/\r?\n+/g, ' ').replace(/\|/g, '\\|').trim();
}

function code(value: string): string {
  return value.includes('`') ? `\`\` ${value} \`\`` : `\`${value}\``;
}

function typeOf(schema: JSONSchema): string {
  if (schema.enum) return schema.enum.map((value) => code(JSON.stringify(value))).join(' \\| ');
  if (schema.const !== undefined) return code(JSON.stringify(schema.const));
  const type = Array.isArray(schema.type) ? schema.type.join(' \\| ') : schema.type;
  if (type === 'array' && schema.items) return `array of ${typeOf(schema.items)}`;
  return type ?? (schema.oneOf || schema.anyOf ? 'one of several' : 'any');
}

function defaultOf(schema: JSONSchema): string {
  if (schema.default === undefined) return '';
  const text = typeof schema.default === 'string' ? schema.default : JSON.stringify(schema.default);
  if (text === '') return '(empty)';
  return code(cell(text.length > 80 ? `${text.slice(0, 77)}...` : text));
}

function constraintsOf(schema: JSONSchema): string[] {
  const notes: string[] = [];
  if (schema.minimum !== undefined) notes.push(`min ${schema.minimum}`);
  if (schema.maximum !== undefined) notes.push(`max ${schema.maximum}`);
  if (schema.minLength) notes.push(`at least ${schema.minLength} characters`);
  if (schema.pattern) notes.push(`pattern ${code(schema.pattern)}`);
  if (schema['x-widget'] === 'jsonata') notes.push('JSONata expression (compiled to JavaScript when in the compiled subset, else run by jsonata-js; the designer shows which: see [Compiled JSONata](../performance.md#compiled-jsonata))');
  return notes;
}

function propertyTable(schema: JSONSchema, secret: boolean): string {
  const properties = Object.entries(schema.properties ?? {});
  if (!properties.length) return '_None._\n';
  const required = new Set(schema.required ?? []);
  const rows = properties.map(([name, property]) => {
    const label = property.title ? `${property.title}` : '';
    const notes = [(property.description ?? '').replace(/\.$/, ''), ...constraintsOf(property)].filter(Boolean).join('; ');
    const flags = [required.has(name) ? 'required' : '', secret || property['x-secret'] ? 'secret, stored encrypted' : ''].filter(Boolean).join(', ');
    return `| ${code(name)}${flags ? ` (${flags})` : ''} | ${cell(label)} | ${typeOf(property)} | ${defaultOf(property)} | ${cell(notes)} |`;
  });
  return ['| Name | Label | Type | Default | Description |', '|---|---|---|---|---|', ...rows].join('\n') + '\n';
}

function ports(descriptor: AnyNodeDescriptor): string {
  const input = descriptor.inputs ? '1 input' : 'no input';
  if (!descriptor.outputs.length) return `- **Inputs:** ${input}\n- **Outputs:** none\n`;
  const outputs = descriptor.outputs.map((port, index) => `  ${index + 1}. ${port.label}`).join('\n');
  return `- **Inputs:** ${input}\n- **Outputs:**\n${outputs}\n`;
}

export function renderNodePage(descriptor: AnyNodeDescriptor): string {
  const origin = descriptor.origin === 'node-red' ? 'Node-RED core node type: flows that use it import as they are (its Details say where Tradelane runs it differently).' : 'Tradelane node.';
  const sections = [
    GENERATED_NOTE,
    `# ${descriptor.label} (\`${descriptor.type}\`)`,
    `${descriptor.summary}\n\nCategory: **${descriptor.category}**. ${origin}`,
    `## Ports\n\n${ports(descriptor)}`,
    `## Configuration\n\n${propertyTable(descriptor.configSchema, false)}`,
  ].map((section) => section.trim());
  if (descriptor.credentialsSchema) sections.push(`## Credentials\n\nStored encrypted with the flow; never returned by the API.\n\n${propertyTable(descriptor.credentialsSchema, true).trim()}`);
  sections.push(`## Details\n\n${descriptor.docs.trim()}\n`);
  return sections.join('\n\n');
}

export function renderIndex(descriptors: readonly AnyNodeDescriptor[]): string {
  const categories = [...new Set(descriptors.map((descriptor) => descriptor.category))].sort((a, b) => {
    const rank = (name: string) => (CATEGORY_ORDER.includes(name) ? CATEGORY_ORDER.indexOf(name) : CATEGORY_ORDER.length);
    return rank(a) - rank(b) || a.localeCompare(b);
  });
  const lines = [GENERATED_NOTE, '# Node reference', '', 'One page per node in the palette, generated from its descriptor. Tradelane nodes first in each category, then Node-RED core nodes.', ''];
  for (const category of categories) {
    lines.push(`## ${category}`, '', '| Node | Type | Summary |', '|---|---|---|');
    const members = descriptors.filter((descriptor) => descriptor.category === category)
      .sort((a, b) => Number(a.origin === 'node-red') - Number(b.origin === 'node-red'));
    for (const descriptor of members) lines.push(`| [${cell(descriptor.label)}](${encodeURI(docFileName(descriptor.type))}) | \`${descriptor.type}\` | ${cell(descriptor.summary)} |`);
    lines.push('');
  }
  return lines.join('\n');
}

/** Every generated file, name -> content. */
export function renderNodeDocs(descriptors: readonly AnyNodeDescriptor[]): Map<string, string> {
  const files = new Map<string, string>([['README.md', renderIndex(descriptors)]]);
  for (const descriptor of descriptors) files.set(docFileName(descriptor.type), renderNodePage(descriptor));
  return files;
}

/** Files whose committed content differs from the descriptors (missing, changed or left over). */
export function staleNodeDocs(descriptors: readonly AnyNodeDescriptor[] = builtInNodes, dir = NODE_DOCS_DIR): string[] {
  const expected = renderNodeDocs(descriptors);
  const stale: string[] = [];
  for (const [name, content] of expected) {
    let current: string | undefined;
    try {
      current = readFileSync(path.join(dir, name), 'utf8');
    } catch {
      current = undefined;
    }
    if (current !== content) stale.push(name);
  }
  for (const name of listMarkdown(dir)) if (!expected.has(name)) stale.push(name);
  return stale;
}

function listMarkdown(dir: string): string[] {
  try {
    return readdirSync(dir).filter((name) => name.endsWith('.md'));
  } catch {
    return [];
  }
}

/** Writes every page and removes pages of nodes that no longer exist. */
export function writeNodeDocs(descriptors: readonly AnyNodeDescriptor[] = builtInNodes, dir = NODE_DOCS_DIR): string[] {
  const files = renderNodeDocs(descriptors);
  mkdirSync(dir, { recursive: true });
  for (const name of listMarkdown(dir)) if (!files.has(name)) rmSync(path.join(dir, name));
  for (const [name, content] of files) writeFileSync(path.join(dir, name), content);
  return [...files.keys()];
}
