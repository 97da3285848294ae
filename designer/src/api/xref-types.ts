// Cross-reference table types as /api/xref answers them (hand-written from runtime/api/xref-routes.ts).
export interface XrefSummary { name: string; version: number; rowCount: number; keyColumn: string; columns: string[] }
export interface XrefVersion { version: number; author?: string; createdAt?: string; rowCount?: number }
export interface XrefTable { name: string; version: number; keyColumn: string; columns: string[]; rows: Array<Record<string, string>> }
