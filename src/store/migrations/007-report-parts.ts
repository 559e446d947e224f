// A report's entries in parts of a few thousand each, written while the run goes on: an initial
// sync of 50,000 articles no longer holds every entry in memory to store them as one document.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('report_parts')
    .addColumn('report_id', 'bigint', (c) => c.notNull().references('reports.id').onDelete('cascade'))
    .addColumn('part', 'integer', (c) => c.notNull())
    .addColumn('body', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('report_parts_pk', ['report_id', 'part'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('report_parts').ifExists().execute();
}
