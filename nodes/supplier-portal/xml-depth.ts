// Element nesting depth of XML text, found in one pass without recursion, so a hostile body costs a scan and never reaches the parser.
import type { DepthViolation } from '../sdk/index.js';

/** Skips markup that does not open or close an element: comments, CDATA, processing instructions and declarations. */
const SKIPPED: ReadonlyArray<readonly [string, string]> = [['<!--', '-->'], ['<![CDATA[', ']]>'], ['<?', '?>'], ['<!', '>']];

class Scanner {
  line = 1;
  private lineStart = 0;
  constructor(private readonly text: string) {}

  column(at: number): number {
    return at - this.lineStart + 1;
  }

  /** Index just past `end` from `from`, counting the lines passed; the text's end when `end` never comes. */
  skipPast(from: number, end: string): number {
    const found = this.text.indexOf(end, from);
    const stop = found === -1 ? this.text.length : found + end.length;
    this.countLines(from, stop);
    return stop;
  }

  /** Index just past the '>' that ends a tag, ignoring '>' inside quoted attribute values. */
  tagEnd(from: number): number {
    let quote = 0;
    for (let i = from; i < this.text.length; i++) {
      const c = this.text.charCodeAt(i);
      if (c === 10) this.newLine(i);
      if (quote) { if (c === quote) quote = 0; } else if (c === 34 || c === 39) quote = c;
      else if (c === 62) return i + 1;
    }
    return this.text.length;
  }

  newLine(at: number): void {
    this.line++;
    this.lineStart = at + 1;
  }

  private countLines(from: number, to: number): void {
    for (let i = this.text.indexOf('\n', from); i !== -1 && i < to; i = this.text.indexOf('\n', i + 1)) this.newLine(i);
  }
}

/** Where XML text first nests elements deeper than maxDepth (line and column of the opening '<'), else undefined. */
export function xmlDepthViolation(text: string, maxDepth: number): DepthViolation | undefined {
  const scan = new Scanner(text);
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 10) scan.newLine(i);
    if (c !== 60 /* < */) { i++; continue; }
    const skipped = SKIPPED.find(([start]) => text.startsWith(start, i));
    if (skipped) { i = scan.skipPast(i + skipped[0].length, skipped[1]); continue; }
    const at = i;
    const where = { line: scan.line, column: scan.column(at) };
    i = scan.tagEnd(i + 1);
    if (text.charCodeAt(at + 1) === 47 /* / */) { depth = Math.max(0, depth - 1); continue; }
    if (text.charCodeAt(i - 2) === 47) continue; // <empty/>
    depth++;
    if (depth > maxDepth) return { depth, ...where };
  }
  return undefined;
}
