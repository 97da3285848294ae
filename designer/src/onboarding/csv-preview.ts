// A small CSV reader for the upload preview: records with the line they end on (as the server counts lines), quotes handled.
export interface CsvRecord {
  line: number;
  cells: string[];
}

/** Splits CSV text into records; blank lines are skipped like the server does. Never throws: the server has the last word. */
export function readCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let touched = false;
  const endRecord = () => {
    cells.push(cell);
    if (touched) records.push({ line, cells });
    cells = [];
    cell = '';
    touched = false;
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (char === '"') quoted = false;
      else { if (char === '\n') line++; cell += char; }
      continue;
    }
    if (char === '"') { quoted = true; touched = true; }
    else if (char === ',') { cells.push(cell); cell = ''; touched = true; }
    else if (char === '\r') continue;
    else if (char === '\n') { endRecord(); line++; }
    else { cell += char; touched = true; }
  }
  if (touched || cell) endRecord();
  return records;
}
