// Compiles a JSONata expression once (at create time) and evaluates it per message, with located, coded errors.
import jsonata from 'jsonata';
import { NodeError } from './errors.js';

export interface CompiledExpression {
  readonly source: string;
  evaluate(input: unknown, bindings?: Record<string, unknown>): Promise<unknown>;
}

interface JsonataError {
  code?: string;
  message?: string;
  position?: number;
  token?: string;
}

/** Line and column (1-based) of a character offset, for editor markers. */
export function lineColumnOf(source: string, position: number): { line: number; column: number } {
  const before = source.slice(0, Math.max(0, position));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

function locate(source: string, raw: JsonataError): Record<string, unknown> {
  const details: Record<string, unknown> = { expressionCode: raw.code };
  if (typeof raw.position === 'number') Object.assign(details, { position: raw.position }, lineColumnOf(source, raw.position));
  if (raw.token !== undefined) details.token = raw.token;
  return details;
}

/** Throws NodeError('JSONATA_SYNTAX') with position, line, column and token when the expression does not compile. */
export function compileExpression(source: string, label = 'expression'): CompiledExpression {
  let compiled: ReturnType<typeof jsonata>;
  try {
    compiled = jsonata(source);
  } catch (thrown) {
    const raw = thrown as JsonataError;
    throw new NodeError('JSONATA_SYNTAX', `${label}: ${raw.message ?? String(thrown)}`, { details: locate(source, raw) });
  }
  return {
    source,
    async evaluate(input, bindings) {
      try {
        return await compiled.evaluate(input, bindings);
      } catch (thrown) {
        // JSONata throws plain objects; Node-RED would print "[object Object]" for them.
        const raw = thrown as JsonataError;
        throw new NodeError('JSONATA_ERROR', `${label}: ${raw.message ?? String(thrown)}`, { details: locate(source, raw) });
      }
    },
  };
}
