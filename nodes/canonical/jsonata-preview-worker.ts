// Worker thread that evaluates designer previews, so a slow or hostile expression blocks this thread, never the server's.
import { parentPort } from 'node:worker_threads';
import type { XrefTables } from '../sdk/index.js';
import { evaluateJsonataSamples, type JsonataSampleResult } from './jsonata-preview.js';
import type { PreviewReply, PreviewRequest } from './jsonata-preview-protocol.js';

/** Larger results would cost the server's thread the time to copy and serialise them. */
const MAX_RESULT_CHARS = 256 * 1024;

const port = parentPort;
if (!port) throw new Error('jsonata-preview-worker must run as a worker thread');

let nextLookup = 0;
const lookups = new Map<number, { resolve(row: Record<string, string> | undefined): void; reject(error: Error): void }>();

/** $xref asks the server thread, which owns the tables. */
const xref: XrefTables = {
  lookup: (table, key) => new Promise((resolve, reject) => {
    const id = nextLookup++;
    lookups.set(id, { resolve, reject });
    port.postMessage({ type: 'xref', id, table, key } satisfies PreviewReply);
  }),
};

function bounded(result: JsonataSampleResult): JsonataSampleResult {
  if (!result.ok) return result;
  const size = JSON.stringify(result.result)?.length ?? 0;
  if (size <= MAX_RESULT_CHARS) return result;
  return { ok: false, error: { message: `the result is ${size} characters of JSON; the preview shows results up to ${MAX_RESULT_CHARS}`, code: 'PREVIEW_RESULT_TOO_LARGE' } };
}

port.on('message', (request: PreviewRequest) => {
  if (request.type === 'xref-result') {
    const waiting = lookups.get(request.id);
    lookups.delete(request.id);
    if (request.error !== undefined) waiting?.reject(new Error(request.error));
    else waiting?.resolve(request.row);
    return;
  }
  void (async () => {
    const [result] = await evaluateJsonataSamples(request.expression, [request.sample], {
      ...(request.hasXref ? { xref } : {}),
      clock: { now: () => request.nowMs },
      ...(request.partnerId ? { partnerId: request.partnerId } : {}),
    });
    port.postMessage({ type: 'result', id: request.id, result: bounded(result!) } satisfies PreviewReply);
  })();
});
