// Checks the key headers a partner sends (Idempotency-Key, X-Correlation-Id): a bad value is refused, never truncated.
import type { InboundHead } from '../sdk/index.js';

/** 1 to 128 characters that survive logs, URLs, ERP headers and the signature's line-based canonical string unchanged. */
export const KEY_HEADER_PATTERN = /^[A-Za-z0-9._:@/+=-]{1,128}$/;
export const KEY_HEADERS = ['Idempotency-Key', 'X-Correlation-Id'] as const;

export interface HeaderProblem {
  path: string;
  message: string;
}

function problemOf(name: string, value: string | string[]): HeaderProblem | undefined {
  const path = `header.${name}`;
  if (Array.isArray(value)) return { path, message: 'is sent more than once; send it once' };
  if (value.length > 128) return { path, message: `is ${value.length} characters long; at most 128 are allowed` };
  if (!KEY_HEADER_PATTERN.test(value)) return { path, message: 'must be 1 to 128 characters of A-Z a-z 0-9 . _ : @ / + = -' };
  return undefined;
}

/** Every key header present with a value that is not allowed, with its location. */
export function keyHeaderProblems(request: InboundHead): HeaderProblem[] {
  const problems: HeaderProblem[] = [];
  for (const name of KEY_HEADERS) {
    const value = request.headers[name.toLowerCase()];
    if (value === undefined) continue;
    const problem = problemOf(name, value);
    if (problem) problems.push(problem);
  }
  return problems;
}
