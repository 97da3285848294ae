// Migration 003: the exceptions work queue (mismatches a node opened, their assignee and resolution), searchable business-key tokens, and comments.
import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';

export const exceptionsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.createTable('exceptions')
      .addColumn('id', 'varchar(40)', (column) => column.primaryKey())
      .addColumn('kind', 'varchar(64)', (column) => column.notNull())
      .addColumn('status', 'varchar(16)', (column) => column.notNull())
      .addColumn('correlation_id', 'varchar(128)', (column) => column.notNull())
      .addColumn('partner_id', 'varchar(64)')
      .addColumn('flow_id', 'varchar(64)')
      .addColumn('node_id', 'varchar(64)')
      .addColumn('document_id', 'varchar(40)')
      .addColumn('po_number', 'varchar(128)')
      .addColumn('ack_number', 'varchar(128)')
      .addColumn('shipment_id', 'varchar(128)')
      .addColumn('invoice_number', 'varchar(128)')
      .addColumn('customer_order_number', 'varchar(128)')
      .addColumn('summary', 'text', (column) => column.notNull())
      .addColumn('details', 'text', (column) => column.notNull())
      .addColumn('assignee', 'varchar(64)')
      // Hash of kind, correlation id, node and document while the exception is unresolved, null after: the unique index makes open() idempotent even across runtimes.
      .addColumn('open_key', 'varchar(64)')
      .addColumn('opened_at', 'bigint', (column) => column.notNull())
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .addColumn('resolved_at', 'bigint')
      .addColumn('resolved_by', 'varchar(64)')
      .addColumn('resolution', 'text')
      .execute();
    await db.schema.createIndex('exceptions_open_key').on('exceptions').column('open_key').unique().execute();
    await db.schema.createIndex('exceptions_opened').on('exceptions').column('opened_at').execute();
    await db.schema.createIndex('exceptions_status_opened').on('exceptions').columns(['status', 'opened_at']).execute();
    await db.schema.createIndex('exceptions_partner_opened').on('exceptions').columns(['partner_id', 'opened_at']).execute();
    await db.schema.createIndex('exceptions_assignee').on('exceptions').column('assignee').execute();
    await db.schema.createIndex('exceptions_po').on('exceptions').column('po_number').execute();
    await db.schema.createIndex('exceptions_correlation').on('exceptions').column('correlation_id').execute();

    // The same word-prefix key search as the document ledger (document_keys): "1001" finds the exception of "PO-1001".
    const byteOrder = db.getExecutor().adapter instanceof PostgresAdapter;
    await db.schema.createTable('exception_keys')
      .addColumn('token', 'varchar(128)', (column) => (byteOrder ? column.modifyFront(sql`collate "C"`) : column).notNull())
      .addColumn('exception_id', 'varchar(40)', (column) => column.notNull())
      .addColumn('key_name', 'varchar(32)', (column) => column.notNull())
      .addPrimaryKeyConstraint('exception_keys_pk', ['token', 'exception_id', 'key_name'])
      .execute();
    await db.schema.createIndex('exception_keys_exception').on('exception_keys').column('exception_id').execute();

    await db.schema.createTable('exception_comments')
      .addColumn('id', 'varchar(40)', (column) => column.primaryKey())
      .addColumn('exception_id', 'varchar(40)', (column) => column.notNull())
      .addColumn('author', 'varchar(64)', (column) => column.notNull())
      .addColumn('text', 'text', (column) => column.notNull())
      .addColumn('at', 'bigint', (column) => column.notNull())
      .execute();
    await db.schema.createIndex('exception_comments_exception').on('exception_comments').columns(['exception_id', 'at']).execute();
  },
  async down(db: Kysely<unknown>) {
    for (const table of ['exception_comments', 'exception_keys', 'exceptions']) await db.schema.dropTable(table).execute();
  },
};
