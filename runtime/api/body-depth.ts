// Refuses /api JSON bodies that nest too deeply, on the raw text before parsing, so no parser or schema check recurses through them.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_MAX_NESTING_DEPTH, jsonDepthViolation } from '../../nodes/sdk/index.js';
import { HttpError } from './http-error.js';

/**
 * A `verify` hook for express.json: body-parser calls it with the raw bytes before JSON.parse. Throwing an HttpError
 * answers 400 through the API's error handler (body-parser keeps the error's own status).
 */
export function rejectDeepJson(maxDepth: number = DEFAULT_MAX_NESTING_DEPTH) {
  return (_req: IncomingMessage, _res: ServerResponse, body: Buffer, encoding: string): void => {
    const violation = jsonDepthViolation(body.toString((encoding || 'utf8') as BufferEncoding), maxDepth);
    if (!violation) return;
    throw new HttpError(400, 'request body nests too deeply', [
      { path: '$', message: `nests deeper than ${maxDepth} levels at line ${violation.line}, column ${violation.column}` },
    ]);
  };
}
