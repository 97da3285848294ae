// Confines file nodes to the files root: a path is allowed only if it resolves, symlinks followed, inside TRADELANE_FILES_ROOT.
import { chmodSync, mkdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { FlowDocument, FlowNode } from '../engine/flow-types.js';
import type { FlowProblem } from '../engine/flow-validation.js';

/**
 * Creates the root (0700) and returns its real path, the one every check compares against. An existing directory keeps
 * its permissions: it may be shared (an operator pointing the root at /tmp must not make /tmp private to us).
 */
export function prepareFilesRoot(root: string): string {
  const created = mkdirSync(root, { recursive: true, mode: 0o700 });
  // mkdirSync's mode is filtered by the umask; the directory we made is ours to tighten.
  if (created !== undefined) chmodSync(root, 0o700);
  return realpathSync(root);
}

/** The real path of the deepest part of `target` that exists, plus the rest: symlinks anywhere on the way are resolved. */
function realpathOfWhatExists(target: string): string {
  const missing: string[] = [];
  let current = target;
  for (;;) {
    try {
      return path.join(realpathSync(current), ...missing.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return target;
      missing.push(path.basename(current));
      current = parent;
    }
  }
}

/**
 * Why `filename` is refused, or undefined when it stays inside the root. Relative names resolve against the root, as
 * Node-RED resolves them against fileWorkingDirectory. `realRoot` must come from prepareFilesRoot.
 */
export function outsideFilesRoot(filename: string, realRoot: string): string | undefined {
  if (filename.includes('\0')) return `file name "${filename}" contains a NUL byte`;
  const resolved = realpathOfWhatExists(path.resolve(realRoot, filename));
  const relative = path.relative(realRoot, resolved);
  if (relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))) return undefined;
  return `file name "${filename}" resolves to ${resolved}, outside the files root ${realRoot} (TRADELANE_FILES_ROOT)`;
}

/** The static file names a node declares: file/file in with a string filename, every entry of a watch node's list. */
function staticFilenames(node: FlowNode): Array<{ path: string; filename: string }> {
  if (node.type === 'watch') {
    return String(node.files ?? '').split(',').map((entry) => entry.trim()).filter(Boolean).map((filename) => ({ path: '$.files', filename }));
  }
  if (node.type !== 'file' && node.type !== 'file in') return [];
  const filename = typeof node.filename === 'string' ? node.filename : '';
  const type = typeof node.filenameType === 'string' ? node.filenameType : '';
  // Before Node-RED 3 an empty filenameType meant "string", and an empty filename meant msg.filename.
  const isStatic = type === 'str' || (type === '' && filename !== '');
  return isStatic && filename ? [{ path: '$.filename', filename }] : [];
}

export function fileRootProblems(flow: FlowDocument, realRoot: string): FlowProblem[] {
  const problems: FlowProblem[] = [];
  for (const node of flow.nodes) {
    for (const entry of staticFilenames(node)) {
      const reason = outsideFilesRoot(entry.filename, realRoot);
      if (reason) problems.push({ nodeId: node.id, path: entry.path, message: reason });
    }
  }
  return problems;
}
