// Migration 004: one summary row per traced message (for the recent list) and per-node message data captured by TRADELANE_CAPTURE_DATA.
import type { Kysely, Migration } from 'kysely';

export const tracesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    // trace_hops (migration 001) holds the hops; this row answers "recent messages" without grouping millions of hops.
    await db.schema.createTable('traces')
      .addColumn('correlation_id', 'varchar(128)', (column) => column.primaryKey())
      .addColumn('first_at', 'bigint', (column) => column.notNull())
      .addColumn('last_at', 'bigint', (column) => column.notNull())
      .addColumn('hop_count', 'integer', (column) => column.notNull())
      // 0 or 1: any hop was an error.
      .addColumn('failed', 'integer', (column) => column.notNull())
      .execute();
    await db.schema.createIndex('traces_first').on('traces').column('first_at').execute();

    // The message as it entered and left one node (masked, capped JSON of CapturedValue), kept per the capture policy.
    await db.schema.createTable('trace_data')
      .addColumn('correlation_id', 'varchar(128)', (column) => column.notNull())
      .addColumn('seq', 'bigint', (column) => column.notNull())
      .addColumn('node_id', 'varchar(64)', (column) => column.notNull())
      .addColumn('flow_id', 'varchar(64)')
      .addColumn('at', 'bigint', (column) => column.notNull())
      .addColumn('input', 'text')
      .addColumn('outputs', 'text')
      .addColumn('error', 'text')
      .addPrimaryKeyConstraint('trace_data_pk', ['correlation_id', 'seq'])
      .execute();
    await db.schema.createIndex('trace_data_at').on('trace_data').column('at').execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of ['trace_data', 'traces']) await db.schema.dropTable(table).execute();
  },
};
