// Maps the API's located problems ($.partnerId, $.params.isaId, $.params.tolerance.dateDays, CSV "line 3, column 1") onto form fields.
import type { Problem } from '../api/types';

export interface FieldProblem {
  /** Path below the parameter ("" for the parameter itself, ".dateDays" inside an object). */
  subPath: string;
  message: string;
}

export interface GroupedProblems {
  byParam: ReadonlyMap<string, FieldProblem[]>;
  partnerId: string[];
  name: string[];
  /** Problems that belong to no field (the generated flow, the flow id). */
  general: string[];
}

const PARAM_PATH = /^\$\.params\.([A-Za-z0-9_$-]+)(.*)$/;

export function groupProblems(problems: readonly Problem[]): GroupedProblems {
  const byParam = new Map<string, FieldProblem[]>();
  const grouped = { byParam, partnerId: [] as string[], name: [] as string[], general: [] as string[] };
  for (const problem of problems) {
    const path = problem.path ?? '';
    const param = PARAM_PATH.exec(path);
    if (param) {
      const list = byParam.get(param[1]!) ?? [];
      list.push({ subPath: param[2] ?? '', message: problem.message });
      byParam.set(param[1]!, list);
    } else if (path === '$.partnerId') grouped.partnerId.push(problem.message);
    else if (path === '$.name') grouped.name.push(problem.message);
    else grouped.general.push(`${path ? `${path}: ` : ''}${problem.nodeId ? `node ${problem.nodeId}: ` : ''}${problem.message}`);
  }
  return grouped;
}

export interface CsvLocation {
  /** 1-based CSV line; the header is line 1. */
  line: number;
  column?: number;
  message: string;
}

/** Reads "line 3, column 1 ("supplierItem"): duplicate key ..." (and "line 1: the header lacks ...") into a location. */
export function csvLocation(message: string): CsvLocation | null {
  const match = /^line (\d+)(?:, column (\d+))?(?: \("[^"]*"\))?: (.*)$/s.exec(message);
  if (!match) return null;
  return { line: Number(match[1]), ...(match[2] ? { column: Number(match[2]) } : {}), message: match[3]! };
}
