// State the flows keep between jobs: desired values waiting to be written in batches (stock,
// prices), and the order lines Magento has taken, so published stock can subtract what Specter has
// not booked yet.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('pending_writes')
    .addColumn('connection_id', 'text', (c) => c.notNull())
    .addColumn('shop_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'jsonb', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('written_seq', 'bigint', (c) => c.notNull().defaultTo(-1))
    .addColumn('written_value', 'jsonb')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('pending_writes_pk', ['connection_id', 'shop_id', 'kind', 'key'])
    .execute();
  await db.schema
    .createIndex('pending_writes_due')
    .on('pending_writes')
    .columns(['connection_id', 'shop_id', 'kind'])
    .where(sql.ref('seq'), '>', sql.ref('written_seq'))
    .execute();

  await db.schema
    .createTable('open_order_lines')
    .addColumn('connection_id', 'text', (c) => c.notNull())
    .addColumn('shop_id', 'text', (c) => c.notNull())
    .addColumn('increment_id', 'text', (c) => c.notNull())
    .addColumn('sku', 'text', (c) => c.notNull())
    .addColumn('qty', 'numeric', (c) => c.notNull())
    .addColumn('booked', 'boolean', (c) => c.notNull().defaultTo(false))
    .addPrimaryKeyConstraint('open_order_lines_pk', ['connection_id', 'shop_id', 'increment_id', 'sku'])
    .execute();
  await db.schema
    .createIndex('open_order_lines_sku')
    .on('open_order_lines')
    .columns(['connection_id', 'shop_id', 'sku'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('open_order_lines').ifExists().execute();
  await db.schema.dropTable('pending_writes').ifExists().execute();
}
