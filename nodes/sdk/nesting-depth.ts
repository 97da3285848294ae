// Nesting-depth limits for untrusted documents: checked on the raw text before parsing, and on parsed values without recursion.

/** Default deepest nesting accepted from partners and API clients; real business documents stay far below it. */
export const DEFAULT_MAX_NESTING_DEPTH = 64;

export interface DepthViolation {
  depth: number;
  line: number;
  column: number;
}

/**
 * Finds where JSON text (or any text with {}/[] nesting, outside strings) first goes deeper than maxDepth.
 * One pass, no recursion, so a hostile body of 100,000 levels costs a scan, not a stack overflow.
 */
export function jsonDepthViolation(text: string, maxDepth: number = DEFAULT_MAX_NESTING_DEPTH): DepthViolation | undefined {
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 10 /* \n */) { line++; lineStart = i + 1; }
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      depth++;
      if (depth > maxDepth) return { depth, line, column: i - lineStart + 1 };
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth = Math.max(0, depth - 1);
  }
  return undefined;
}

/** Depth of a parsed value (a scalar is 0, {} or [] is 1), walked with an explicit stack; stops counting past maxDepth. */
export function valueDepthExceeds(value: unknown, maxDepth: number = DEFAULT_MAX_NESTING_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth + 1 > maxDepth) return true;
    for (const child of Object.values(current as Record<string, unknown>)) stack.push([child, depth + 1]);
  }
  return false;
}
