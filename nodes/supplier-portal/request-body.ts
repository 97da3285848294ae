// Parses an inbound partner body by content type, reporting malformed input with its line and column.
import { NodeError } from '../sdk/index.js';
import { lineColumnOf } from '../sdk/jsonata.js';

/** Node's JSON.parse messages end in "at position N" (V8); turn that into a line/column a partner can find. */
export function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (thrown) {
    const message = thrown instanceof Error ? thrown.message : String(thrown);
    const match = /position (\d+)/.exec(message);
    const location = match ? lineColumnOf(text, Number(match[1])) : undefined;
    const where = location ? ` (line ${location.line}, column ${location.column})` : '';
    throw new NodeError('MALFORMED_JSON', `body is not valid JSON: ${message}${where}`, {
      details: [{ path: '$', message: `${message}${where}`, ...(location ?? {}) }],
    });
  }
}
