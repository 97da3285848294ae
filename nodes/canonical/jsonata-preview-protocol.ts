// Messages between the JSONata preview pool (server thread) and its worker threads.
import type { JsonataSampleResult } from './jsonata-preview.js';

/** Server -> worker: evaluate one sample, or the answer to a worker's $xref lookup. */
export type PreviewRequest =
  | { type: 'evaluate'; id: number; expression: string; sample: unknown; partnerId?: string; nowMs: number; hasXref: boolean }
  | { type: 'xref-result'; id: number; row?: Record<string, string>; error?: string };

/** Worker -> server: a sample's result, or a $xref lookup the server answers. */
export type PreviewReply =
  | { type: 'result'; id: number; result: JsonataSampleResult }
  | { type: 'xref'; id: number; table: string; key: string };
