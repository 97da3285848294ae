// Loads template files from the built-in and data directories, checks each completely and keeps every valid version; broken files are listed, never used.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { locateJsonError } from '../../nodes/sdk/index.js';
import type { FlowDocument } from '../engine/flow-types.js';
import type { FlowProblem } from '../engine/flow-validation.js';
import type { Logger } from '../logger.js';
import { buildInstance } from './instantiate-flow.js';
import { checkTemplateFile, type Problem } from './template-schema.js';
import { readTemplateTests, TESTS_FILE } from './template-tests.js';
import { planXrefTables, resolveParams } from './template-params.js';
import type { BrokenTemplate, LoadedTemplate, TemplateFile } from './template-types.js';

export interface TemplateRegistryOptions {
  /** Directories scanned in order: <dir>/<name>.json and <dir>/<template>/<any>.json. */
  directories: string[];
  /** The engine's flow check (known types, config schemas, wires). */
  validateFlow(flow: FlowDocument): FlowProblem[];
  logger: Logger;
}

function templateFiles(directory: string): string[] {
  if (!existsSync(directory)) return [];
  const files: string[] = [];
  for (const entry of readdirSync(directory).sort()) {
    const full = path.join(directory, entry);
    if (statSync(full).isDirectory()) {
      for (const inner of readdirSync(full).sort()) if (inner.endsWith('.json') && inner !== TESTS_FILE) files.push(path.join(full, inner));
    } else if (entry.endsWith('.json')) {
      files.push(full);
    }
  }
  return files;
}

/** Every check a template must pass before it is offered: shape, placeholders, and its example instantiated and validated by the engine. */
export function checkTemplate(template: TemplateFile, validateFlow: (flow: FlowDocument) => FlowProblem[]): Problem[] {
  const staticProblems = checkTemplateFile(template);
  if (staticProblems.length) return staticProblems;
  const { partnerId, params: given } = template.example;
  const resolved = resolveParams(template, partnerId, given);
  const problems: Problem[] = resolved.problems.map((problem) => ({ path: problem.path?.replace(/^\$/, '$.example') ?? '$.example', message: problem.message }));
  if (problems.length) return problems;
  const built = buildInstance(template, { partnerId, partnerName: partnerId, flowId: `tplcheck-${template.flowIdSuffix}`, flowName: `${template.name} (check)`, params: resolved.params });
  for (const problem of planXrefTables(built, resolved.params).problems) problems.push({ path: problem.path?.replace(/^\$/, '$.example') ?? '$.example', message: problem.message });
  const prefix = `${built.flow.id}.`;
  for (const problem of validateFlow(built.flow)) {
    const local = problem.nodeId.startsWith(prefix) ? problem.nodeId.slice(prefix.length) : problem.nodeId;
    const index = template.flow.findIndex((node) => node.id === local);
    problems.push({ path: `$.flow[${index < 0 ? '?' : index}]${problem.path.replace(/^\$/, '')}`, message: `node "${local}": ${problem.message}` });
  }
  return problems;
}

export class TemplateRegistry {
  private versions = new Map<string, Map<number, LoadedTemplate>>();
  private broken: BrokenTemplate[] = [];

  constructor(private readonly options: TemplateRegistryOptions) {}

  /** (Re)reads every directory; the previous set is replaced only once the scan is complete. */
  load(): { loaded: number; broken: BrokenTemplate[] } {
    const versions = new Map<string, Map<number, LoadedTemplate>>();
    const broken: BrokenTemplate[] = [];
    for (const source of this.options.directories.flatMap(templateFiles)) {
      const result = this.loadFile(source);
      if ('problems' in result) {
        broken.push(result);
        continue;
      }
      const { id, version } = result.template;
      const byVersion = versions.get(id) ?? new Map<number, LoadedTemplate>();
      const existing = byVersion.get(version);
      if (existing) {
        broken.push({ id, version, source, problems: [{ path: '$.version', message: `${id}@${version} is already defined by ${existing.source}` }] });
        continue;
      }
      byVersion.set(version, result);
      versions.set(id, byVersion);
    }
    for (const entry of broken) this.options.logger.error({ template: entry.id, source: entry.source, problems: entry.problems }, `template not loaded: ${entry.source}: ${entry.problems[0]?.path} ${entry.problems[0]?.message}`);
    this.versions = versions;
    this.broken = broken;
    return { loaded: [...versions.values()].reduce((sum, byVersion) => sum + byVersion.size, 0), broken };
  }

  private loadFile(source: string): LoadedTemplate | BrokenTemplate {
    const text = readFileSync(source, 'utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      const location = locateJsonError(text);
      const message = location ? `${location.message} at line ${location.line}, column ${location.column}` : error instanceof Error ? error.message : String(error);
      return { source, problems: [{ path: '$', message: `not valid JSON: ${message}` }] };
    }
    const candidate = parsed as Partial<TemplateFile>;
    const identity = { ...(typeof candidate.id === 'string' ? { id: candidate.id } : {}), ...(typeof candidate.version === 'number' ? { version: candidate.version } : {}) };
    let problems: Problem[];
    try {
      problems = checkTemplate(parsed as TemplateFile, this.options.validateFlow);
    } catch (error) {
      problems = [{ path: '$', message: `could not be checked: ${error instanceof Error ? error.message : String(error)}` }];
    }
    if (problems.length) return { ...identity, source, problems };
    // A template's test cases (tests.json beside it) are part of it: broken tests keep the template out like a broken flow.
    const tests = readTemplateTests(source, parsed as TemplateFile);
    if (tests.problems.length) return { ...identity, source, problems: tests.problems };
    return { template: { ...(parsed as TemplateFile), ...(tests.tests ? { tests: tests.tests } : {}) }, source };
  }

  /** The newest version of every template. */
  latest(): LoadedTemplate[] {
    return [...this.versions.values()].map((byVersion) => byVersion.get(Math.max(...byVersion.keys()))!).sort((a, b) => a.template.id.localeCompare(b.template.id));
  }

  versionsOf(id: string): number[] {
    return [...(this.versions.get(id)?.keys() ?? [])].sort((a, b) => a - b);
  }

  get(id: string, version?: number): LoadedTemplate | undefined {
    const byVersion = this.versions.get(id);
    if (!byVersion) return undefined;
    return byVersion.get(version ?? Math.max(...byVersion.keys()));
  }

  brokenTemplates(): BrokenTemplate[] {
    return this.broken;
  }
}
