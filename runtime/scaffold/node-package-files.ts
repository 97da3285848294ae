// The files of a new node package (`tradelane new node NAME`): manifest, tsconfig, descriptor, harness test and README.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../paths.js';

export interface NodePackageNames {
  /** The node's name as given: lower-case words joined by "-", e.g. "stock-level". */
  name: string;
  /** tradelane-node-<name>. */
  packageName: string;
  /** The descriptor's variable, e.g. stockLevelNode. */
  identifier: string;
  /** The descriptor's file stem, e.g. stock-level-node. */
  fileStem: string;
}

interface OwnManifest {
  version: string;
  devDependencies: Record<string, string>;
}

export function namesFor(name: string): NodePackageNames {
  const camel = name.replace(/-([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
  return { name, packageName: `tradelane-node-${name}`, identifier: `${camel}Node`, fileStem: `${name}-node` };
}

/** The scaffold pins the tool versions this Tradelane is built and tested with, so the generated package matches it. */
function ownManifest(): OwnManifest {
  return JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as OwnManifest;
}

function manifest(names: NodePackageNames): string {
  const own = ownManifest();
  const entry = `dist/${names.fileStem}.js`;
  return `${JSON.stringify({
    name: names.packageName,
    version: '0.1.0',
    description: `Tradelane node "${names.name}".`,
    type: 'module',
    main: entry,
    files: ['dist'],
    // Tradelane loads the listed modules at start (from TRADELANE_NODES_DIR or node_modules).
    tradelane: { nodes: [entry] },
    scripts: { build: 'tsc -p tsconfig.json', test: 'vitest run' },
    // The running Tradelane provides the SDK: one copy, the runtime's own (docs/decisions.md, decision 77).
    peerDependencies: { tradelane: `>=${own.version}` },
    devDependencies: {
      '@types/node': own.devDependencies['@types/node'],
      typescript: own.devDependencies.typescript,
      vitest: own.devDependencies.vitest,
    },
  }, null, 2)}\n`;
}

const TSCONFIG = `${JSON.stringify({
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    lib: ['ES2023'],
    types: ['node'],
    strict: true,
    skipLibCheck: true,
    rootDir: 'src',
    outDir: 'dist',
    declaration: true,
    sourceMap: true,
  },
  include: ['src/**/*.ts'],
}, null, 2)}\n`;

function descriptor(names: NodePackageNames): string {
  return `// The "${names.name}" node: sets a field of msg.payload to a fixed value (a starting point; make it yours).
import { defineNode, NodeError } from 'tradelane/sdk';

export interface ${names.identifier[0]!.toUpperCase()}${names.identifier.slice(1)}Config {
  field: string;
  value: string;
}

export const ${names.identifier} = defineNode<${names.identifier[0]!.toUpperCase()}${names.identifier.slice(1)}Config>({
  type: '${names.name}',
  category: 'custom',
  label: '${names.name.replace(/-/g, ' ')}',
  summary: 'Sets a field of msg.payload to a fixed value.',
  inputs: 1,
  outputs: [{ label: 'message' }],
  // Only the message changes. A node that posts, sends or writes anything says 'external'.
  sideEffects: 'none',
  configSchema: {
    type: 'object',
    properties: {
      field: { type: 'string', default: 'tag', minLength: 1, title: 'Field', description: 'Field of msg.payload to set.' },
      value: { type: 'string', default: '', title: 'Value', description: 'Text the field is set to.' },
    },
    additionalProperties: false,
  },
  docs: \`Sets the **Field** of \\\`msg.payload\\\` to **Value**.

### Outputs

The message, with the field set. A payload that is not an object fails with \\\`NOT_AN_OBJECT\\\` (not retryable).\`,
  origin: 'tradelane',
  create(ctx, config) {
    // Runs once per deploy: compile expressions and open connections here, never per message.
    return {
      onInput(msg) {
        const payload = msg.payload;
        if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
          throw new NodeError('NOT_AN_OBJECT', 'msg.payload must be an object', { retryable: false });
        }
        ctx.log.debug(\`setting \${config.field}\`);
        return { ...msg, payload: { ...payload, [config.field]: config.value } };
      },
    };
  },
});
`;
}

function harnessTest(names: NodePackageNames): string {
  return `// The "${names.name}" node through the Tradelane SDK harness: config validated as a deploy would, outputs captured.
import { describe, expect, it } from 'vitest';
import { checkConventions, createNodeHarness } from 'tradelane/sdk';
import { ${names.identifier} } from '../src/${names.fileStem}.js';

describe('${names.name}', () => {
  it('sets the field', async () => {
    const node = await createNodeHarness(${names.identifier}, { field: 'status', value: 'seen' });
    const result = await node.send({ payload: { id: 1 } });
    expect(result.outputs[0]![0]!.payload).toEqual({ id: 1, status: 'seen' });
    await node.close();
  });

  it('fails with a coded error when the payload is not an object', async () => {
    const node = await createNodeHarness(${names.identifier}, {});
    const failed = await node.send({ payload: 'text' });
    expect(failed.error?.code).toBe('NOT_AN_OBJECT');
    await node.close();
  });

  it('refuses an invalid config as a deploy would', async () => {
    await expect(createNodeHarness(${names.identifier}, { field: '' })).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
  });

  it('keeps the catalog conventions', () => {
    expect(checkConventions([${names.identifier}])).toEqual([]);
  });
});
`;
}

function readme(names: NodePackageNames): string {
  return `# ${names.packageName}

A Tradelane node, \`${names.name}\`, made with \`tradelane new node ${names.name}\`. The descriptor is
\`src/${names.fileStem}.ts\`; \`docs/writing-a-node.md\` in Tradelane explains every field.

## Set up

The node imports the SDK from \`tradelane/sdk\`, a peer dependency: the Tradelane that loads the node provides it.
For building and testing, make Tradelane resolvable from this folder, e.g. with \`npm link tradelane\` (after
\`npm link\` in your Tradelane checkout) or \`npm install --no-save /path/to/tradelane\`, then \`npm install\`.

## Build and test

\`\`\`sh
npm run build   # tsc: src/ -> dist/ (the file Tradelane loads: package.json "tradelane.nodes")
npm test        # vitest: the SDK harness runs the node without Node-RED
\`\`\`

## Load it into Tradelane

Either point \`TRADELANE_NODES_DIR\` at the folder that holds this package (each subfolder is a package):

\`\`\`sh
TRADELANE_NODES_DIR=/path/to/parent-folder npx tradelane start
\`\`\`

or install the package next to Tradelane (\`npm install ${names.packageName}\`): packages named
\`tradelane-node-*\` are loaded at start. \`GET /api/nodes\` then lists \`${names.name}\` with
\`origin: "external"\` and this package's name and version, and the designer's palette offers it. A package that fails
to load is logged and listed in \`GET /api/nodes\` under \`packages\` with its error; the runtime starts without it.
Rebuild and restart Tradelane after a change.
`;
}

/** Relative path -> content of every file of the package. */
export function nodePackageFiles(names: NodePackageNames): Record<string, string> {
  return {
    'package.json': manifest(names),
    'tsconfig.json': TSCONFIG,
    [`src/${names.fileStem}.ts`]: descriptor(names),
    [`test/${names.fileStem}.test.ts`]: harnessTest(names),
    'README.md': readme(names),
    '.gitignore': 'node_modules\ndist\n',
  };
}
