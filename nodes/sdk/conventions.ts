// Catalog conventions as checks: each rule says which descriptor breaks it and why, for the catalog test and for custom-node authors.
import type { AnyNodeDescriptor } from './descriptor.js';
import type { JSONSchema } from './json-schema.js';

export interface ConventionViolation {
  /** The node type that breaks the rule. */
  type: string;
  rule: ConventionRule;
  /** What is wrong, naming the field or output. */
  message: string;
}

export type ConventionRule = 'summary-one-sentence' | 'field-title' | 'field-described' | 'outputs-documented' | 'docs-present' | 'unique-type' | 'show-when-known';

/** Longer than this, a palette tooltip stops being a glance. */
const SUMMARY_MAX_CHARS = 200;
/** A sentence ends at a full stop followed by a capitalised word; "e.g. x" or "(ms). " inside stay one sentence. */
const SENTENCE_BREAK = /(?<!\b(?:e\.g|i\.e|etc|vs))[.!?]\s+[A-Z]/;

type Check = (node: AnyNodeDescriptor) => Array<Omit<ConventionViolation, 'type'>>;

function fields(node: AnyNodeDescriptor): Array<[string, JSONSchema]> {
  return Object.entries(node.configSchema.properties ?? {});
}

const summaryOneSentence: Check = (node) => {
  const summary = node.summary?.trim() ?? '';
  const problem = !summary ? 'summary is empty'
    : summary.includes('\n') ? 'summary spans several lines'
      : !/[.!?]$/.test(summary) ? 'summary must end with a full stop'
        : SENTENCE_BREAK.test(summary) ? 'summary must be one sentence (put the rest in docs)'
          : summary.length > SUMMARY_MAX_CHARS ? `summary is ${summary.length} characters; keep it under ${SUMMARY_MAX_CHARS}`
            : undefined;
  return problem ? [{ rule: 'summary-one-sentence', message: problem }] : [];
};

/** The designer's form labels a field by its title; without one it shows the raw property name. */
const fieldTitle: Check = (node) => fields(node)
  .filter(([, property]) => !property.title?.trim())
  .map(([name]) => ({ rule: 'field-title', message: `config field "${name}" needs a title (the form's label)` }));

/** The docs explain a field when they name it in bold or as code, by its title or its property name. */
function mentions(docs: string, name: string, title: string | undefined): boolean {
  return [title, name].filter(Boolean).some((word) => docs.includes(`**${word}**`) || docs.includes(`\`${word}\``));
}

/** A field is explained either by its description (shown under the form field) or in the docs, by its title in bold. */
const fieldDescribed: Check = (node) => fields(node)
  .filter(([name, property]) => !property.description?.trim() && !mentions(node.docs, name, property.title))
  .map(([name, property]) => ({ rule: 'field-described', message: `config field "${name}" needs a description, or docs that explain **${property.title ?? name}**` }));

/** Every output is explained: under an "### Outputs" heading, or in the text by its label ("the duplicate output ..."). */
const outputsDocumented: Check = (node) => {
  if (node.outputs.length === 0) return [];
  const docs = node.docs.toLowerCase();
  const section = /^#{2,4} outputs?\b([\s\S]*?)(?=^#{1,4} |$(?![\s\S]))/im.exec(node.docs)?.[1]?.toLowerCase();
  if (node.outputs.length === 1 && (section?.trim() || docs.includes(node.outputs[0]!.label.toLowerCase()))) return [];
  return node.outputs
    .filter((port) => !(section ?? docs).includes(port.label.toLowerCase()))
    .map((port) => ({ rule: 'outputs-documented', message: `docs do not describe output "${port.label}": name it in an "### Outputs" section or in the text` }));
};

/** The (possibly nested) property groups of a schema, each with its path prefix, so hints are checked against their own siblings. */
function propertyGroups(schema: JSONSchema, prefix = ''): Array<{ prefix: string; properties: Record<string, JSONSchema> }> {
  const properties = schema.properties ?? {};
  const nested = Object.entries(properties).flatMap(([name, child]) => [
    ...(child.properties ? propertyGroups(child, `${prefix}${name}.`) : []),
    ...(child.items?.properties ? propertyGroups(child.items, `${prefix}${name}[].`) : []),
  ]);
  return [{ prefix, properties }, ...nested];
}

/** An x-show-when hint must name a sibling property, and values that sibling can take (when it lists them): else the field never shows. */
const showWhenKnown: Check = (node) => [node.configSchema, ...(node.credentialsSchema ? [node.credentialsSchema] : [])]
  .flatMap((schema) => propertyGroups(schema))
  .flatMap(({ prefix, properties }) => Object.entries(properties).flatMap(([name, property]) =>
    Object.entries(property['x-show-when'] ?? {}).flatMap(([sibling, values]) => {
      const target = properties[sibling];
      if (!target || sibling === name) return [{ rule: 'show-when-known' as const, message: `config field "${prefix}${name}" has an x-show-when hint on "${sibling}", which is not a property beside it` }];
      const unknown = target.enum ? values.filter((value) => !target.enum!.includes(value)) : [];
      return unknown.map((value) => ({ rule: 'show-when-known' as const, message: `config field "${prefix}${name}" has an x-show-when hint on "${sibling}" = ${JSON.stringify(value)}, which is not one of its values` }));
    })));

const docsPresent: Check = (node) => (node.docs?.trim() ? [] : [{ rule: 'docs-present', message: 'docs are empty' }]);

/** Rules per node. Core Node-RED nodes are described, not designed, by us: Node-RED's own editor names their fields. */
const RULES: Array<{ check: Check; appliesTo: (node: AnyNodeDescriptor) => boolean }> = [
  { check: docsPresent, appliesTo: () => true },
  { check: summaryOneSentence, appliesTo: () => true },
  { check: showWhenKnown, appliesTo: () => true },
  { check: fieldTitle, appliesTo: (node) => node.origin !== 'node-red' },
  { check: fieldDescribed, appliesTo: (node) => node.origin !== 'node-red' },
  { check: outputsDocumented, appliesTo: (node) => node.origin !== 'node-red' && !node.configNode },
];

/** Every convention every descriptor breaks, in catalog order; an empty list means the catalog is clean. */
export function checkConventions(catalog: readonly AnyNodeDescriptor[]): ConventionViolation[] {
  const violations: ConventionViolation[] = [];
  const seen = new Set<string>();
  for (const node of catalog) {
    if (seen.has(node.type)) violations.push({ type: node.type, rule: 'unique-type', message: `type "${node.type}" is declared twice` });
    seen.add(node.type);
    for (const rule of RULES) if (rule.appliesTo(node)) for (const violation of rule.check(node)) violations.push({ type: node.type, ...violation });
  }
  return violations;
}

/** One line per violation, for test output and load errors. */
export function formatViolations(violations: readonly ConventionViolation[]): string {
  return violations.map((violation) => `${violation.type}: [${violation.rule}] ${violation.message}`).join('\n');
}
