// Console table rendering for bench results: right-aligned numbers, left-aligned text, a rule under the header.

export type Cell = string | number | undefined;

/** Formats a number for the table: thousands separators, a fixed number of decimals, "-" for nothing. */
export function formatNumber(value: number | undefined, decimals = 0): string {
  if (value === undefined || !Number.isFinite(value)) return '-';
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

export function formatRatio(value: number | undefined): string {
  return value === undefined ? '-' : `${value.toFixed(2)}x`;
}

function isNumeric(cell: Cell): boolean {
  return typeof cell === 'number' || (typeof cell === 'string' && /^[-+]?[\d,.]+\s*(x|%|MB\/s|ms|MB)?$/.test(cell.trim()) && cell.trim() !== '-');
}

/** Renders rows under a header as aligned plain-text columns. */
export function renderTable(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const text = (cell: Cell) => (cell === undefined ? '-' : typeof cell === 'number' ? formatNumber(cell) : cell);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => text(row[column]).length)));
  const line = (cells: readonly Cell[]) =>
    widths.map((width, column) => {
      const cell = cells[column];
      const value = text(cell);
      return column > 0 && isNumeric(cell) ? value.padStart(width) : value.padEnd(width);
    }).join('  ').trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

/** Renders the same rows as a GitHub-flavoured Markdown table, for docs/performance.md. */
export function renderMarkdownTable(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const text = (cell: Cell) => (cell === undefined ? '-' : typeof cell === 'number' ? formatNumber(cell) : cell).replace(/\|/g, '\\|');
  const align = header.map((_title, column) => (column > 0 && rows.some((row) => isNumeric(row[column])) ? '---:' : '---'));
  return [`| ${header.join(' | ')} |`, `| ${align.join(' | ')} |`, ...rows.map((row) => `| ${header.map((_t, column) => text(row[column])).join(' | ')} |`)].join('\n');
}
