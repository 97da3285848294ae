// Parses an inbound partner body by content type, reporting malformed input with its line and column.
import { locateJsonError, NodeError } from '../sdk/index.js';

export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') throw new NodeError('MALFORMED_JSON', 'body is empty; send a JSON document', { details: [{ path: '$', message: 'body is empty' }] });
  try {
    return JSON.parse(text);
  } catch (thrown) {
    const location = locateJsonError(text);
    const message = location ? `${location.message} at line ${location.line}, column ${location.column}` : thrown instanceof Error ? thrown.message : String(thrown);
    throw new NodeError('MALFORMED_JSON', `body is not valid JSON: ${message}`, {
      details: [{ path: '$', message, ...(location ? { line: location.line, column: location.column, offset: location.offset } : {}) }],
    });
  }
}
