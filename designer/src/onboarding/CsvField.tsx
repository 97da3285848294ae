// A cross-reference CSV parameter: upload a file or paste, preview the rows, and the server's problems marked at their line and column.
import { useMemo, type ChangeEvent, type ReactNode } from 'react';
import type { FieldProblem } from './problem-paths';
import { csvLocation, type CsvLocation } from './problem-paths';
import { readCsv } from './csv-preview';

interface CsvFieldProps {
  name: string;
  label: string;
  help: ReactNode;
  value: string;
  keyColumn: string;
  requiredColumns: string[];
  /** The template example's rows, shown as a placeholder so the analyst sees the shape without adopting the data. */
  example: string;
  problems: FieldProblem[];
  errorId: string;
  onChange(value: string | undefined): void;
}

const PREVIEW_ROWS = 8;

export function CsvField({ name, label, help, value, keyColumn, requiredColumns, example, problems, errorId, onChange }: CsvFieldProps) {
  const records = useMemo(() => readCsv(value), [value]);
  const located = useMemo(() => problems.map((p) => ({ problem: p, at: csvLocation(p.message) })), [problems]);
  const marks = located.map((entry) => entry.at).filter((at): at is CsvLocation => at !== null);

  async function upload(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (file) onChange(await file.text());
  }

  const [header, ...rows] = records;
  const shownRows = rowsToShow(rows, marks);
  return (
    <div className="field csv-field">
      <label className="field-label" htmlFor={`csv-${name}`}>{label}</label>
      {help}
      <small className="field-help">Header row required; key column <code>{keyColumn}</code>{requiredColumns.length ? <>; also {requiredColumns.map((c, i) => <span key={c}>{i ? ', ' : ''}<code>{c}</code></span>)}</> : null}.</small>
      <div className="csv-inputs">
        <input type="file" accept=".csv,text/csv,text/plain" aria-label={`Upload ${label}`} onChange={(e) => void upload(e)} />
        {value && <button type="button" className="link-button" aria-label={`Clear ${label}`} onClick={() => onChange(undefined)}>Clear</button>}
      </div>
      {!value && (
        <small className="field-help csv-example-hint" aria-label={`${label} hint`}>
          Starts empty: enter the new supplier's own rows. The greyed example is the template's sample partner, not data.
        </small>
      )}
      <textarea id={`csv-${name}`} aria-label={label} className="mono" rows={4} value={value} placeholder={example}
        aria-invalid={problems.length > 0} aria-describedby={problems.length ? errorId : undefined} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)} />
      {header && (
        <table className="csv-preview" aria-label={`${label} preview`}>
          <thead>
            <tr><th scope="col">line</th>{header.cells.map((cell, index) => <th key={index} scope="col" className={markClass(marks, header.line, index + 1)}>{cell}</th>)}</tr>
          </thead>
          <tbody>
            {shownRows.map((row) => (
              <tr key={row.line} data-line={row.line} className={marks.some((m) => m.line === row.line) ? 'csv-row-error' : undefined}>
                <th scope="row">{row.line}</th>
                {header.cells.map((_, index) => (
                  <td key={index} className={markClass(marks, row.line, index + 1)} data-column={index + 1}>{row.cells[index] ?? ''}</td>
                ))}
              </tr>
            ))}
          </tbody>
          <caption className="muted small">{rows.length} row{rows.length === 1 ? '' : 's'}{rows.length > shownRows.length ? `, ${shownRows.length} shown` : ''}</caption>
        </table>
      )}
      {problems.length > 0 && (
        <ul id={errorId} className="field-error" role="alert" aria-label={`${label} problems`}>
          {located.map(({ problem, at }, index) => (
            <li key={index}>{at ? <><strong>line {at.line}{at.column ? `, column ${at.column}` : ''}</strong>: {at.message}</> : problem.message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function markClass(marks: CsvLocation[], line: number, column: number): string | undefined {
  return marks.some((m) => m.line === line && (m.column === undefined || m.column === column)) ? 'csv-cell-error' : undefined;
}

/** The first rows, plus every row with a problem so the mark is always visible. */
function rowsToShow<T extends { line: number }>(rows: T[], marks: CsvLocation[]): T[] {
  return rows.filter((row, index) => index < PREVIEW_ROWS || marks.some((m) => m.line === row.line));
}
