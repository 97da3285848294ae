// Where a JSON text first goes wrong (offset, line, column): V8's JSON.parse message often names no position
// ("Unexpected token 'x', ... is not valid JSON"), so a sample error could not be pointed at without this scanner.

export interface JsonErrorLocation {
  message: string;
  offset: number;
  /** 1-based, as editors show them. */
  line: number;
  column: number;
}

class JsonScanError extends Error {
  constructor(message: string, readonly offset: number) { super(message); }
}

class Scanner {
  private pos = 0;
  constructor(private readonly text: string) {}

  document(): void {
    this.value();
    this.space();
    if (this.pos < this.text.length) this.fail('unexpected text after the JSON value');
  }

  private fail(message: string): never {
    throw new JsonScanError(message, this.pos);
  }

  private space(): void {
    while (this.pos < this.text.length && ' \t\n\r'.includes(this.text[this.pos]!)) this.pos++;
  }

  private value(): void {
    this.space();
    const c = this.text[this.pos];
    if (c === undefined) this.fail('unexpected end of JSON');
    if (c === '{') this.object();
    else if (c === '[') this.array();
    else if (c === '"') this.string();
    else if (c === '-' || (c >= '0' && c <= '9')) this.number();
    else if (!['true', 'false', 'null'].some((word) => this.literal(word))) this.fail(`unexpected character ${JSON.stringify(c)}`);
  }

  private literal(word: string): boolean {
    if (!this.text.startsWith(word, this.pos)) return false;
    this.pos += word.length;
    return true;
  }

  private expect(char: string, what: string): void {
    this.space();
    if (this.text[this.pos] !== char) this.fail(`expected ${what}`);
    this.pos++;
  }

  private object(): void {
    this.pos++;
    this.space();
    if (this.text[this.pos] === '}') { this.pos++; return; }
    for (;;) {
      this.space();
      if (this.text[this.pos] !== '"') this.fail('expected a property name in double quotes');
      this.string();
      this.expect(':', "':' after the property name");
      this.value();
      this.space();
      if (this.text[this.pos] === ',') { this.pos++; continue; }
      this.expect('}', "',' or '}' after a property value");
      return;
    }
  }

  private array(): void {
    this.pos++;
    this.space();
    if (this.text[this.pos] === ']') { this.pos++; return; }
    for (;;) {
      this.value();
      this.space();
      if (this.text[this.pos] === ',') { this.pos++; continue; }
      this.expect(']', "',' or ']' after an array element");
      return;
    }
  }

  private string(): void {
    this.pos++;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos]!;
      if (c === '"') { this.pos++; return; }
      if (c === '\n') this.fail('unterminated string');
      this.pos += c === '\\' ? 2 : 1;
    }
    this.fail('unterminated string');
  }

  private number(): void {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.pos));
    if (!match) this.fail('invalid number');
    this.pos += match[0].length;
  }
}

/** Line and column (1-based) of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/** null when `text` is valid JSON; otherwise the first problem and where it is. */
export function locateJsonError(text: string): JsonErrorLocation | null {
  try {
    JSON.parse(text);
    return null;
  } catch {
    // fall through to the scanner for a position
  }
  try {
    new Scanner(text).document();
    return { message: 'not valid JSON', offset: 0, line: 1, column: 1 };
  } catch (err) {
    if (!(err instanceof JsonScanError)) throw err;
    return { message: err.message, offset: err.offset, ...lineColumn(text, err.offset) };
  }
}
