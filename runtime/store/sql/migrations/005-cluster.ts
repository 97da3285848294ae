// Migration 005: job leases (a scheduled job runs on one runtime per interval) and the runtimes' heartbeats (GET /api/cluster).
import type { Kysely, Migration } from 'kysely';

export const clusterMigration: Migration = {
  async up(db: Kysely<unknown>) {
    // One row per job: who holds it and until when (epoch ms). A runtime that dies stops renewing; its lease runs out.
    await db.schema.createTable('job_leases')
      .addColumn('name', 'varchar(64)', (column) => column.primaryKey())
      .addColumn('owner', 'varchar(64)', (column) => column.notNull())
      .addColumn('until', 'bigint', (column) => column.notNull())
      .addColumn('acquired_at', 'bigint', (column) => column.notNull())
      .execute();
    // One row per runtime process that ever started on this store; a heartbeat older than the staleness window means gone.
    await db.schema.createTable('runtimes')
      .addColumn('id', 'varchar(64)', (column) => column.primaryKey())
      .addColumn('pid', 'integer', (column) => column.notNull())
      .addColumn('url', 'varchar(256)', (column) => column.notNull())
      .addColumn('version', 'varchar(32)', (column) => column.notNull())
      .addColumn('started_at', 'bigint', (column) => column.notNull())
      .addColumn('heartbeat_at', 'bigint', (column) => column.notNull())
      // JSON: { flowId: version } of the flows running there.
      .addColumn('flows_version', 'text', (column) => column.notNull())
      .addColumn('consumed_per_second', 'real', (column) => column.notNull())
      // 0 or 1, and why not (JSON string array).
      .addColumn('ready', 'integer', (column) => column.notNull())
      .addColumn('problems', 'text', (column) => column.notNull())
      .addColumn('stopped_at', 'bigint')
      .execute();
    await db.schema.createIndex('runtimes_heartbeat').on('runtimes').column('heartbeat_at').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('runtimes').execute();
    await db.schema.dropTable('job_leases').execute();
  },
};
