// Empty cells in a template CSV's required columns (an item row without its SKU), located by line and column like the key checks.
import { parse } from 'csv-parse/sync';
import type { ErrorDetail } from '../api/http-error.js';

/**
 * The xref parser only insists on a key; a row whose mapped value is empty would turn into an ERP line with no SKU,
 * so the wizard reports it before any dry run. Call with CSV text the xref parser already accepted.
 */
export function emptyRequiredCells(text: string, requiredColumns: readonly string[], at: string): ErrorDetail[] {
  const records = parse(text, { bom: true, skip_empty_lines: true, info: true }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  const [header, ...body] = records;
  if (!header) return [];
  const columns = header.record.map((name) => name.trim());
  const problems: ErrorDetail[] = [];
  for (const { record, info } of body) {
    for (const column of requiredColumns) {
      const index = columns.indexOf(column);
      if (index >= 0 && !(record[index] ?? '').trim()) problems.push({ path: at, message: `line ${info.lines}, column ${index + 1} ("${column}"): ${column} is empty` });
    }
  }
  return problems;
}
