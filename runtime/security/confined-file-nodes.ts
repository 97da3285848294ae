// Loads Node-RED's file, file in and watch nodes behind a guard: every file name, static or from the message, must stay inside the files root.
import { createRequire } from 'node:module';
import path from 'node:path';
import { outsideFilesRoot } from './files-root.js';
import type { InputHandler, NodeRedApi, NodeRedConstructor, NodeRedNode } from './node-red-slice.js';

const require = createRequire(import.meta.url);

/** Core files Node-RED must not load itself (settings.nodesExcludes); we load them here through the guard. */
export const CONFINED_CORE_FILES = ['10-file.js', '23-watch.js'];
const CONFINED_TYPES = new Set(['file', 'file in', 'watch']);

type FilenameNode = NodeRedNode & { filename?: unknown; filenameType?: unknown };

/** The name the core node will use for this message, evaluated the way 10-file.js evaluates it. */
function filenameFor(RED: NodeRedApi, node: FilenameNode, msg: Record<string, unknown>, callback: (filename: unknown) => void): void {
  let value = node.filename ?? '';
  let type = node.filenameType;
  // Before Node-RED 3 an empty type meant a static name, and an empty name meant msg.filename.
  if (type === undefined || type === '') [value, type] = value === '' ? ['filename', 'msg'] : [value, 'str'];
  RED.util.evaluateNodeProperty(value, type, node, msg, (error, result) => callback(error ? undefined : result));
}

function guardInput(RED: NodeRedApi, node: FilenameNode, realRoot: string, handler: InputHandler): InputHandler {
  return (msg, send, done) => {
    filenameFor(RED, node, msg, (filename) => {
      const reason = typeof filename === 'string' && filename !== '' ? outsideFilesRoot(filename, realRoot) : undefined;
      if (reason) done(new Error(`${node.id}: ${reason}`));
      else handler(msg, send, done);
    });
  };
}

function watchedOutsideRoot(config: Record<string, unknown>, realRoot: string): string | undefined {
  const files = String(config.files ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
  for (const file of files) {
    const reason = outsideFilesRoot(file, realRoot);
    if (reason) return reason;
  }
  return undefined;
}

function confine(RED: NodeRedApi, type: string, original: NodeRedConstructor, realRoot: string): NodeRedConstructor {
  return function (this: NodeRedNode, config: Record<string, unknown>): void {
    if (type === 'watch') {
      // Validation refuses this already; a flow stored before the rule must not watch outside the root either.
      const reason = watchedOutsideRoot(config, realRoot);
      if (reason) throw new Error(`watch ${config.id as string}: ${reason}`);
      // The core watch node resolves relative names against the working directory; here they mean the files root.
      const files = String(config.files ?? '').split(',').map((entry) => entry.trim()).filter(Boolean).map((entry) => path.resolve(realRoot, entry));
      original.call(this, { ...config, files: files.join(',') });
      return;
    }
    // The core constructor registers its input handler with this.on; wrap that one registration, then restore on().
    const on = this.on.bind(this) as (event: string, handler: unknown) => void;
    Object.defineProperty(this, 'on', {
      configurable: true,
      writable: true,
      value: (event: string, handler: InputHandler) => on(event, event === 'input' ? guardInput(RED, this, realRoot, handler) : handler),
    });
    try {
      original.call(this, config);
    } finally {
      delete (this as { on?: unknown }).on;
    }
  };
}

export function registerConfinedFileNodes(RED: NodeRedApi, coreNodesDir: string, realRoot: string): void {
  const guarded: NodeRedApi = {
    ...RED,
    nodes: {
      ...RED.nodes,
      registerType: (type, constructor, options) => RED.nodes.registerType(type, CONFINED_TYPES.has(type) ? confine(RED, type, constructor, realRoot) : constructor, options),
    },
    // The core files' messages live in Node-RED's namespace, not in the namespace of the node set that loads them.
    _: (key, substitutions) => RED._(key.includes(':') ? key : `node-red:${key}`, substitutions),
  };
  for (const file of CONFINED_CORE_FILES) {
    const register = require(path.join(coreNodesDir, 'core', 'storage', file)) as (RED: NodeRedApi) => void;
    register(guarded);
  }
}
