// docs/writing-a-node.md is followable: every TypeScript block is written where its first line says, type-checked, and its test run with vitest.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/runtime-process.js';

const GUIDE = readFileSync(path.join(REPO_ROOT, 'docs', 'writing-a-node.md'), 'utf8');
/** Every block names its file on its first line, e.g. "// nodes/canonical/x-node.ts — what it is". */
const FILE_LINE = /^\/\/ ((?:nodes|test)\/[\w/.-]+\.ts) — /;

interface GuideBlock {
  file: string;
  code: string;
}

function typeScriptBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
}

function placed(code: string): GuideBlock {
  const file = FILE_LINE.exec(code)?.[1];
  if (!file) throw new Error(`a TypeScript block of the guide does not name its file on its first line:\n${code.slice(0, 200)}`);
  return { file, code };
}

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [command, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the node authoring guide', () => {
  const blocks = typeScriptBlocks(GUIDE).map(placed);
  let workspace: string;

  // A workspace shaped like this repository: the guide's files in their places, the SDK and node_modules linked in.
  beforeAll(() => {
    workspace = mkdtempSync(path.join(tmpdir(), 'tradelane-guide-'));
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(workspace, 'node_modules'), 'dir');
    mkdirSync(path.join(workspace, 'nodes'));
    symlinkSync(path.join(REPO_ROOT, 'nodes', 'sdk'), path.join(workspace, 'nodes', 'sdk'), 'dir');
    for (const block of blocks) {
      mkdirSync(path.dirname(path.join(workspace, block.file)), { recursive: true });
      writeFileSync(path.join(workspace, block.file), block.code);
    }
    writeFileSync(path.join(workspace, 'tsconfig.json'), JSON.stringify({
      extends: path.join(REPO_ROOT, 'tsconfig.base.json'),
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2023'], types: ['node'], noEmit: true },
      include: blocks.map((block) => block.file),
    }));
    writeFileSync(path.join(workspace, 'vitest.config.ts'), "import { defineConfig } from 'vitest/config';\nexport default defineConfig({ test: { include: ['test/**/*.test.ts'] } });\n");
  });

  afterAll(() => rmSync(workspace, { recursive: true, force: true }));

  it('places a node, its test and its next version in the repository layout', () => {
    expect(blocks.map((block) => block.file)).toEqual(['nodes/canonical/uppercase-po-node.ts', 'test/canonical/uppercase-po-node.test.ts', 'nodes/canonical/uppercase-po-node-v2.ts']);
  });

  it('type-checks under the repository\'s strict settings', () => {
    const result = run(path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), ['-p', 'tsconfig.json'], workspace);
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  });

  it('has a test block whose every test passes under vitest', () => {
    const tests = blocks.filter((block) => block.file.endsWith('.test.ts')).reduce((count, block) => count + (block.code.match(/^\s+it\(/gm)?.length ?? 0), 0);
    expect(tests).toBeGreaterThanOrEqual(3);
    const result = run(path.join(REPO_ROOT, 'node_modules', 'vitest', 'vitest.mjs'), ['run'], workspace);
    expect(result.output).toMatch(new RegExp(`Tests\\s+${tests} passed \\(${tests}\\)`));
    expect(result.status).toBe(0);
  });

  it('tells how to run the test, regenerate the node docs, and declare side effects', () => {
    expect(GUIDE).toContain('npx vitest run test/canonical/uppercase-po-node.test.ts');
    expect(GUIDE).toContain('npm run docs:nodes');
    expect(GUIDE).toContain('npm run test:unit');
    expect(GUIDE).toMatch(/`sideEffects` \| \*\*Required\.\*\*/);
  });

  it('lists every service of the node context, and every partner directory method', () => {
    const context = readFileSync(path.join(REPO_ROOT, 'nodes', 'sdk', 'context.ts'), 'utf8');
    const body = (name: string) => /\{([\s\S]*?)\n\}/.exec(context.slice(context.indexOf(`export interface ${name} {`)))![1]!;
    const members = (name: string) => [...body(name).matchAll(/^ {2}(\w+)\??[(:]/gm)].map((match) => match[1]!);
    const table = GUIDE.slice(GUIDE.indexOf('## Services'));
    const rows = [...table.matchAll(/^\| `(\w+)/gm)].map((match) => match[1]!);
    expect(members('RuntimeServices').length).toBeGreaterThan(10);
    expect(rows.sort()).toEqual(members('RuntimeServices').sort());
    for (const method of members('PartnerDirectory')) expect(table, `partners.${method}`).toContain(`\`${method}(`);
  });
});
