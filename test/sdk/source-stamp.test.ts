// The build stamp changes exactly when a part's sources change: edits, new and deleted files; not a touch, not other folders.
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILD_PARTS, isFresh, sourceStamp, writeStamp } from '../../scripts/source-stamp.mjs';

let root: string;

function write(file: string, content: string): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), content);
}

describe('sourceStamp', () => {
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'tradelane-stamp-'));
    write('nodes/a.ts', 'export const a = 1;\n');
    write('runtime/cli.ts', 'console.log(1);\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('changes with an edit, a new file or a deleted file under the part\'s sources', () => {
    const first = sourceStamp(root, 'server');
    write('nodes/a.ts', 'export const a = 2;\n');
    const edited = sourceStamp(root, 'server');
    write('nodes/b.ts', '');
    const added = sourceStamp(root, 'server');
    unlinkSync(path.join(root, 'nodes', 'b.ts'));
    expect(new Set([first, edited, added]).size).toBe(3);
    expect(sourceStamp(root, 'server')).toBe(edited);
  });

  it('stays the same for a touch, and for files outside the part (tests, node_modules, dist)', () => {
    const first = sourceStamp(root, 'server');
    utimesSync(path.join(root, 'nodes', 'a.ts'), new Date(), new Date(Date.now() + 60_000));
    write('test/a.test.ts', 'x');
    write('nodes/node_modules/x/index.js', 'x');
    write('dist/runtime/cli.js', 'x');
    expect(sourceStamp(root, 'server')).toBe(first);
    expect(sourceStamp(root, 'designer')).not.toBe(first);
  });

  it('is fresh only with every output present and the stamp of the current sources', () => {
    expect(isFresh(root, 'server')).toBe(false);
    const [firstOutput, ...otherOutputs] = BUILD_PARTS.server.outputs;
    write(firstOutput!, 'x');
    expect(isFresh(root, 'server')).toBe(false); // one output of several, and no stamp
    for (const output of otherOutputs) write(output, 'x');
    expect(isFresh(root, 'server')).toBe(false); // every output, still no stamp
    writeStamp(root, 'server', sourceStamp(root, 'server'));
    expect(isFresh(root, 'server')).toBe(true);
    write('runtime/cli.ts', 'console.log(2);\n');
    expect(isFresh(root, 'server')).toBe(false);
  });
});
