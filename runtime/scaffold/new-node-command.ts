// `tradelane new node NAME [--dir DIR]`: writes a node package into DIR/tradelane-node-NAME and says what to do next.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CliUsageError } from '../cli-client.js';
import { namesFor, nodePackageFiles } from './node-package-files.js';

/** Node-RED type names the SDK accepts, without the tl- prefix Tradelane keeps for its own nodes. */
const NODE_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Writes the package; returns its folder. Refuses a folder that already has files, so nothing is overwritten. */
export function scaffoldNodePackage(name: string, parentDir: string): string {
  if (!NODE_NAME.test(name)) throw new CliUsageError(`node name "${name}" must be lower-case letters and digits, words joined by "-" (e.g. stock-level)`);
  if (name.startsWith('tl-')) throw new CliUsageError(`node name "${name}": the tl- prefix is reserved for Tradelane's own nodes`);
  const names = namesFor(name);
  const target = path.resolve(parentDir, names.packageName);
  if (existsSync(target) && readdirSync(target).length) throw new CliUsageError(`${target} already exists and is not empty; choose another --dir or name`);
  for (const [relative, content] of Object.entries(nodePackageFiles(names))) {
    const file = path.join(target, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return target;
}

export function newCommand(args: string[]): void {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { dir: { type: 'string' } }, strict: true });
  const [kind, name, ...extra] = positionals;
  if (kind !== 'node') throw new CliUsageError(`unknown "new" command "${kind ?? ''}": use "new node NAME"`);
  if (!name || extra.length) throw new CliUsageError('new node needs exactly one NAME: tradelane new node NAME [--dir DIR]');
  const parent = values.dir ?? process.cwd();
  const target = scaffoldNodePackage(name, parent);
  process.stdout.write(`created node package ${path.basename(target)} in ${target}\n`
    + `next: cd ${target} && npm install && npm run build && npm test\n`
    + `load it: TRADELANE_NODES_DIR=${path.resolve(parent)} npx tradelane start\n`);
}
