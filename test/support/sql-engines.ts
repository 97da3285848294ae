// Both SQL engines for a test file: embedded SQLite in a temporary directory, and a fresh database on a real Postgres
// server that the file starts once (beforeAll) and kills at the end (afterAll). Call at the top level of the file.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openSqlDatabase, type SqlDatabase } from '../../runtime/store/sql/sql-database.js';
import { startPostgres, type PostgresServerProcess } from './postgres-server.js';

export interface SqlEngine {
  name: string;
  open(): Promise<SqlDatabase>;
}

export function bothSqlEngines(prefix: string): SqlEngine[] {
  let postgres: PostgresServerProcess | undefined;
  beforeAll(async () => { postgres = await startPostgres(); });
  afterAll(async () => { await postgres?.kill(); });
  return [
    { name: 'SQLite (embedded)', open: () => openSqlDatabase({ dataDir: mkdtempSync(path.join(tmpdir(), `tl-${prefix}-`)) }) },
    {
      name: 'Postgres',
      open: async () => {
        if (!postgres) throw new Error('Postgres is not started: call bothSqlEngines() at the top level of the test file');
        return openSqlDatabase({ dataDir: '/nonexistent', databaseUrl: await postgres.createDatabase(`${prefix}_${Math.random().toString(36).slice(2, 8)}`) });
      },
    },
  ];
}
